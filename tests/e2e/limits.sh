# Regex cost: user rules that backtrack badly meet lines of 200 KB and
# 1 MB.  With JIT and with the interpreter (RCANNOTATE_NO_JIT=1) the run
# ends, those lines pass through unchanged and are counted, each rule is
# reported once by file and line, and the other lines are annotated.
. "$(dirname "$0")/lib.sh"

P=$TMP/pat
mkdir "$P"
cp "$SRCDIR/patterns/codes.tsv" "$SRCDIR/patterns/default.rules" "$P"
printf '%s\n' 'text 100 (a+)+$' 'text 307 ([^A]|B)*Set resp: 307' \
    > "$P/zz.rules"

# a 1 MB line of "a" and one "b" (under the 1 MiB cap); 200 KB of "X"
# before a 307 message
big_a=$(head -c 1000000 /dev/zero | tr '\0' a)b
big_x="$(head -c 200000 /dev/zero | tr '\0' X) Set resp: 307, invalid parameter"
printf '%s\n' "$L100" "$big_a" "$L307" "$big_x" "$L310" aaa "$big_a" \
    > "$TMP/in"
printf '%s\n' "$A100" "$big_a" "$A307" "$big_x" "$A310" \
    'aaa [tablet 100: table is not exist]' "$big_a" > "$TMP/want"

for jit in on off; do
	[ $jit = on ] && nojit=0 || nojit=1
	RCANNOTATE_NO_JIT=$nojit peak_rss_kb "$TMP/rss" timeout 120 "$RC" \
	    --patterns="$P" --summary=json --summary-file="$TMP/sum" \
	    "$TMP/in" > "$TMP/out" 2> "$TMP/err"
	check "JIT $jit: status" 0 $?
	check_files "JIT $jit: output" "$TMP/want" "$TMP/out"
	# The second rule runs out of JIT stack on the 200 KB line, then
	# out of the interpreter's heap limit.
	check "JIT $jit: one warning per rule" "rcannotate: $P/zz.rules:1: \
rule could not finish on a line (match limit exceeded); lines where it \
cannot pass through unannotated
rcannotate: $P/zz.rules:2: rule could not finish on a line (heap limit \
exceeded); lines where it cannot pass through unannotated" \
	    "$(cat "$TMP/err")"
	check "JIT $jit: counts" \
	    '"lines":7,"annotated":4,"named":4,"failed":3,' \
	    "$(grep -o '"lines".*"failed":[0-9]*,' "$TMP/sum")"
	rss=$(tail -n 1 "$TMP/rss")
	check_rss "JIT $jit" "$rss" 32768
done

finish
