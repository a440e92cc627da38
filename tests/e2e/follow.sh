# Following files: every scenario uses a writer that numbers its lines
# and checks that each line comes out exactly once, annotated, and in
# order per file.  Usage: follow.sh SCENARIO (see the case at the end).
. "$(dirname "$0")/lib.sh"

cd "$TMP" || exit 1
FPID=

# follow ARGS...: start rcannotate in the background on ARGS.
follow() {
	: > out
	"$RC" "$@" > out 2> err &
	FPID=$!
}

# unfollow: stop it with SIGTERM (it writes what it read first).
unfollow() {
	kill -TERM "$FPID" 2> /dev/null
	wait "$FPID" 2> /dev/null
}

# wait_for N [SECS]: until the output has N lines (default 5 s).
wait_for() {
	local n=$1 tries=$((${2:-5} * 20))
	while [ "$(wc -l < out)" -lt "$n" ] && [ "$tries" -gt 0 ]; do
		sleep 0.05
		tries=$((tries - 1))
	done
}

# line G N: the numbered line N of writer G (a glog line for code 100).
line() {
	printf 'W1203 10:00:00.000001 12345 tablet_impl.cc:100] %s seq %06d' \
	    "$1" "$2"
	printf ' table is not exist. tid 4, pid 0\n'
}

# check_writer NAME G COUNT: lines of writer G are seq 1..COUNT, each
# once, in order, each annotated.
check_writer() {
	local got want
	got=$(grep -a " $2 seq " out | sed 's/.* seq \([0-9]*\) .*/\1/' |
	    tr '\n' ' ')
	want=$(seq -f '%06g' 1 "$3" | tr '\n' ' ')
	check "$1: lines of $2 once and in order" "$want" "$got"
	check "$1: lines of $2 annotated" "$3" "$(grep -a " $2 seq " out |
	    grep -c '\[tablet 100: table is not exist\]')"
}

scenario_rename() {
	line old 1 > app.log
	follow -F -n +1 app.log
	wait_for 1
	exec 3>> app.log
	line old 2 >&3
	mv app.log app.log.1
	line old 3 >&3
	line new 1 > app.log
	sleep 1
	line old 4 >&3
	exec 3>&-
	line new 2 >> app.log
	wait_for 6
	unfollow
	check_writer rename old 4
	check_writer rename new 2
	check "rename: total" 6 "$(wc -l < out)"
}

# logrotate-style rename + create every 200 ms for 5 s, while a writer
# writes through its open descriptor and reopens after each rotation.
scenario_rotate_often() {
	local g=1 n=0 end
	: > app.log
	follow -F -n +1 app.log
	sleep 0.3
	exec 3>> app.log
	end=$(($(now_ms) + 5000))
	next=$(($(now_ms) + 200))
	while [ "$(now_ms)" -lt "$end" ]; do
		n=$((n + 1))
		line "g$g" "$n" >&3
		if [ "$(now_ms)" -ge "$next" ]; then
			mv app.log "app.log.$g"
			n=$((n + 1))
			line "g$g" "$n" >&3	# after the rename
			g=$((g + 1))
			exec 3> app.log
			n=0
			next=$(($(now_ms) + 200))
		fi
		sleep 0.01
	done
	exec 3>&-
	total=$(cat app.log* | wc -l)
	wait_for "$total" 8
	unfollow
	check "rotate often: generations" 1 $((g >= 15))
	check "rotate often: in writing order across files" "$(grep -ao \
	    ' g[0-9]* seq [0-9]*' out | sort -t g -k2,2n -k3,3 | sort -s -n \
	    -t g -k2 | tr '\n' ' ')" "$(grep -ao ' g[0-9]* seq [0-9]*' out |
	    tr '\n' ' ')"
	check "rotate often: total lines" "$total" "$(wc -l < out)"
	for i in $(seq 1 "$g"); do
		check_writer "rotate often" "g$i" \
		    "$(cat app.log* | grep -c " g$i seq ")"
	done
}

