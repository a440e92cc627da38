# Bytes pass through exactly: CRLF, no final newline, invalid UTF-8, NUL,
# very long lines.
. "$(dirname "$0")/lib.sh"

# CRLF: the rules see the line without "\r"; the annotation goes before it
printf '%s\r\n%s\r\nplain\r\n' "$L307" "$L310" | "$RC" > "$TMP/out"
printf '%s\r\n%s\r\nplain\r\n' "$A307" "$A310" > "$TMP/want"
check_files "crlf" "$TMP/want" "$TMP/out"

# the last line has no newline, and stays without
printf '%s\n%s' "$L100" "$L307" | "$RC" > "$TMP/out"
printf '%s\n%s' "$A100" "$A307" > "$TMP/want"
check_files "no final newline" "$TMP/want" "$TMP/out"
printf 'no code here' | "$RC" > "$TMP/out"
check "no final newline, no code" "no code here" "$(cat "$TMP/out")"
check "no final newline, no byte added" 12 "$(wc -c < "$TMP/out")"
printf '%s\r' "$L310" | "$RC" > "$TMP/out"
printf '%s\r' "$A310" > "$TMP/want"
check_files "final CR without newline" "$TMP/want" "$TMP/out"

# invalid UTF-8 elsewhere in a line does not stop matching (faults 4)
p='W1203 10:00:00.000001 12345 tablet_impl.cc:100] '
for bad in '\xff\xfe x ' '\xe4\xb8' '\xc0\xaf' '\xed\xa0\x80'; do
	printf "$p$bad"'table is not exist [tablet 100: table is not exist].'
	printf ' tid 4, pid 0\n%s\n' "$A307"
done > "$TMP/want"
for bad in '\xff\xfe x ' '\xe4\xb8' '\xc0\xaf' '\xed\xa0\x80'; do
	printf "$p$bad"'table is not exist. tid 4, pid 0\n%s\n' "$L307"
done | "$RC" > "$TMP/out"
check_files "invalid UTF-8" "$TMP/want" "$TMP/out"

# Chinese text and bytes of every value pass through untouched
for i in $(seq 0 255); do printf "\\x$(printf %02x "$i")"; done |
    tr -d '\n' > "$TMP/allbytes"
printf '\n' >> "$TMP/allbytes"
printf '表不存在 %s\n' "$L310" >> "$TMP/allbytes"
"$RC" < "$TMP/allbytes" > "$TMP/out"
head -c 256 "$TMP/allbytes" > "$TMP/want"
printf '表不存在 %s\n' "$A310" >> "$TMP/want"
check_files "all byte values" "$TMP/want" "$TMP/out"

# NUL bytes: 10,000 lines, NULs in line 5,000, every line annotated
# (faults 6: no switch to a "binary" mode)
yes "$L100" | head -n 4999 > "$TMP/in"
printf '%s\0\0\xff %s\n' "${L100%%table*}" "${L100#*] }" >> "$TMP/in"
yes "$L100" | head -n 5000 >> "$TMP/in"
"$RC" < "$TMP/in" > "$TMP/out"
check "NUL: lines" 10000 "$(wc -l < "$TMP/out")"
check "NUL: annotated lines" 10000 \
    "$(grep -ac '\[tablet 100: table is not exist\]' "$TMP/out")"
sed -n 5000p "$TMP/out" > "$TMP/line"
printf '%s\0\0\xff %s\n' "${A100%%table*}" "${A100#*] }" > "$TMP/want"
check_files "NUL: line 5000" "$TMP/want" "$TMP/line"

# a 50 MB line: annotated within the 1 MiB cap, the rest passes through
# unannotated, the next line is unaffected, memory stays bounded
{
	printf 'Set resp: 307, invalid parameter '
	head -c 52428800 /dev/zero | tr '\0' 'x'
	printf ' ReturnCode[101]table already exists\n%s\n' "$L100"
} > "$TMP/big"
peak_rss_kb "$TMP/rss" "$RC" "$TMP/big" > "$TMP/out"
check "50 MB line: status" 0 $?
check "50 MB line: annotation at the start" \
    "Set resp: 307, [nameserver 307: invalid parameter] invalid" \
    "$(head -c 58 "$TMP/out")"
check "50 MB line: last line" "$A100" "$(tail -n 1 "$TMP/out")"
sed 's/ \[nameserver 307: invalid parameter\]//' "$TMP/out" |
    head -n 1 > "$TMP/first"
head -n 1 "$TMP/big" > "$TMP/want"
check_files "50 MB line: bytes kept, tail unannotated" "$TMP/want" \
    "$TMP/first"
rss=$(tail -n 1 "$TMP/rss")
check_rss "50 MB line" "$rss" 16384

