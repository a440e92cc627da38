# Every line of the real-lines case files gets exactly its "# expect:"
# codes in the default format; "none" lines come out byte-identical.  The
# bundled copy always runs; the shared one too when it is beside the tree.
. "$(dirname "$0")/lib.sh"

run_cases() {
	local cases=$1 n=0 i expect line out codes
	local -a expects=()

	: > "$TMP/in"
	while IFS= read -r line; do
		case $line in
		'# expect: '*) expect=${line#'# expect: '} ;;
		'#'*) ;;
		*)
			expects+=("$expect")
			printf '%s\n' "$line" >> "$TMP/in"
			;;
		esac
	done < "$cases"
	"$RC" < "$TMP/in" > "$TMP/out" 2> "$TMP/err"
	check "$cases: exit status" 0 $?
	check "$cases: stderr" "" "$(cat "$TMP/err")"
	check "$cases: line count" "$(wc -l < "$TMP/in")" \
	    "$(wc -l < "$TMP/out")"
	for ((i = 0; i < ${#expects[@]}; i++)); do
		line=$(sed -n "$((i + 1))p" "$TMP/in")
		out=$(sed -n "$((i + 1))p" "$TMP/out")
		codes=$(printf '%s\n' "$out" | grep -oE \
		    ' \[(tablet|nameserver|replica-cluster) [0-9]+: ' |
		    grep -oE '[0-9]+' | tr '\n' ' ' | sed 's/ $//')
		expect=${expects[i]}
		if [ "$expect" = none ]; then
			check "line $((i + 1)) unchanged: $line" "$line" "$out"
		else
			check "line $((i + 1)) codes: $line" \
			    "$(echo "$expect" | tr -s ', ' ' ')" "$codes"
		fi
		n=$((n + 1))
	done
	check "$cases: cases read" 1 $((n > 30))
}

run_cases "$SRCDIR/tests/data/real-lines.txt"
shared="$SRCDIR/../shared/cases/real-lines.txt"
if [ -f "$shared" ]; then
	run_cases "$shared"
fi
finish
