# Ends: a reader that goes away (with SIGPIPE ignored too), SIGTERM in the
# middle of a stream, write errors, closed standard descriptors.
. "$(dirname "$0")/lib.sh"

yes "$L100" | head -n 400000 > "$TMP/big"

# "| head -1" ends at once and quietly, with SIGPIPE default and ignored
for mode in default ignored; do
	start=$(now_ms)
	if [ $mode = ignored ]; then
		out=$( (trap '' PIPE; "$RC" < "$TMP/big" 2> "$TMP/err" |
		    head -n 1; echo "status ${PIPESTATUS[0]}") )
	else
		out=$( ("$RC" < "$TMP/big" 2> "$TMP/err" | head -n 1;
		    echo "status ${PIPESTATUS[0]}") )
	fi
	ms=$(($(now_ms) - start))
	check "head -1, SIGPIPE $mode: output" "$A100
status 0" "$out"
	check "head -1, SIGPIPE $mode: quiet" "" "$(cat "$TMP/err")"
	if [ "$ms" -lt 1000 ]; then pass; else fail "head -1: took $ms ms"; fi
done

# an endless slow producer: rcannotate ends within one write after the
# reader has gone
start=$(now_ms)
(trap '' PIPE; while printf '%s\n' "$L100"; do sleep 0.05; done 2> /dev/null |
    timeout 10 "$RC" | head -n 1 > /dev/null)
ms=$(($(now_ms) - start))
if [ "$ms" -lt 2000 ]; then pass; else fail "slow producer: took $ms ms"; fi

# SIGTERM: what was read is written (the partial line too), then
# rcannotate dies of the same signal (SIGHUP reloads: reload.sh)
for sig in TERM; do
	rm -f "$TMP/fifo"
	mkfifo "$TMP/fifo"
	fresh "$TMP/out" "$TMP/err"
	"$RC" < "$TMP/fifo" > "$TMP/out" 2> "$TMP/err" &
	pid=$!
	exec 3> "$TMP/fifo"
	printf '%s\n%s' "$L310" "$L307" >&3
	wait_until 10 lines_at_least 1 "$TMP/out"
	sleep 0.5
	kill -$sig "$pid"
	wait "$pid" 2> /dev/null
	status=$?
	check "SIG$sig: status" $((128 + $(kill -l $sig))) $status
	exec 3>&-
	printf '%s\n%s' "$A310" "$A307" > "$TMP/want"
	check_files "SIG$sig: output flushed" "$TMP/want" "$TMP/out"
	check "SIG$sig: stderr" "" "$(cat "$TMP/err")"
done

# SIGTERM in the middle of a big input, with the output blocked: what
# was read is written, to the byte.  The input is a FIFO that this shell
# also holds open, or a regular file whose offset this shell shares (read
# ahead by rcannotate, but never counted as read); what rcannotate did
# not read is read here afterwards, and the output must be rcannotate's
# output for exactly the bytes before it.
yes "$L100
plain line $L307" | head -n 1000000 > "$TMP/huge"
sigterm_mid_stream() {
	local kind=$1 pid read_bytes
	rm -f "$TMP/ififo" "$TMP/ofifo"
	mkfifo "$TMP/ififo" "$TMP/ofifo"
	if [ "$kind" = fifo ]; then
		cat "$TMP/huge" > "$TMP/ififo" &
		exec 5< "$TMP/ififo"
	else
		exec 5< "$TMP/huge"
	fi
	"$RC" <&5 > "$TMP/ofifo" 2> "$TMP/err" &
	pid=$!
	exec 6< "$TMP/ofifo"
	sleep 0.5		# nobody reads: rcannotate is stuck in a write
	kill -TERM "$pid"
	cat <&6 > "$TMP/out"
	wait "$pid"
	check "SIGTERM mid-stream ($kind): status" 143 $?
	exec 6<&-
	cat <&5 > "$TMP/unread"
	exec 5<&-
	read_bytes=$(($(wc -c < "$TMP/huge") - $(wc -c < "$TMP/unread")))
	if [ "$(wc -c < "$TMP/unread")" -gt 0 ]; then pass; else
		fail "SIGTERM mid-stream ($kind): all was read"; fi
	head -c "$read_bytes" "$TMP/huge" | "$RC" > "$TMP/want-mid"
	check_files "SIGTERM mid-stream ($kind): output of what was read" \
	    "$TMP/want-mid" "$TMP/out"
	check "SIGTERM mid-stream ($kind): stderr" "" "$(cat "$TMP/err")"
}
sigterm_mid_stream fifo
sigterm_mid_stream file