# the default rules stay linear on lines that repeat their openings
for opening in 'Bad request with error ' 'table[' 'idx name x' '"msg":"'; do
	{
		printf 'ReturnCode[101] '
		yes "$opening" | head -n 40000 | tr -d '\n'
		printf '\n'
	} > "$TMP/rep"
	start=$(now_ms)
	timeout 20 "$RC" < "$TMP/rep" > "$TMP/out"
	ms=$(($(now_ms) - start))
	if [ "$ms" -lt 2000 ]; then pass; else
		fail "repeated '$opening': took $ms ms"; fi
	check "repeated '$opening': annotated" 1 \
	    "$(grep -c 'ReturnCode\[101\] \[tablet 101' "$TMP/out")"
done

# a message cut by the cap is not annotated as a shorter one: the last
# 8 KiB of the head are not annotated at all
{
	head -c $((1048576 - 29)) /dev/zero | tr '\0' 'x'
	printf ' cur nameserver is not leader mode tail\n'
} > "$TMP/cut"
"$RC" < "$TMP/cut" > "$TMP/out"
check_files "cap: no annotation at the cut" "$TMP/cut" "$TMP/out"
{
	head -c $((1048576 - 9000)) /dev/zero | tr '\0' 'x'
	printf ' no alive follower '
	head -c 10000 /dev/zero | tr '\0' 'y'
	printf '\n'
} > "$TMP/cut"
"$RC" < "$TMP/cut" > "$TMP/out"
check "cap: annotation before the guard" 1 \
    "$(grep -c 'follower \[nameserver 310: no alive follower\] yyy' \
    "$TMP/out")"

# Runs of lines that name nothing are copied at once; --line-mode takes
# every line alone.  Both give the same bytes and the same counts, from
# a file and from a pipe, whatever the mix of lines.
{
	for i in 1 2 3 4 5 6 7 8 9 10; do
		cat "$SRCDIR/examples/sample.log"
		cut -f2- "$SRCDIR/tests/data/real-lines.txt"
		printf 'table \033[1mis not exist\033[0m here\n'
		printf '\033[31mplain colour\033[0m\n%s\r\n' "$L307"
		printf 'nul \0 byte then %s\n\xff\xfe\n' "$L310"
		printf '"code": 307, "msg": "x"\n'
	done
	printf 'last line %s' "$L101"
} > "$TMP/mix"
"$RC" --summary < "$TMP/mix" > "$TMP/runs" 2> "$TMP/runs.sum"
"$RC" --summary --line-mode < "$TMP/mix" > "$TMP/each" 2> "$TMP/each.sum"
check_files "runs: same bytes as line by line" "$TMP/each" "$TMP/runs"
check_files "runs: same summary" "$TMP/each.sum" "$TMP/runs.sum"
cat "$TMP/mix" | "$RC" > "$TMP/piped"
check_files "runs: same bytes from a pipe" "$TMP/each" "$TMP/piped"
check "runs: escape-split message annotated" 10 \
    "$(grep -c 'exist.*\[tablet 100: table is not exist\] here' "$TMP/runs")"
"$RC" --only-matching < "$TMP/mix" > "$TMP/runs"
"$RC" --only-matching --line-mode < "$TMP/mix" > "$TMP/each"
check_files "runs: same --only-matching" "$TMP/each" "$TMP/runs"
# a file's last line without newline, matching, then a file that names
# nothing: the newline comes as in line mode
printf '%s' "$L101" > "$TMP/m1"
printf 'hello\nworld\n' > "$TMP/m2"
"$RC" --only-matching "$TMP/m1" "$TMP/m2" > "$TMP/runs"
"$RC" --only-matching --line-mode "$TMP/m1" "$TMP/m2" > "$TMP/each"
printf '%s\n' "$A101" > "$TMP/want"
check_files "runs: --only-matching ends the unterminated line" \
    "$TMP/want" "$TMP/runs"
check_files "runs: --only-matching as line by line" "$TMP/each" "$TMP/runs"

# Long runs go out by reference, between the lines that carry codes, in
# one writev; a non-blocking output pipe with a slow reader takes them in
# pieces.  The bytes and their order stay those of line by line.
awk -v a="$L307" -v b="$L100" 'BEGIN {
	for (i = 1; i <= 400; i++) {
		for (j = 1; j <= 200; j++)
			printf "plain line %d of block %d\n", j, i
		print a; print b
	} }' > "$TMP/blocks"
"$RC" --line-mode < "$TMP/blocks" > "$TMP/each"
"$RC" < "$TMP/blocks" > "$TMP/runs"
check_files "runs by reference: same bytes" "$TMP/each" "$TMP/runs"
perl -e 'use Fcntl;
	pipe(my $r, my $w) or die;
	fcntl($w, F_SETFL, fcntl($w, F_GETFL, 0) | O_NONBLOCK) or die;
	if (fork() == 0) { close $r; open(STDOUT, ">&", $w); exec @ARGV }
	close $w;
	while (sysread($r, my $b, 4096)) {
		print $b; select(undef, undef, undef, 0.0005) }
	wait; exit($? >> 8)' "$RC" < "$TMP/blocks" > "$TMP/slow"
check "non-blocking slow output: status" 0 $?
check_files "non-blocking slow output: same bytes" "$TMP/each" "$TMP/slow"

finish
