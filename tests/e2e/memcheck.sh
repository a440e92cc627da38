# rcannotate under valgrind (memcheck), with the PCRE2 interpreter
# (valgrind cannot follow JIT code): the main paths, the error paths,
# reloads and the end of following.  Any memory error or leak fails, as
# does a wrong output.  Needs valgrind; not for sanitizer builds.
. "$(dirname "$0")/lib.sh"

export RCANNOTATE_NO_JIT=1
VG_LOGS=$TMP/vg
mkdir "$VG_LOGS"

# "${VG[@]}" ARGS...: rcannotate under valgrind, which exits 99 on an
# error and logs to $VG_LOGS (a simple command: "... &" gives its pid).
VG=(valgrind -q --leak-check=full
    --errors-for-leak-kinds=definite,indirect,possible
    --error-exitcode=99 --log-file="$VG_LOGS/%p.log" "$RC")

# vg_clean NAME: no valgrind report since the last call.
vg_clean() {
	local reports
	reports=$(cat "$VG_LOGS"/*.log 2> /dev/null)
	check "$1: valgrind reports nothing" "" "$reports"
	rm -f "$VG_LOGS"/*.log
}

printf '%s\n' "$L100" "$L307" "$L101" "$L310" > "$TMP/in"
printf '%s\n' "$A100" "$A307" "$A101" "$A310" > "$TMP/want"

"${VG[@]}" "$SRCDIR/examples/sample.log" > "$TMP/out"
check "sample: status" 0 $?
check_files "sample: output" "$SRCDIR/tests/data/sample.expected" \
    "$TMP/out"
vg_clean sample

cat "$TMP/in" | "${VG[@]}" --summary=json --summary-file="$TMP/sum" \
    > "$TMP/out"
check "pipe, summary: status" 0 $?
check_files "pipe, summary: output" "$TMP/want" "$TMP/out"
check "pipe, summary: counts" '"lines":4,"annotated":4,"named":4,' \
    "$(grep -o '"lines".*"named":[0-9]*,' "$TMP/sum")"
vg_clean "pipe, summary"

"${VG[@]}" --output=json --ci=gitlab --ci-report="$TMP/gl.json" "$TMP/in" \
    > "$TMP/out"
check "json, gitlab: status" 0 $?
check "json, gitlab: objects" 4 "$(grep -c '"matches":\[{' "$TMP/out")"
check "json, gitlab: report entries" 4 \
    "$(grep -o '"check_name"' "$TMP/gl.json" | wc -l)"
vg_clean "json, gitlab"

"${VG[@]}" --input=journal-json --journal-short \
    < "$SRCDIR/tests/fuzz/seeds/journal/shapes" > "$TMP/out" 2> /dev/null
check "journal: status" 0 $?
vg_clean journal

"${VG[@]}" --lookup 100 'no alive follower' 999 > "$TMP/out" 2> /dev/null
check "lookup: status" 1 $?
"${VG[@]}" --list > /dev/null
check "list: status" 0 $?
vg_clean lookup

# error paths: bad usage, bad patterns, a missing input, a full disk
"${VG[@]}" --fail-on=nonsense < /dev/null 2> /dev/null
check "bad usage: status" 2 $?
mkdir "$TMP/bad"
cp "$SRCDIR/patterns/codes.tsv" "$TMP/bad"
printf 'text 100 (oops\ntext 999 x\n' > "$TMP/bad/x.rules"
"${VG[@]}" --patterns="$TMP/bad" < /dev/null 2> /dev/null
check "bad patterns: status" 2 $?
"${VG[@]}" "$TMP/nosuch" "$TMP/in" > /dev/null 2>&1
check "missing input: status" 1 $?
"${VG[@]}" "$TMP/in" > /dev/full 2> /dev/null
check "/dev/full: status" 1 $?
vg_clean "error paths"

# a rule that hits the match limit (interpreter)
mkdir "$TMP/slow"
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" \
    "$TMP/slow"
printf 'text 100 (a+)+$\n' > "$TMP/slow/zz.rules"
printf '%s\n' "$(head -c 30000 /dev/zero | tr '\0' a)b" "$L310" |
    "${VG[@]}" --patterns="$TMP/slow" > "$TMP/out" 2> /dev/null
check "match limit: status" 0 $?
check "match limit: other lines" "$A310" "$(tail -n 1 "$TMP/out")"
vg_clean "match limit"

# reloads, a good one and a bad one, then the end of input
mkdir "$TMP/pat"
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" \
    "$TMP/pat"
mkfifo "$TMP/fifo"
fresh "$TMP/out" "$TMP/err"
"${VG[@]}" --patterns="$TMP/pat" --summary < "$TMP/fifo" > "$TMP/out" \
    2> "$TMP/err" &
pid=$!
exec 3> "$TMP/fifo"
printf '%s\n' "$L100" >&3
wait_until 60 lines_at_least 1 "$TMP/out"
kill -HUP "$pid"
wait_until 60 lines_at_least 1 "$TMP/err"
printf 'text 100 (oops\n' > "$TMP/pat/x.rules"
kill -HUP "$pid"
wait_until 60 lines_at_least 2 "$TMP/err"
printf '%s\n' "$L307" >&3
exec 3>&-
wait "$pid"
check "reloads: status" 0 $?
check "reloads: output" "$A100
$A307" "$(cat "$TMP/out")"
check "reloads: messages" 2 "$(grep -c 'patterns' "$TMP/err")"
vg_clean reloads

# following until --pid's process ends
printf '%s\n' "$L100" > "$TMP/log"
sleep 600 &
sleeper=$!
fresh "$TMP/out"
"${VG[@]}" -F -n +1 --pid=$sleeper "$TMP/log" > "$TMP/out" 2> /dev/null &
pid=$!
wait_until 60 lines_at_least 1 "$TMP/out"
printf '%s\n' "$L307" >> "$TMP/log"
wait_until 60 lines_at_least 2 "$TMP/out"
kill "$sleeper"
wait "$pid"
check "follow: status" 0 $?
check "follow: output" "$A100
$A307" "$(cat "$TMP/out")"
vg_clean follow

finish