scenario_copytruncate() {
	local i
	for i in 1 2 3; do line old "$i"; done > app.log
	follow -F -n +1 app.log
	wait_for 3
	cp app.log app.log.1
	: > app.log
	for i in 1 2 3 4 5 6; do
		line new "$i"
	done | head -c 500 > burst
	cat burst >> app.log	# 500 bytes at once, past the old size
	wait_for 8
	sleep 0.3
	unfollow
	check_writer copytruncate old 3
	check "copytruncate: new bytes once" "$(cat burst)" \
	    "$(sed 1,3d out | sed 's/ \[tablet 100: table is not exist\]//')"
	check "copytruncate: notice" "rcannotate: app.log: file truncated" \
	    "$(cat err)"
}

scenario_recreate() {
	line old 1 > app.log
	follow -F -n +1 app.log
	wait_for 1
	rm app.log
	line new 1 > app.log
	wait_for 2
	sleep 0.5
	unfollow
	check "recreate: same size" "$(wc -c < app.log)" \
	    "$(line old 1 | wc -c)"
	check_writer recreate old 1
	check_writer recreate new 1
	check "recreate: total" 2 "$(wc -l < out)"
}

# Missing at start, and a slow safety net (-s 30): only inotify can make
# the lines appear quickly.
scenario_missing() {
	local start ms
	follow -F -s 30 app.log
	sleep 0.3
	start=$(now_ms)
	line new 1 > app.log
	line new 2 >> app.log
	wait_for 2
	ms=$(($(now_ms) - start))
	unfollow
	check_writer missing new 2
	if [ "$ms" -lt 1500 ]; then pass; else fail "missing: took $ms ms"; fi
	check "missing: notices" "rcannotate: cannot open 'app.log' for \
reading: No such file or directory
rcannotate: 'app.log' has appeared; following new file" "$(cat err)"
}

scenario_symlink() {
	line first 1 > tablet.info.log.1
	ln -s tablet.info.log.1 tablet.INFO
	follow -F -n +1 -s 30 tablet.INFO
	wait_for 1
	line first 2 >> tablet.info.log.1
	wait_for 2
	line second 1 > tablet.info.log.2
	ln -sfn tablet.info.log.2 tablet.INFO
	line second 2 >> tablet.info.log.2
	wait_for 4
	line first 3 >> tablet.info.log.1	# drained for --rotate-wait
	wait_for 5
	unfollow
	check_writer symlink first 3
	check_writer symlink second 2
}

# A writer that flushes half a line, then the rest: one line, annotated
# for the whole message (300 and 454 must not be cut short).
scenario_partial() {
	local p='W1203 10:00:00.000004 12345 name_server_impl.cc:9040]'
	: > app.log
	follow -f app.log
	sleep 0.3
	printf '%s cur nameserver is no' "$p" >> app.log
	sleep 1
	printf 't leader\n' >> app.log
	printf '%s cur nameserver is not leader' "$p" >> app.log
	sleep 1
	printf ' mode\n' >> app.log
	wait_for 2
	unfollow
	check "partial: lines" "$p cur nameserver is not leader [nameserver \
300: nameserver is not leader]
$p cur nameserver is not leader mode [replica-cluster 454: cur nameserver \
is not leader mdoe]" "$(cat out)"
}

scenario_partial_timeout() {
	: > app.log
	follow -f --partial-timeout 0.3 app.log
	sleep 0.3
	printf 'first table is not exist' >> app.log
	sleep 1
	printf ' and more\nsecond table is not exist\n' >> app.log
	wait_for 2
	unfollow
	check "partial timeout: released unannotated, never twice" \
	    "first table is not exist and more
second table is not exist [tablet 100: table is not exist]" "$(cat out)"
}

scenario_pid() {
	local start ms status
	line old 1 > app.log
	sleep 1 &
	start=$(now_ms)
	"$RC" -f -n +1 -s 0.1 --pid $! app.log > out 2> err
	status=$?
	ms=$(($(now_ms) - start))
	check "pid: status" 0 "$status"
	check_writer pid old 1
	if [ "$ms" -lt 2500 ] && [ "$ms" -ge 900 ]; then
		pass
	else
		fail "pid: ended after $ms ms"
	fi
}

