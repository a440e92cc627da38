# Shared helpers for the end-to-end tests.  Each test script sources this
# file, runs its checks and ends with "finish".  The environment gives:
#   RCANNOTATE  the binary under test
#   BIGWRITE    tests/tools/bigwrite
#   SRCDIR      the source tree
#   SANITIZED   1 in an ASan/UBSan build, whose memory use is no measure
set -u
: "${RCANNOTATE:?}" "${SRCDIR:?}"
RC=$RCANNOTATE
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rcannotate-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passes=0
fails=0

# Sample lines (faults.md): codes 100, 307, 101 and 310.
L100='W1203 10:00:00.000001 12345 tablet_impl.cc:100] table is not exist. tid 4, pid 0'
L307='W1203 10:00:00.000002 12345 tablet_impl.cc:1601] Set resp: 307, invalid parameter'
L101='Fail to LoadTable: ReturnCode[101]table already exists'
L310='failed to change leader. error msg: no alive follower'
A100='W1203 10:00:00.000001 12345 tablet_impl.cc:100] table is not exist [tablet 100: table is not exist]. tid 4, pid 0'
A307='W1203 10:00:00.000002 12345 tablet_impl.cc:1601] Set resp: 307, [nameserver 307: invalid parameter] invalid parameter'
A101='Fail to LoadTable: ReturnCode[101] [tablet 101: table already exists]table already exists'
A310='failed to change leader. error msg: no alive follower [nameserver 310: no alive follower]'

pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# check NAME EXPECTED ACTUAL: string equality.
check() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1"
		printf '  expected: %q\n  actual:   %q\n' "$2" "$3"
	fi
}

# check_files NAME EXPECTED-FILE ACTUAL-FILE: byte equality.
check_files() {
	if cmp -s "$2" "$3"; then
		pass
	else
		fail "$1"
		cmp "$2" "$3" | head -3
		diff <(od -c "$2" | head -20) <(od -c "$3" | head -20) | head -10
	fi
}

# now_ms: milliseconds since the epoch.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# peak_rss_kb FILE CMD...: run CMD with GNU time, peak RSS (KiB) in FILE.
peak_rss_kb() {
	local f=$1
	shift
	/usr/bin/time -f '%M' -o "$f" "$@"
}

# check_rss NAME KIB LIMIT: a peak RSS of KIB is below LIMIT KiB.  Not
# checked in a sanitizer build (its shadow memory counts too).
check_rss() {
	if [ "${SANITIZED:-0}" = 1 ]; then
		echo "skipped under sanitizers: $1 ($2 KiB)"
	elif [ "$2" -lt "$3" ]; then
		pass
	else
		fail "$1: peak RSS $2 KiB, limit $3"
	fi
}

# wait_until SECS CMD...: poll until CMD succeeds, for at most SECS
# seconds; the status says whether it did.  (A bound, not a timing.)
wait_until() {
	local tries=$(($1 * 20))
	shift
	until "$@"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.05
	done
}

# fresh FILE...: empty each FILE.  Before starting a background process
# whose output a test waits for: its own "> FILE" happens in the child,
# maybe after the test has looked, and must not find an earlier run's
# lines there.
fresh() { local f; for f; do : > "$f"; done; }

# lines_at_least N FILE: FILE has N lines or more.
lines_at_least() { [ "$(wc -l < "$2")" -ge "$1" ]; }

finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}