# SIGINT does the same; perl undoes the shell's SIG_IGN for background
# jobs, which rcannotate otherwise keeps
rm -f "$TMP/fifo"
mkfifo "$TMP/fifo"
fresh "$TMP/out" "$TMP/err"
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' "$RC" < "$TMP/fifo" \
    > "$TMP/out" 2> "$TMP/err" &
pid=$!
exec 3> "$TMP/fifo"
printf '%s\n%s' "$L310" "$L307" >&3
wait_until 10 lines_at_least 1 "$TMP/out"
sleep 0.5
kill -INT "$pid"
wait "$pid"
check "SIGINT: status" 130 $?
exec 3>&-
check_files "SIGINT: output flushed" "$TMP/want" "$TMP/out"

# an ignored SIGINT stays ignored (background jobs, rsyslog plugins)
rm -f "$TMP/fifo"
mkfifo "$TMP/fifo"
fresh "$TMP/out" "$TMP/err"
(trap '' INT; exec "$RC" < "$TMP/fifo" > "$TMP/out" 2> "$TMP/err") &
pid=$!
exec 3> "$TMP/fifo"
printf '%s\n' "$L310" >&3
wait_until 10 lines_at_least 1 "$TMP/out"
kill -INT "$pid"
sleep 0.3
printf '%s\n' "$L100" >&3
exec 3>&-
wait "$pid"
check "ignored SIGINT: status" 0 $?
printf '%s\n%s\n' "$A310" "$A100" > "$TMP/want"
check_files "ignored SIGINT: all output" "$TMP/want" "$TMP/out"

# a reader that takes nothing cannot keep rcannotate from dying
rm -f "$TMP/fifo"
mkfifo "$TMP/fifo"
"$RC" "$TMP/big" > "$TMP/fifo" 2> "$TMP/err" &
pid=$!
exec 4< "$TMP/fifo"
sleep 0.5
start=$(now_ms)
kill -TERM "$pid"
wait "$pid"
status=$?
ms=$(($(now_ms) - start))
exec 4<&-
check "stuck reader, SIGTERM: status" 143 "$status"
if [ "$ms" -lt 3500 ]; then pass; else fail "stuck reader: took $ms ms"; fi

# a signal that arrives while the input is ending is not lost
for i in 1 2 3; do
	"$RC" "$TMP/big" > /dev/null 2>&1 &
	pid=$!
	sleep 0.0$i
	kill -TERM "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	status=$?
	if [ "$status" -eq 143 ] || [ "$status" -eq 0 ]; then pass; else
		fail "signal at the end: status $status"; fi
done

# write errors: one message, status 1
printf '%s\n' "$L100" > "$TMP/in"
"$RC" < "$TMP/in" > /dev/full 2> "$TMP/err"
check "/dev/full: status" 1 $?
check "/dev/full: message" \
    "rcannotate: write error: No space left on device" "$(cat "$TMP/err")"
"$RC" < "$TMP/big" > /dev/full 2> "$TMP/err"
check "/dev/full, big input: one message" 1 "$(wc -l < "$TMP/err")"
"$RC" < "$TMP/in" >&- 2> "$TMP/err"
check "closed stdout: status" 1 $?
check "closed stdout: message" \
    "rcannotate: write error: Bad file descriptor" "$(cat "$TMP/err")"

# closed stderr, and all three closed: no abort
"$RC" < "$TMP/in" > "$TMP/out" 2>&-
check "closed stderr: status" 0 $?
check "closed stderr: output" "$A100" "$(cat "$TMP/out")"
"$RC" <&- >&- 2>&-
check "all closed: status" 0 $?
"$RC" <&- >&- 2>&- "$TMP/in"
check "all closed, a line to write: status" 1 $?

finish
