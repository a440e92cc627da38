# CI post-processing: --summary (text, json, file, SIGUSR1),
# --only-matching with --line-number, --fail-on, and --line-mode with a
# co-process.
. "$(dirname "$0")/lib.sh"

printf '%s\n' "$L100" plain "$L307" "$L100" 'ReturnCode[1003]--x' "$L310" \
    'ReturnCode[1003]--y' > "$TMP/in"

# summary as text on stderr, exact
"$RC" --summary < "$TMP/in" > "$TMP/out" 2> "$TMP/err"
check "summary: status" 0 $?
check "summary: text" "rcannotate summary: 7 lines read, 4 annotated, \
4 naming a code
       2  100    tablet           table is not exist
       1  307    nameserver       invalid parameter
       1  310    nameserver       no alive follower
       2  1003   unknown          (not in the catalogue)" "$(cat "$TMP/err")"
check "summary: output unchanged by it" 7 "$(wc -l < "$TMP/out")"
check "summary --lang zh" "       2  100    tablet           表不存在" \
    "$("$RC" --summary --lang zh < "$TMP/in" 2>&1 >/dev/null | sed -n 2p)"

# summary as JSON in a file, read back with a JSON parser
"$RC" --summary=json --summary-file="$TMP/sum.json" < "$TMP/in" > /dev/null
check "summary json: lines" 7 "$(jq .lines "$TMP/sum.json")"
check "summary json: annotated" 4 "$(jq .annotated "$TMP/sum.json")"
check "summary json: codes" "100 2 tablet kTableIsNotExist
307 1 nameserver kInvalidParameter
310 1 nameserver kNoAliveFollower" "$(jq -r '.codes[] |
    "\(.code) \(.count) \(.subsystem) \(.name)"' "$TMP/sum.json")"
check "summary json: unknown" "1003 2" \
    "$(jq -r '.unknown[] | "\(.code) \(.count)"' "$TMP/sum.json")"

# only the lines that name a code, numbered in their file
"$RC" --only-matching --line-number "$TMP/in" > "$TMP/out"
check "--only-matching --line-number" "1:$A100
3:$A307
4:$A100
6:$A310" "$(cat "$TMP/out")"

# --fail-on: 3 when a listed code was seen, 0 when not, 2 when bad
for list in 100 300-326 nameserver 100,999-1000 tablet,310; do
	"$RC" --fail-on="$list" < "$TMP/in" > /dev/null
	check "--fail-on=$list" 3 $?
done
for list in 101 400-516 replica-cluster; do
	"$RC" --fail-on="$list" < "$TMP/in" > /dev/null
	check "--fail-on=$list" 0 $?
done
for list in 999 abc 326-300 '' 100,; do
	"$RC" --fail-on="$list" < "$TMP/in" > /dev/null 2> "$TMP/err"
	check "--fail-on='$list': status" 2 $?
done
check "--fail-on: message" "rcannotate: --fail-on: '' is not a code, a \
range like 300-326 or a subsystem of the catalogue" "$(cat "$TMP/err")"

# SIGUSR1 while running writes the summary so far and goes on
mkfifo "$TMP/fifo"
fresh "$TMP/out" "$TMP/err"
"$RC" --summary < "$TMP/fifo" > "$TMP/out" 2> "$TMP/err" &
pid=$!
exec 3> "$TMP/fifo"
printf '%s\n%s\n' "$L100" "$L310" >&3
wait_until 10 lines_at_least 2 "$TMP/out"
kill -USR1 "$pid"
wait_until 10 lines_at_least 1 "$TMP/err"
check "SIGUSR1: summary so far" "rcannotate summary: 2 lines read, 2 \
annotated, 2 naming a code" "$(head -n 1 "$TMP/err")"
printf '%s\n' "$L307" >&3
exec 3>&-
wait "$pid"
check "SIGUSR1: goes on" 0 $?
check "SIGUSR1: final summary" "rcannotate summary: 3 lines read, 3 \
annotated, 3 naming a code" "$(grep summary "$TMP/err" | tail -n 1)"

# --ci=github: a workflow command after each line naming a code
cp "$TMP/in" "$TMP/a,b:c%.log"
"$RC" --ci=github --only-matching "$TMP/a,b:c%.log" > "$TMP/out"
f="${TMP//:/%3A}/a%2Cb%3Ac%25.log"
check "--ci=github" "$A100
::error file=$f,line=1,title=tablet 100 kTableIsNotExist::table is not exist
$A307
::error file=$f,line=3,title=nameserver 307 kInvalidParameter::invalid parameter
$A100
::error file=$f,line=4,title=tablet 100 kTableIsNotExist::table is not exist
$A310
::error file=$f,line=6,title=nameserver 310 kNoAliveFollower::no alive follower" \
    "$(cat "$TMP/out")"
check "--ci=github, stdin, no final newline" "$A310
::error title=nameserver 310 kNoAliveFollower::no alive follower" \
    "$(printf '%s' "$L310" | "$RC" --ci=github)"

# --ci=gitlab: a code quality report, written as it grows
(cd "$TMP" && "$RC" --ci=gitlab in > /dev/null)
check "--ci=gitlab: report" "rcannotate-100 in 1 major
rcannotate-307 in 3 major
rcannotate-100 in 4 major
rcannotate-310 in 6 major" "$(jq -r '.[] | [.check_name, .location.path,
    .location.lines.begin, .severity] | map(tostring) | join(" ")' \
    "$TMP/gl-code-quality-report.json")"
check "--ci=gitlab: fingerprints differ" 4 \
    "$(jq -r '.[].fingerprint' "$TMP/gl-code-quality-report.json" |
    sort -u | wc -l)"
