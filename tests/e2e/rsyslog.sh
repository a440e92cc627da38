# rsyslog end to end: two private rsyslogd instances on 127.0.0.1, each
# with its own config, ports and work directory (never the system's).
# The first receives 1,000 messages from logger over TCP, annotates them
# through mmexternal with packaging/rsyslog/rcannotate.conf (pointed at
# the binary under test) and forwards them over TCP to the second, which
# writes each message to a file.  Every message must arrive once, in
# order, annotated exactly as rcannotate annotates the same line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/daemons.sh"

RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
[ -x "$RSYSLOGD" ] || { fail "rsyslogd is not installed"; finish; exit; }

P1=$(free_port)
P2=$(free_port)
[ -n "$P1" ] && [ -n "$P2" ] && [ "$P1" != "$P2" ] ||
    { fail "no free ports"; finish; exit; }
mkdir -p "$TMP/one" "$TMP/two"

# The shipped snippet, with the binary under test; it defines the
# ruleset "rcannotate" that the first instance calls.
sed "s|/usr/bin/rcannotate|$RC|" "$SRCDIR/packaging/rsyslog/rcannotate.conf" \
    > "$TMP/one/rcannotate.conf"
cat > "$TMP/one/rsyslog.conf" << EOF
global(workDirectory="$TMP/one")
module(load="imtcp")
include(file="$TMP/one/rcannotate.conf")
template(name="vars" type="string"
    string="%msg%|%\$!rc!code%|%\$!rc!subsystem%|%\$!rc!message%|%\$!rc!codes%\n")
ruleset(name="in") {
	call rcannotate
	action(type="omfile" file="$TMP/one/vars.log" template="vars")
	action(type="omfwd" target="127.0.0.1" port="$P2" protocol="tcp"
	    template="RSYSLOG_SyslogProtocol23Format")
}
input(type="imtcp" address="127.0.0.1" port="$P1" ruleset="in")
EOF
cat > "$TMP/two/rsyslog.conf" << EOF
global(workDirectory="$TMP/two")
module(load="imtcp")
template(name="text" type="string" string="%msg%\n")
ruleset(name="in") {
	action(type="omfile" file="$TMP/two/out.log" template="text")
}
input(type="imtcp" address="127.0.0.1" port="$P2" ruleset="in")
EOF
for i in one two; do
	"$RSYSLOGD" -N1 -f "$TMP/$i/rsyslog.conf" > "$TMP/$i/check" 2>&1
	check "rsyslogd -N1 ($i)" 0 $?
done

start() {
	"$RSYSLOGD" -n -f "$TMP/$1/rsyslog.conf" -i "$TMP/$1/pid" \
	    > "$TMP/$1/stdout" 2>&1 &
	pids+=($!)
}
start two
start one
wait_for 100 listening "$P2" && wait_for 100 listening "$P1" ||
    fail "rsyslogd does not listen"

# 1,000 messages: code lines, Chinese, invalid UTF-8, quotes and
# backslashes, JSON, lines without a code.
for i in $(seq 1 125); do
	printf 'n%d %s\n' "$i" "$L100"
	printf 'n%d %s\n' "$i" "$L307"
	printf 'n%d put failed: "quoted" and \\back\\slash %s\n' "$i" "$L101"
	printf 'n%d 表不存在 %s 中文\n' "$i" "$L310"
	printf 'n%d bad \xff\xfe bytes, table is not exist\n' "$i"
	printf 'n%d heartbeat ok, tid 100, port 10922\n' "$i"
	printf 'n%d {"code":307,"msg":"invalid parameter"}\n' "$i"
	printf 'n%d cur nameserver is not leader mode\n' "$i"
done > "$TMP/in"
check "messages to send" 1000 "$(wc -l < "$TMP/in")"
logger -n 127.0.0.1 -P "$P1" -T -t tablet -S 8192 < "$TMP/in"
check "logger: status" 0 $?

wait_for 600 has_lines "$TMP/two/out.log" 1000 ||
    fail "the second rsyslogd did not write 1000 lines"
"$RC" < "$TMP/in" > "$TMP/want"
check_files "1000 messages, each once, annotated" "$TMP/want" \
    "$TMP/two/out.log"
check "first line" "n1 $A100" "$(sed -n 1p "$TMP/two/out.log")"
want=$(printf 'n2 bad \xff\xfe bytes, table is not exist %s' \
    '[tablet 100: table is not exist]')
check "invalid UTF-8 kept" "$want" "$(sed -n 13p "$TMP/two/out.log")"
check "quotes and backslashes" \
    "n1 put failed: \"quoted\" and \\back\\slash $A101" \
    "$(sed -n 3p "$TMP/two/out.log")"
check "no code, unchanged" 'n2 heartbeat ok, tid 100, port 10922' \
    "$(sed -n 14p "$TMP/two/out.log")"

# The message variables, as the first instance saw them.
wait_for 600 has_lines "$TMP/one/vars.log" 1000 ||
    fail "the first rsyslogd did not write 1000 lines"
check "\$!rc for 307" "n1 $A307|307|nameserver|invalid parameter|[ 307 ]" \
    "$(sed -n 2p "$TMP/one/vars.log")"
check "\$!rc empty without a code" \
    'n1 heartbeat ok, tid 100, port 10922||||' \
    "$(sed -n 6p "$TMP/one/vars.log")"
check "\$!rc lines" 875 "$(grep -c '|[0-9][0-9]*|' "$TMP/one/vars.log")"

# Stop both daemons by their pid; nothing went wrong in either.
for i in one two; do
	kill "$(cat "$TMP/$i/pid")"
done
for p in "${pids[@]}"; do
	wait "$p"
done
pids=()
check "no invalid replies" "" \
    "$(grep -h 'mmexternal' "$TMP/one/stdout" "$TMP/two/stdout")"
finish
