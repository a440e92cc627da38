# Helpers for the tests that run private log daemons (rsyslog.sh,
# syslog-ng.sh), sourced after lib.sh.

# The daemons a test starts go in pids; at exit each is killed by its
# pid (never by name: the machine's own daemons are left alone).
pids=()
kill_daemons() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2> /dev/null
	done
	rm -rf "$TMP"
}
trap kill_daemons EXIT

# A free TCP port on 127.0.0.1: nothing answers on it.
free_port() {
	local p
	for p in $(shuf -i 20000-60000 -n 50); do
		if ! listening "$p"; then
			echo "$p"
			return
		fi
	done
}

# wait_for TRIES CMD...: poll CMD every 0.1 s, at most TRIES times.
wait_for() {
	local n=$1
	shift
	while ! "$@"; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || return 1
		sleep 0.1
	done
}

listening() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
has_lines() { [ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ]; }