# Two files: tail's headers whenever the source changes, or --prefix.
scenario_headers() {
	echo 'a: table is not exist' > a.log
	echo 'b: no alive follower' > b.log
	follow -f -n +1 a.log b.log
	wait_for 5
	echo 'a again' >> a.log
	wait_for 8
	unfollow
	check "headers" "==> a.log <==
a: table is not exist [tablet 100: table is not exist]

==> b.log <==
b: no alive follower [nameserver 310: no alive follower]

==> a.log <==
a again" "$(cat out)"
	follow -f -n +1 --prefix a.log b.log
	wait_for 3
	echo 'b again' >> b.log
	wait_for 4
	unfollow
	check "prefix" "a.log: a: table is not exist [tablet 100: table is \
not exist]
a.log: a again
b.log: b: no alive follower [nameserver 310: no alive follower]
b.log: b again" "$(cat out)"
	follow -f -q -n 1 a.log b.log
	wait_for 2
	unfollow
	check "-q and -n 1" "a again
b again" "$(cat out)"
}

scenario_lines() {
	local i
	for i in $(seq 1 15); do line old "$i"; done > app.log
	printf 'no newline' >> app.log
	follow -f app.log
	wait_for 9
	sleep 0.3
	unfollow
	check "-n default 10" "$( (tail -n 10 app.log; echo) |
	    sed 's/table is not exist\./table is not exist [tablet 100: table is not exist]./')" \
	    "$(cat out; echo)"
	follow -f -n +14 --line-number app.log
	wait_for 2
	unfollow
	check "-n +14 --line-number" "14 15" "$(cut -d: -f1 out | head -n 2 |
	    tr '\n' ' ' | sed 's/ $//')"
	sed -i 's/^[0-9]*://' out
	check "-n +14" "$(sed -n '14,$p' app.log |
	    sed 's/table is not exist\./table is not exist [tablet 100: table is not exist]./')" \
	    "$(cat out)"
}

# -f follows the open file: after a rename it stays with it.
scenario_descriptor() {
	line old 1 > app.log
	follow -f -n +1 app.log
	wait_for 1
	exec 3>> app.log
	mv app.log app.log.1
	line old 2 >&3
	line new 1 > app.log
	sleep 0.5
	line old 3 >&3
	exec 3>&-
	wait_for 3
	sleep 0.5
	unfollow
	check_writer descriptor old 3
	check "descriptor: new file not read" 0 "$(grep -c ' new seq ' out)"
	check "descriptor: no notices" "" "$(cat err)"
}

# --poll: no inotify, the timer alone finds growth and rotation.
scenario_poll() {
	line old 1 > app.log
	follow -F --poll -s 0.1 -n +1 app.log
	wait_for 1
	line old 2 >> app.log
	mv app.log app.log.1
	line new 1 > app.log
	wait_for 3
	unfollow
	check_writer poll old 2
	check_writer poll new 1
}

# 100 files at once; memory does not grow with the lines read.
scenario_many() {
	local i j
	for i in $(seq 1 100); do : > "f$i.log"; done
	follow -F -q -n +1 f*.log
	sleep 0.5
	for j in $(seq 1 20); do
		for i in $(seq 1 100); do line "w$i" "$j" >> "f$i.log"; done
	done
	wait_for 2000 10
	rss1=$(awk '/VmRSS/ { print $2 }' "/proc/$FPID/status")
	for j in $(seq 21 60); do
		for i in $(seq 1 100); do line "w$i" "$j" >> "f$i.log"; done
	done
	wait_for 6000 20
	rss2=$(awk '/VmRSS/ { print $2 }' "/proc/$FPID/status")
	unfollow
	check "many: lines" 6000 "$(wc -l < out)"
	for i in 1 50 100; do
		check_writer many "w$i" 60
	done
	if [ "$rss2" -le $((rss1 + 1024)) ] && [ "$rss2" -lt 32768 ]; then
		pass
	else
		fail "many: RSS grew from $rss1 to $rss2 KiB"
	fi
}

# -f --retry waits for a missing file, then follows its descriptor;
# without --retry a missing file is not followed, and with nothing left
# to follow rcannotate ends with status 1.
scenario_retry() {
	local status
	follow -f --retry -n +1 app.log
	sleep 0.3
	line new 1 > app.log
	wait_for 1
	unfollow
	check_writer retry new 1
	rm app.log
	timeout 5 "$RC" -f app.log > out 2> err
	status=$?
	check "no retry: status" 1 "$status"
	check "no retry: message" "rcannotate: cannot open 'app.log' for \
reading: No such file or directory" "$(cat err)"
	mkfifo fifo
	timeout 5 "$RC" -f fifo > out 2> err
	status=$?
	check "fifo: status" 1 "$status"
	check "fifo: message" \
	    "rcannotate: 'fifo' is not a regular file; it cannot be followed" \
	    "$(cat err)"
}

