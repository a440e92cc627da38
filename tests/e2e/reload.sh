# SIGHUP reloads the catalogue and the rules: the next lines use the new
# set; a set with any problem is refused with one message and the old
# one stays; under a steady stream no line is lost or annotated twice;
# the summary counts the whole run; following files reloads too.
. "$(dirname "$0")/lib.sh"

P=$TMP/pat
mkdir "$P"
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" "$P"
nrules=$(grep -c '^\(text\|number\|prefix\)' "$P/default.rules")
ncodes=$(grep -c '^[0-9]' "$P/codes.tsv")
NEW100='W1203 10:00:00.000001 12345 tablet_impl.cc:100] table is not exist [tablet 100: no such table]. tid 4, pid 0'

# new_codes: the catalogue with "no such table" as 100's message.
new_codes() {
	sed 's/^\(100\t[^\t]*\t[^\t]*\t\)table is not exist/\1no such table/' \
	    "$SRCDIR/patterns/codes.tsv"
}

# new_message: code 100's English message becomes "no such table".
new_message() {
	new_codes > "$P/codes.tsv.new"
	mv "$P/codes.tsv.new" "$P/codes.tsv"
}

# has_text FILE TEXT: FILE holds the line TEXT.
has_text() { grep -qxF "$2" "$1"; }

# start ARGS...: rcannotate on the patterns in $P with ARGS, reading
# lines written to descriptor 3, into out and err; its pid in pid.
start() {
	rm -f "$TMP/fifo"
	mkfifo "$TMP/fifo"
	fresh "$TMP/out" "$TMP/err"
	RCANNOTATE_PATTERNS="$P" "$RC" "$@" < "$TMP/fifo" > "$TMP/out" \
	    2> "$TMP/err" &
	pid=$!
	exec 3> "$TMP/fifo"
}

start --summary=json --summary-file="$TMP/sum"

# a good reload: the line after it has the new message
printf '%s\n' "$L100" >&3
wait_until 10 lines_at_least 1 "$TMP/out"
new_message
kill -HUP "$pid"
ok="rcannotate: SIGHUP: patterns reloaded: $ncodes codes, $nrules rules \
from 1 file"
wait_until 10 has_text "$TMP/err" "$ok"
check "reload: notice" "$ok" "$(cat "$TMP/err")"
printf '%s\n' "$L100" >&3
wait_until 10 lines_at_least 2 "$TMP/out"
printf '%s\n%s\n' "$A100" "$NEW100" > "$TMP/want"
check_files "reload: new message after it" "$TMP/want" "$TMP/out"

# bad rules: one message naming the first problem, the old set stays
printf 'text 100 table (is\ntext 999 nothing\n' > "$P/zz.rules"
kill -HUP "$pid"
bad="rcannotate: SIGHUP: patterns not reloaded, the old ones stay: \
$P/zz.rules:2:6: code is not in the catalogue (and 1 more)"
wait_until 10 has_text "$TMP/err" "$bad"
check "bad rules: one message" "$ok
$bad" "$(cat "$TMP/err")"
printf '%s\n' "$L100" >&3
wait_until 10 lines_at_least 3 "$TMP/out"
printf '%s\n' "$NEW100" >> "$TMP/want"
check_files "bad rules: old set kept" "$TMP/want" "$TMP/out"
rm "$P/zz.rules"

# a missing catalogue: refused too
mv "$P/codes.tsv" "$P/codes.away"
kill -HUP "$pid"
gone="rcannotate: SIGHUP: patterns not reloaded, the old ones stay: \
cannot open $P/codes.tsv: No such file or directory"
wait_until 10 has_text "$TMP/err" "$gone"
check "no catalogue: one message" "$gone" "$(tail -n 1 "$TMP/err")"
check "no catalogue: three messages in all" 3 "$(wc -l < "$TMP/err")"
mv "$P/codes.away" "$P/codes.tsv"

# a line cut across the reload comes out once, whole, annotated once
printf '%s' "${L100:0:60}" >&3
kill -HUP "$pid"
wait_until 10 lines_at_least 4 "$TMP/err"
check "cut line: notice" "$ok" "$(tail -n 1 "$TMP/err")"
printf '%s\n' "${L100:60}" >&3
wait_until 10 lines_at_least 4 "$TMP/out"
printf '%s\n' "$NEW100" >> "$TMP/want"
check_files "cut line: once" "$TMP/want" "$TMP/out"

# the end: status 0, and the summary counts the lines of every set
printf '%s\n%s\n' "$L307" "$L100" >&3
exec 3>&-
wait "$pid"
check "after reloads: status" 0 $?
printf '%s\n%s\n' "$A307" "$NEW100" >> "$TMP/want"
check_files "after reloads: output" "$TMP/want" "$TMP/out"
check "after reloads: summary" '{"lines":6,"annotated":6,"named":6,'\
'"failed":0,"codes":[{"code":100,"subsystem":"tablet",'\
'"name":"kTableIsNotExist","message":"no such table","count":5},'\
'{"code":307,"subsystem":"nameserver","name":"kInvalidParameter",'\
'"message":"invalid parameter","count":1}],"unknown":[]}' \
    "$(cat "$TMP/sum")"

