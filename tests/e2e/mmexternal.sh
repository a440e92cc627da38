# --mmexternal: rsyslog's external message modification protocol.  One
# JSON reply per line, {} when the line names no code, exact bytes kept,
# and never a byte on standard error (rsyslog reads it as replies).
. "$(dirname "$0")/lib.sh"

V100='"$!":{"rc":{"code":100,"subsystem":"tablet","name":"kTableIsNotExist","message":"table is not exist","message_zh":"表不存在","codes":[100]}}'
V307='"$!":{"rc":{"code":307,"subsystem":"nameserver","name":"kInvalidParameter","message":"invalid parameter","message_zh":"参数错误","codes":[307]}}'

# run_mm OUT ARGS...: input from $TMP/in, stderr must stay empty
run_mm() {
	local out=$1
	shift
	env -i "$RC" --mmexternal "$@" < "$TMP/in" > "$out" 2> "$TMP/err"
}

printf '%s\n' "heartbeat ok" "$L100" 'say "hi" \ now: table is not exist' \
    "$L307" > "$TMP/in"
printf 'a \xff\xfe table is not exist\tz\r\n\n' >> "$TMP/in"
printf '%s table is not exist and "invalid parameter" ReturnCode[307]\n' \
    '{"k":1}' >> "$TMP/in"
run_mm "$TMP/out"
check "status" 0 $?
{
	printf '{}\n'
	printf '{"msg":"%s",%s}\n' "$A100" "$V100"
	printf '{"msg":"say \\"hi\\" \\\\ now: table is not exist %s",%s}\n' \
	    '[tablet 100: table is not exist]' "$V100"
	printf '{"msg":"%s",%s}\n' "$A307" "$V307"
	printf '{"msg":"a \xff\xfe table is not exist %s\\u0009z\\u000d",%s}\n' \
	    '[tablet 100: table is not exist]' "$V100"
	printf '{}\n'
	printf '{"msg":"{\\"k\\":1} table is not exist and \\"invalid %s%s",%s}\n' \
	    'parameter\" ReturnCode[307] [nameserver 307: invalid ' \
	    'parameter]' \
	    '"$!":{"rc":{"code":307,"subsystem":"nameserver","name":"kInvalidParameter","message":"invalid parameter","message_zh":"参数错误","codes":[307]}}'
} > "$TMP/want"
check_files "replies" "$TMP/want" "$TMP/out"
check "nothing on stderr" "" "$(cat "$TMP/err")"

# a line that already carries its annotation: variables, no "msg"
printf '%s\n' "$A100" > "$TMP/in"
run_mm "$TMP/out"
check "annotated already" "{$V100}" "$(cat "$TMP/out")"

# --lang is an argument (the environment is empty under rsyslog)
printf '%s\n' "$L310" > "$TMP/in"
run_mm "$TMP/out" --lang zh
check "--lang zh" '{"msg":"failed to change leader. error msg: no alive follower [nameserver 310: 没有alive的follower]","$!":{"rc":{"code":310,"subsystem":"nameserver","name":"kNoAliveFollower","message":"no alive follower","message_zh":"没有alive的follower","codes":[310]}}}' \
    "$(cat "$TMP/out")"

# one reply per line, also for a line over 1 MiB and a last line
# without newline
{ head -c 1100000 /dev/zero | tr '\0' x; printf '\n%s' "$L100"; } \
    > "$TMP/in"
run_mm "$TMP/out"
check "long line, then no newline" "{}
{\"msg\":\"$A100\",$V100}" "$(cat "$TMP/out")"

# a plugin that cannot start answers every line with its error
printf 'one\ntwo\n' > "$TMP/in"
run_mm "$TMP/out" --lang fr
check "bad option: status after the input" 2 $?
check "bad option: replies" '{"$!":{"rcannotate_error":"rcannotate: --lang: '"'fr'"' is not en, zh or both"}}
{"$!":{"rcannotate_error":"rcannotate: --lang: '"'fr'"' is not en, zh or both"}}' \
    "$(cat "$TMP/out")"
check "bad option: nothing on stderr" "" "$(cat "$TMP/err")"
mkdir "$TMP/p"
printf 'text 999 x\nfoo\n' > "$TMP/p/x.rules"
run_mm "$TMP/out" --patterns "$TMP/p"
check "bad rules: status" 2 $?
check "bad rules: replies" "{\"\$!\":{\"rcannotate_error\":\"rcannotate: \
$TMP/p/x.rules:1:6: code is not in the catalogue\\u000arcannotate: \
$TMP/p/x.rules:2:1: unknown rule kind 'foo' (expected text, number or \
prefix)\"}}" "$(head -1 "$TMP/out")"
check "bad rules: two replies" 2 "$(wc -l < "$TMP/out")"
check "bad rules: nothing on stderr" "" "$(cat "$TMP/err")"

# options that make no sense with it are usage errors
for o in -f --output=json --input=journal-json --ci=github --prefix \
    --line-number --only-matching --summary --list; do
	"$RC" --mmexternal $o < /dev/null > "$TMP/out" 2> /dev/null
	check "--mmexternal $o: status" 2 $?
done
"$RC" --mmexternal "$TMP/in" < /dev/null > /dev/null 2>&1
check "--mmexternal FILE: status" 2 $?
"$RC" --mmexternal --summary --summary-file="$TMP/s" < /dev/null
check "--mmexternal --summary-file: status" 0 $?
check "--mmexternal --summary-file: summary" \
    "rcannotate summary: 0 lines read, 0 annotated, 0 naming a code" \
    "$(cat "$TMP/s")"
# without --mmexternal a usage error still goes to stderr
"$RC" --lang fr < /dev/null > "$TMP/out" 2> "$TMP/err"
check "usage error without --mmexternal" \
    "rcannotate: --lang: 'fr' is not en, zh or both" "$(cat "$TMP/err")"
finish