# A file that ends in the middle of a line and is then rotated or
# truncated: the partial line comes out as a line of its own.
scenario_partial_rotated() {
	printf 'La 1\nLa 2 partial' > q.log
	follow -F -n +1 --rotate-wait 0.5 q.log
	wait_for 1
	mv q.log q.log.1
	echo 'Lb 1' > q.log
	sleep 1.2
	echo 'Lb 2' >> q.log
	wait_for 4
	unfollow
	check "partial, rotated" "La 1
Lb 1
La 2 partial
Lb 2" "$(cat out)"
	printf 'Lc 1\nLc 2 partial' > t.log
	follow -F -n +1 t.log
	wait_for 1
	: > t.log
	printf 'Ld 1\nLd 2\n' >> t.log
	wait_for 4
	unfollow
	check "partial, truncated" "Lc 1
Lc 2 partial
Ld 1
Ld 2" "$(cat out)"
}

# Ends: a reader that went away while nothing was written, a watched
# directory that is missing (used to abort), a directory replaced.
scenario_ends() {
	local start ms status dead
	echo x > h.log
	start=$(now_ms)
	timeout 10 "$RC" -F -n +1 h.log | head -n 1 > /dev/null
	status=${PIPESTATUS[0]}
	ms=$(($(now_ms) - start))
	check "idle reader gone: status" 0 "$status"
	if [ "$ms" -lt 3000 ]; then pass; else fail "idle reader: $ms ms"; fi
	dead=$(sh -c 'echo $$')		# a process that has ended
	timeout 10 "$RC" -F nodir/x.log --pid="$dead" > out 2> err
	check "missing directory, --pid gone: status" 1 $?
	mkdir d2
	echo a > d2/log
	follow -F -n +1 -s 0.2 d2/log
	wait_for 1
	rm -rf d2
	sleep 0.5
	mkdir d2
	echo b > d2/log
	wait_for 2
	sleep 0.5
	echo c >> d2/log
	wait_for 3
	unfollow
	check "directory replaced" "a
b
c" "$(cat out)"
}

# A file read from its start: runs of lines that name nothing are copied
# at once, and the output equals a plain run over the same bytes, both
# for what is there at the start and for what is appended later.
scenario_runs() {
	local i
	for i in $(seq 1 200); do
		printf 'I1203 10:00:00.000001 12345 x.cc:1] plain line %d\n' "$i"
		[ $((i % 50)) -eq 0 ] && line runs "$i"
		[ $((i % 70)) -eq 0 ] &&
		    printf 'table \033[1mis not exist\033[0m\n'
	done > log
	follow -f -n +1 log
	wait_for "$(wc -l < log)" 10
	cat log > log.2
	cat log.2 >> log
	wait_for "$(wc -l < log)" 10
	unfollow
	"$RC" < log > want
	check_files "runs: followed output equals a plain run" want out
	check "runs: escape-split message annotated" 4 \
	    "$(grep -a "$(printf '\033')" out | grep -c '\[tablet 100')"
}

# The reader goes away while the file's first read is still going out:
# rcannotate -f must notice and end, not follow on for nobody.
scenario_head() {
	local i
	for i in $(seq 1 60000); do
		printf 'plain line number %08d\n' "$i"
	done > log
	timeout 20 sh -c '"$1" -f -n +1 log | head -1' sh "$RC" > first
	check "head: rcannotate -f | head -1 ends" 0 $?
	check "head: the first line" "plain line number 00000001" \
	    "$(cat first)"
}

case ${1:-} in
head|runs|rename|rotate_often|copytruncate|recreate|missing|symlink|partial|\
partial_timeout|pid|headers|lines|descriptor|poll|many|retry|\
partial_rotated|ends)
	"scenario_$1"
	;;
*)
	echo "usage: follow.sh SCENARIO" >&2
	exit 2
	;;
esac
finish
