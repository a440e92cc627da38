# Inputs of every kind (pipe, file, /dev/null, closed, FIFO, several
# files), streaming latency, and the flags of shared pipes.
. "$(dirname "$0")/lib.sh"

printf '%s\n%s\n%s\n%s\n' "$L100" "$L307" "$L101" "$L310" > "$TMP/in"
printf '%s\n%s\n%s\n%s\n' "$A100" "$A307" "$A101" "$A310" > "$TMP/want"

# stdin as a pipe
cat "$TMP/in" | "$RC" > "$TMP/out" 2> "$TMP/err"
check "pipe: status" 0 $?
check_files "pipe: output" "$TMP/want" "$TMP/out"
check "pipe: stderr" "" "$(cat "$TMP/err")"

# stdin as a regular file (libuv aborts if it is opened as a pipe)
"$RC" < "$TMP/in" > "$TMP/out" 2> "$TMP/err"
check "file stdin: status" 0 $?
check_files "file stdin: output" "$TMP/want" "$TMP/out"

# stdin as a regular file whose offset is not 0: reading starts there
{ IFS= read -r first; "$RC" > "$TMP/out"; } < "$TMP/in"
tail -n 3 "$TMP/want" > "$TMP/want3"
check_files "file stdin at an offset" "$TMP/want3" "$TMP/out"

# stdin is /dev/null, and stdin closed
"$RC" < /dev/null > "$TMP/out" 2> "$TMP/err"
check "/dev/null: status" 0 $?
check "/dev/null: output" 0 "$(wc -c < "$TMP/out")"
"$RC" <&- > "$TMP/out" 2> "$TMP/err"
check "closed stdin: status" 0 $?
check "closed stdin: output" 0 "$(wc -c < "$TMP/out")"
check "closed stdin: stderr" "" "$(cat "$TMP/err")"

# stdin and stdout a terminal (a pty made by script(1))
if command -v script > /dev/null; then
	printf '%s\n' "$L310" > "$TMP/tty-in"
	script -qec "$RC --color=never; echo status=\$?" /dev/null \
	    < "$TMP/tty-in" |
	    tr -d '\r' > "$TMP/out"
	check "tty: annotated line" 1 "$(grep -cxF "$A310" "$TMP/out")"
	check "tty: status" 1 "$(grep -cx 'status=0' "$TMP/out")"
fi

# a FIFO named as FILE
mkfifo "$TMP/fifo"
cat "$TMP/in" > "$TMP/fifo" &
"$RC" "$TMP/fifo" > "$TMP/out"
check "fifo: status" 0 $?
check_files "fifo: output" "$TMP/want" "$TMP/out"
wait

# several files in order, "-" for stdin, one missing, one a directory
printf '%s\n' "$L310" | "$RC" "$TMP/in" - "$TMP/nosuch" "$TMP" \
    "$TMP/in" > "$TMP/out" 2> "$TMP/err"
check "files: status" 1 $?
cat "$TMP/want" > "$TMP/want2"
printf '%s\n' "$A310" >> "$TMP/want2"
cat "$TMP/want" >> "$TMP/want2"
check_files "files: output in order" "$TMP/want2" "$TMP/out"
check "files: messages" "rcannotate: cannot open $TMP/nosuch: No such file \
or directory
rcannotate: cannot read $TMP: Is a directory" "$(cat "$TMP/err")"

# the file the output is appended to is not read (it would never end)
cp "$TMP/in" "$TMP/self"
timeout 10 "$RC" "$TMP/in" "$TMP/self" >> "$TMP/self" 2> "$TMP/err"
check "input is output: status" 1 $?
check "input is output: message" \
    "rcannotate: $TMP/self: input file is output file" "$(cat "$TMP/err")"
cat "$TMP/in" "$TMP/want" > "$TMP/want-self"
check_files "input is output: file" "$TMP/want-self" "$TMP/self"
cp "$TMP/in" "$TMP/self"
timeout 10 "$RC" < "$TMP/self" >> "$TMP/self" 2> "$TMP/err"
check "input is output, stdin: message" \
    "rcannotate: standard input: input file is output file" \
    "$(cat "$TMP/err")"

# a line goes out as soon as it arrives: the reader gets it long before
# the writer's next line (3 s later)
start=$(now_ms)
got=$( (printf '%s\n' "$L100"; sleep 3; printf '%s\n' "$L307") | "$RC" |
    { IFS= read -r -t 2 l && echo "$l @ $(now_ms)"; })
check "latency: line before writer's next write" "$A100" "${got% @ *}"
if [ -n "$got" ] && [ $((${got##* @ } - start)) -lt 1500 ]; then
	pass
else
	fail "latency: first line within 1.5 s (got '$got')"
fi

# a sibling writing to the same pipe after rcannotate still writes 1 MiB
# in one call: rcannotate left the pipe's description blocking
{ "$RC" < "$TMP/in"; "$BIGWRITE" 2> "$TMP/big"; } |
    { sleep 1; wc -c > "$TMP/count"; }
check "shared stdout: sibling's write" "bigwrite: 1048576" \
    "$(cat "$TMP/big")"
check "shared stdout: bytes" $(($(wc -c < "$TMP/want") + 1048576)) \
    "$(tr -d ' ' < "$TMP/count")"

# ... and stdin shared with a later reader is still blocking
flags=$( (printf '%s\n' "$L100"; sleep 0.3; echo more) |
    { "$RC" > /dev/null; awk '/^flags/ { print $2 }' /proc/self/fdinfo/0; })
check "shared stdin: O_NONBLOCK clear" 0 $(( 0$flags & 04000 ))

# memory stays flat over a long input: 200k lines, peak RSS under 16 MiB
yes "$(cat "$TMP/in")" | head -n 200000 > "$TMP/long"
peak_rss_kb "$TMP/rss" "$RC" "$TMP/long" > "$TMP/out"
check "long input: line count" "$(wc -l < "$TMP/long")" \
    "$(wc -l < "$TMP/out")"
rss=$(tail -n 1 "$TMP/rss")
check_rss "long input" "$rss" 16384

# a slow reader throttles reading instead of growing a queue
peak_rss_kb "$TMP/rss" "$RC" "$TMP/long" |
    { sleep 1; wc -l > "$TMP/count"; }
check "slow reader: lines" "$(wc -l < "$TMP/long")" \
    "$(tr -d ' ' < "$TMP/count")"
rss=$(tail -n 1 "$TMP/rss")
check_rss "slow reader" "$rss" 16384

finish
