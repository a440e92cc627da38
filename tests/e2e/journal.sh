# --input=journal-json with journal files made by systemd-journal-remote
# (no journald needed): every shape of MESSAGE, non-JSON lines, JSON
# output with RC_* fields.
. "$(dirname "$0")/lib.sh"
export TZ=UTC
REMOTE=/lib/systemd/systemd-journal-remote

# Journal export format: one entry per block; MESSAGE as text, as
# binary (a trailing CR makes journalctl print a byte array), repeated
# (an array of strings), and over 4096 bytes (null without --all).
{
	printf '__REALTIME_TIMESTAMP=1701597600000000\n_HOSTNAME=node1\n'
	printf 'SYSLOG_IDENTIFIER=tablet\n_PID=42\n'
	printf 'MESSAGE=table is not exist. tid 4, pid 0\n\n'
	printf '__REALTIME_TIMESTAMP=1701597601000000\n_HOSTNAME=node1\n'
	printf 'SYSLOG_IDENTIFIER=tablet\nMESSAGE\n'
	printf '\023\0\0\0\0\0\0\0table is not exist\r\n\n'
	printf '__REALTIME_TIMESTAMP=1701597602000000\n_HOSTNAME=node1\n'
	printf 'SYSLOG_IDENTIFIER=tablet\n'
	printf 'MESSAGE=Set resp: 307, invalid parameter\n'
	printf 'MESSAGE=failed to change leader. error msg: no alive follower\n\n'
	printf '__REALTIME_TIMESTAMP=1701597603000000\n_HOSTNAME=node1\n'
	printf 'SYSLOG_IDENTIFIER=tablet\nMESSAGE='
	head -c 5000 /dev/zero | tr '\0' 'x'
	printf ' no alive follower\n\n'
} > "$TMP/export"
"$REMOTE" --output="$TMP/test.journal" "$TMP/export" 2> "$TMP/remote.err"
check "journal file made" 0 $?
journalctl --file="$TMP/test.journal" -o json --all > "$TMP/all.json"
journalctl --file="$TMP/test.journal" -o json > "$TMP/short.json"
check "shapes as journalctl gives them" 'string array array string' \
    "$(jq -r '.MESSAGE | type' "$TMP/all.json" | tr '\n' ' ' |
    sed 's/ $//')"
check "null without --all" null "$(tail -n 1 "$TMP/short.json" |
    jq -r '.MESSAGE | type')"

# text output: the messages, annotated; CR kept
{ cat "$TMP/all.json"; echo 'not json'; tail -n 1 "$TMP/short.json"; } |
    "$RC" --input=journal-json > "$TMP/out" 2> "$TMP/err"
check "text: status" 0 $?
printf '%s\n%s\r\n%s\n%s\n' \
    'table is not exist [tablet 100: table is not exist]. tid 4, pid 0' \
    'table is not exist [tablet 100: table is not exist]' \
    'Set resp: 307, [nameserver 307: invalid parameter] invalid parameter' \
    "$A310" > "$TMP/want"
head -n 4 "$TMP/out" > "$TMP/got"
check_files "text: the four messages" "$TMP/want" "$TMP/got"
check "text: the long one" 1 "$(sed -n 5p "$TMP/out" |
    grep -c 'x no alive follower \[nameserver 310: no alive follower\]$')"
check "text: non-JSON line passed through" "not json" \
    "$(sed -n 6p "$TMP/out")"
check "text: nothing for null" 6 "$(wc -l < "$TMP/out")"
check "text: warnings" "rcannotate: a line is not journal JSON; such lines \
pass through unchanged
rcannotate: a MESSAGE is null (longer than 4096 bytes): run journalctl \
with --all
rcannotate: 1 lines were not journal JSON and passed through unchanged
rcannotate: 1 entries had no MESSAGE text (null, missing or not text; for \
null use journalctl --all)" \
    "$(cat "$TMP/err")"

# --only-matching leaves out messages without a code; odd combinations
# are usage errors
check "--only-matching" "$A310" "$(printf '%s\n' '{"MESSAGE":"x"}' \
    "{\"MESSAGE\":\"$L310\"}" | "$RC" --input=journal-json --only-matching)"
"$RC" --input=journal-json --ci=github < /dev/null 2> /dev/null
check "--ci with journal input" 2 $?
"$RC" --journal-short < /dev/null 2> /dev/null
check "--journal-short without journal input" 2 $?

# like journalctl -o short
check "--journal-short" "Dec 03 10:00:00 node1 tablet[42]: table is not \
exist [tablet 100: table is not exist]. tid 4, pid 0" \
    "$("$RC" --input=journal-json --journal-short < "$TMP/all.json" |
    head -n 1)"

# JSON output: every field kept, RC_* added where a code was found
"$RC" --input=journal-json --output=json < "$TMP/all.json" \
    > "$TMP/out.json"
check "json: entries" 4 "$(jq -c . "$TMP/out.json" | wc -l)"
check "json: codes" "100 100 307 310" "$(jq -r .RC_CODE "$TMP/out.json" |
    tr '\n' ' ' | sed 's/ $//')"
check "json: RC fields" "tablet kTableIsNotExist table is not exist" \
    "$(head -n 1 "$TMP/out.json" |
    jq -r '"\(.RC_SUBSYSTEM) \(.RC_NAME) \(.RC_MESSAGE)"')"
check "json: fields kept" "$(jq -c 'del(.RC_CODE, .RC_SUBSYSTEM, .RC_NAME,
    .RC_MESSAGE)' "$TMP/out.json")" "$(jq -c . "$TMP/all.json")"
check "json --lang zh" "表不存在" "$("$RC" --input=journal-json \
    --output=json --lang zh < "$TMP/all.json" | head -n 1 |
    jq -r .RC_MESSAGE)"

finish
