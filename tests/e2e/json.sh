# --output=json: one object per line, read back with jq; lossless for
# bytes that are not UTF-8.
. "$(dirname "$0")/lib.sh"

printf '%s\r\n%s\nplain \377\376 %s\n%s' "$L100" "$L307" 'x' "$L310" \
    > "$TMP/in"
"$RC" --output=json "$TMP/in" > "$TMP/out"
check "json: status" 0 $?
check "json: one object per line" 4 "$(jq -c . "$TMP/out" | wc -l)"
check "json: file and numbers" "$TMP/in 1
$TMP/in 2
$TMP/in 3
$TMP/in 4" "$(jq -r '"\(.file) \(.number)"' "$TMP/out")"
check "json: lines" "$L100
$L307" "$(jq -r 'select(.number <= 2) | .line' "$TMP/out")"
check "json: annotated" "$A100
$A307
$A310" "$(jq -r 'select(.matches != []) | .annotated' "$TMP/out")"
check "json: line endings" '"\r\n" "\n" "\n" ""' \
    "$(jq -c .eol "$TMP/out" | tr '\n' ' ' | sed 's/ $//')"
check "json: matches" "100 tablet kTableIsNotExist 48 66 default.rules
307 nameserver kInvalidParameter 49 63 default.rules
310 nameserver kNoAliveFollower 36 53 default.rules" \
    "$(jq -r '.matches[] | [.code, .subsystem, .name, .start, .end,
    (.rule | sub(":[0-9]+$"; ""))] | map(tostring) | join(" ")' \
    "$TMP/out")"
check "json: offsets are bytes of the line" "table is not exist" \
    "$(jq -r 'select(.number == 1) | .line[.matches[0].start:.matches[0].end]' \
    "$TMP/out")"
check "json: messages" "table is not exist 表不存在" \
    "$(jq -r 'select(.number == 1) | .matches[0] |
    "\(.message) \(.message_zh)"' "$TMP/out")"

# a line that is not UTF-8: U+FFFD in "line", the exact bytes in base64
jq -r 'select(.number == 3) | .line_base64' "$TMP/out" | base64 -d \
    > "$TMP/raw"
printf 'plain \377\376 x' > "$TMP/want"
check_files "json: base64 gives the bytes back" "$TMP/want" "$TMP/raw"
check "json: lossy text" "plain �� x" \
    "$(jq -r 'select(.number == 3) | .line' "$TMP/out")"
check "json: valid lines have no base64" "null" \
    "$(jq -r 'select(.number == 1) | .line_base64' "$TMP/out")"

# a line over 1 MiB: partial pieces, the ending apart from the text
{ head -c 1100000 /dev/zero | tr '\0' 'x'; printf ' tail\r\n'; } > "$TMP/long"
"$RC" --output=json < "$TMP/long" > "$TMP/out"
check "json, long line: pieces are partial" true \
    "$(jq -r .partial "$TMP/out" | sort -u)"
check "json, long line: last piece" '" tail" "\r\n"' \
    "$(tail -n 1 "$TMP/out" | jq -c '.line[-5:], .eol' | tr '\n' ' ' |
    sed 's/ $//')"
check "json, long line: bytes kept" "$(wc -c < "$TMP/long")" \
    "$(jq -j '.line, .eol' "$TMP/out" | wc -c)"

# stdin has no file; --only-matching keeps objects with matches; no
# colour ever
check "json: stdin" "null" \
    "$("$RC" --output=json < "$TMP/in" | jq -r .file | sort -u)"
check "json --only-matching" "1 2 4" "$("$RC" --output=json \
    --only-matching --color=always "$TMP/in" | jq -r .number | tr '\n' ' ' |
    sed 's/ $//')"
check "json: no escape" 0 \
    "$("$RC" --output=json --color=always "$TMP/in" | grep -c $'\033')"
check "bad --output" "rcannotate: --output: 'xml' is not text or json" \
    "$("$RC" --output=xml < /dev/null 2>&1)"

finish
