# Colour: when it is used (terminal, TERM, NO_COLOR, --color) and how,
# and escape sequences already in the input.
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
printf '%s\n%s\n' "$L100" "$L310" > "$TMP/in"
C100="${A100/ \[tablet 100: table is not exist\]/$ESC[33m [tablet 100: table is not exist]$ESC[0m}"
C310="${A310/ \[nameserver 310: no alive follower\]/$ESC[35m [nameserver 310: no alive follower]$ESC[0m}"

# on_tty ENV... -- ARGS...: run rcannotate in a pty (script), print its
# output without the terminal's CRs.
on_tty() {
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env "${envs[@]}" script -qec "$RC $* < $TMP/in" /dev/null |
	    tr -d '\r'
}

"$RC" < "$TMP/in" > "$TMP/out"
check "file: no escape" 0 "$(grep -c "$ESC" "$TMP/out")"
check "pipe: no escape" 0 "$("$RC" < "$TMP/in" | grep -c "$ESC")"
check "pipe, --color=always" "$C100
$C310" "$("$RC" --color=always < "$TMP/in")"
check "pipe, --color" "$C100
$C310" "$("$RC" --color < "$TMP/in")"
check "bad --color" "rcannotate: --color: 'x' is not auto, always or never" \
    "$("$RC" --color=x < /dev/null 2>&1)"
if command -v script > /dev/null; then
	check "tty: colour" "$C100
$C310" "$(on_tty TERM=xterm NO_COLOR= -- "")"
	check "tty, NO_COLOR=1: none" "$A100
$A310" "$(on_tty TERM=xterm NO_COLOR=1 -- "")"
	check "tty, TERM=dumb: none" "$A100
$A310" "$(on_tty TERM=dumb -- "")"
	check "tty, --color=never: none" "$A100
$A310" "$(on_tty TERM=xterm -- --color=never)"
fi

# escapes inside a match do not hide the code, and are kept (faults 10)
printf '%s\n%s\n%s\n' \
    "${ESC}[1mW1203${ESC}[0m 10:00:00.000002 12345 tablet_impl.cc:1601] Set resp: ${ESC}[31m307${ESC}[0m, invalid parameter" \
    "failed to change leader. error msg: ${ESC}[31mno alive${ESC}[0m follower" \
    "table ${ESC}[31mis not exist${ESC}[0m!" > "$TMP/esc"
"$RC" < "$TMP/esc" > "$TMP/out"
printf '%s\n%s\n%s\n' \
    "${ESC}[1mW1203${ESC}[0m 10:00:00.000002 12345 tablet_impl.cc:1601] Set resp: ${ESC}[31m307${ESC}[0m, [nameserver 307: invalid parameter] invalid parameter" \
    "failed to change leader. error msg: ${ESC}[31mno alive${ESC}[0m follower [nameserver 310: no alive follower]" \
    "table ${ESC}[31mis not exist${ESC}[0m! [tablet 100: table is not exist]" \
    > "$TMP/want"
check_files "escapes in the input" "$TMP/want" "$TMP/out"

# other escape forms: charset designation (tput sgr0), ESC 7, DCS; the
# annotation goes after the resets that follow the match
printf 'table is %s(B%s[mnot exist\n%s7failed. error msg: no alive follower\n' \
    "$ESC" "$ESC" "$ESC" > "$TMP/esc2"
printf 'table %s[1mis not exist%s(B%s[m!\n%sPq#0;1%s\\x table is not exist\n' \
    "$ESC" "$ESC" "$ESC" "$ESC" "$ESC" >> "$TMP/esc2"
"$RC" < "$TMP/esc2" > "$TMP/out"
printf '%s\n%s\n%s\n%s\n' \
    "table is ${ESC}(B${ESC}[mnot exist [tablet 100: table is not exist]" \
    "${ESC}7failed. error msg: no alive follower [nameserver 310: no alive follower]" \
    "table ${ESC}[1mis not exist${ESC}(B${ESC}[m! [tablet 100: table is not exist]" \
    "${ESC}Pq#0;1${ESC}\\x table is not exist [tablet 100: table is not exist]" \
    > "$TMP/want"
check_files "other escape forms" "$TMP/want" "$TMP/out"

# idempotent with colour too, and with escapes in the input
for opt in --color=never --color=always; do
	cat "$TMP/in" "$TMP/esc" | "$RC" "$opt" > "$TMP/once"
	"$RC" "$opt" < "$TMP/once" > "$TMP/twice"
	check_files "idempotent, $opt" "$TMP/once" "$TMP/twice"
done

finish