"$RC" --ci=gitlab --ci-report="$TMP/cq.json" < /dev/null
check "--ci=gitlab: empty report" "[]" "$(jq -c . "$TMP/cq.json")"
"$RC" --ci=gitlab --ci-report="$TMP/no/such/dir.json" < "$TMP/in" \
    > /dev/null 2> "$TMP/err"
check "--ci-report not writable: status" 1 $?
check "bad --ci" "rcannotate: --ci: 'jenkins' is not github or gitlab" \
    "$("$RC" --ci=jenkins < /dev/null 2>&1)"

# a report file that is also an input would be emptied first: refused
cp "$TMP/in" "$TMP/keep"
"$RC" --summary-file="$TMP/keep" "$TMP/keep" > /dev/null 2> "$TMP/err"
check "--summary-file is an input: status" 2 $?
check "--summary-file is an input: message" "rcannotate: --summary-file: \
$TMP/keep is also an input" "$(cat "$TMP/err")"
check_files "--summary-file is an input: input kept" "$TMP/in" "$TMP/keep"
"$RC" --ci=gitlab --ci-report="$TMP/keep" "$TMP/keep" > /dev/null 2>&1
check "--ci-report is an input: status" 2 $?
check_files "--ci-report is an input: input kept" "$TMP/in" "$TMP/keep"

# the GitLab report is complete JSON after SIGTERM, and works with
# --output=json; nonsense combinations are usage errors
rm -f "$TMP/fifo"
mkfifo "$TMP/fifo"
"$RC" --ci=gitlab --ci-report="$TMP/sig.json" < "$TMP/fifo" > /dev/null &
pid=$!
exec 3> "$TMP/fifo"
printf '%s\n' "$L100" >&3
sleep 0.5
kill -TERM "$pid"
wait "$pid" 2> /dev/null
exec 3>&-
check "gitlab report after SIGTERM" "rcannotate-100" \
    "$(jq -r '.[].check_name' "$TMP/sig.json")"
"$RC" --output=json --ci=gitlab --ci-report="$TMP/j.json" < "$TMP/in" \
    > /dev/null
check "gitlab report with --output=json" 4 "$(jq length "$TMP/j.json")"
for combo in "--ci=github --output=json" "--journal-short" \
    "--output=json --prefix" "--output=json --line-number" \
    "--ci-report=x.json" "--lookup --list" "--list -f x"; do
	# shellcheck disable=SC2086
	"$RC" $combo < /dev/null > /dev/null 2>&1
	check "usage error: $combo" 2 $?
done
"$RC" --fail-on=0 < /dev/null 2> /dev/null
check "--fail-on=0 can never fire: usage error" 2 $?

# decorated output after a last line without newline starts a new line
printf '%s' "$L307" > "$TMP/m1"
printf '%s\n' "$L101" > "$TMP/m2"
check "--prefix after a last line without newline" "$TMP/m1: $A307
$TMP/m2: $A101" "$("$RC" --prefix "$TMP/m1" "$TMP/m2")"

# --line-mode: a co-process sends a line and waits for its answer
coproc RCCO { "$RC" --line-mode; }
for line in "$L100" plain "$L310"; do
	printf '%s\n' "$line" >&"${RCCO[1]}"
	if IFS= read -r -t 2 answer <&"${RCCO[0]}"; then
		case $line in
		plain) check "line-mode: '$line'" plain "$answer" ;;
		"$L100") check "line-mode: L100" "$A100" "$answer" ;;
		*) check "line-mode: L310" "$A310" "$answer" ;;
		esac
	else
		fail "line-mode: no answer to '$line' within 2 s"
	fi
done
exec {RCCO[1]}>&-
wait "$RCCO_PID"

finish