# --fail-on must still name codes of the new catalogue
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" "$P"
start --fail-on=307
printf '%s\n' "$L307" >&3
wait_until 10 lines_at_least 1 "$TMP/out"
grep -v '^307' "$SRCDIR/patterns/codes.tsv" > "$P/codes.tsv"
grep -v '^text 307 ' "$SRCDIR/patterns/default.rules" > "$P/default.rules"
kill -HUP "$pid"
bad="rcannotate: SIGHUP: patterns not reloaded, the old ones stay: \
--fail-on: '307' is not a code, a range like 300-326 or a subsystem of \
the catalogue"
wait_until 10 has_text "$TMP/err" "$bad"
check "--fail-on: reload refused" "$bad" "$(cat "$TMP/err")"
printf '%s\n' "$L307" >&3
exec 3>&-
wait "$pid"
check "--fail-on: status" 3 $?
check "--fail-on: old set kept" "$A307
$A307" "$(cat "$TMP/out")"

# a code the new catalogue drops: the summary counts it as unknown, for
# the lines before the reload and after it that carry it
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" "$P"
start --summary=json --summary-file="$TMP/sum"
printf '%s\n%s\n' "$L307" "$L100" >&3
wait_until 10 lines_at_least 2 "$TMP/out"
grep -v '^307' "$SRCDIR/patterns/codes.tsv" > "$P/codes.tsv"
grep -v '^text 307 ' "$SRCDIR/patterns/default.rules" > "$P/default.rules"
kill -HUP "$pid"
wait_until 10 lines_at_least 1 "$TMP/err"
printf '%s\n' "$L307" >&3
exec 3>&-
wait "$pid"
check "dropped code: status" 0 $?
check "dropped code: output" "$A307
$A100
$L307" "$(cat "$TMP/out")"
check "dropped code: summary" '{"lines":3,"annotated":2,"named":2,'\
'"failed":0,"codes":[{"code":100,"subsystem":"tablet",'\
'"name":"kTableIsNotExist","message":"table is not exist","count":1}],'\
'"unknown":[{"code":307,"count":2}]}' "$(cat "$TMP/sum")"

# A steady stream while the set flips between two versions: every line
# comes out once, in order, annotated by one set or the other.  Each
# flip waits for its notice and for more output, so both sets are used.
mkdir "$TMP/a" "$TMP/b"
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" "$TMP/a"
cp "$SRCDIR/patterns/default.rules" "$TMP/b"
new_codes > "$TMP/b/codes.tsv"
rm -rf "$P"
ln -s a "$P"
block=
for i in $(seq 100); do
	block="$block$L100
$L307
plain line $i
"
done
rm -f "$TMP/stop"
fresh "$TMP/out" "$TMP/err"
(n=0; while [ ! -e "$TMP/stop" ]; do printf '%s' "$block"; n=$((n + 1))
    done; echo $((n * 300)) > "$TMP/sent") |
    RCANNOTATE_PATTERNS="$P" "$RC" > "$TMP/out" 2> "$TMP/err" &
pid=$!
wait_until 10 lines_at_least 1000 "$TMP/out"
flips=20
for i in $(seq $flips); do
	[ $((i % 2)) -eq 1 ] && to=b || to=a
	ln -s "$to" "$TMP/next" && mv -T "$TMP/next" "$P"
	seen=$(wc -l < "$TMP/out")
	kill -HUP "$pid"
	wait_until 10 lines_at_least "$i" "$TMP/err"
	wait_until 10 lines_at_least $((seen + 1000)) "$TMP/out"
done
touch "$TMP/stop"
wait "$pid"
check "stream: status" 0 $?
check "stream: one notice per reload" "$flips" \
    "$(grep -c 'patterns reloaded' "$TMP/err")"
check "stream: lines out = lines in" "$(cat "$TMP/sent")" \
    "$(wc -l < "$TMP/out")"
bad=$(awk -v a100="$A100" -v b100="$NEW100" -v a307="$A307" '
	(NR - 1) % 3 == 0 { if ($0 == a100) na++; else if ($0 == b100) nb++
		else bad++; next }
	(NR - 1) % 3 == 1 { if ($0 != a307) bad++; next }
	{ if ($0 != "plain line " ((NR - 1) % 300 + 1) / 3) bad++ }
	END { print bad + 0, (na > 0), (nb > 0) }' "$TMP/out")
check "stream: each line once, in order, by one set; both sets used" \
    "0 1 1" "$bad"

# following a file: SIGHUP reloads too
rm -f "$P"
mkdir "$P"
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" "$P"
printf '%s\n' "$L100" > "$TMP/log"
fresh "$TMP/out" "$TMP/err"
RCANNOTATE_PATTERNS="$P" "$RC" -F -n +1 "$TMP/log" > "$TMP/out" 2> "$TMP/err" &
pid=$!
wait_until 10 lines_at_least 1 "$TMP/out"
new_message
kill -HUP "$pid"
wait_until 10 lines_at_least 1 "$TMP/err"
printf '%s\n' "$L100" >> "$TMP/log"
wait_until 10 lines_at_least 2 "$TMP/out"
kill -TERM "$pid"
wait "$pid"
check "follow: SIGTERM ends it" 143 $?
printf '%s\n%s\n' "$A100" "$NEW100" > "$TMP/want"
check_files "follow: new set after SIGHUP" "$TMP/want" "$TMP/out"
check "follow: notice" "$ok" "$(cat "$TMP/err")"

finish
