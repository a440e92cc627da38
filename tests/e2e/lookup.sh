# --lookup and --list, like perror: codes, names, words (English,
# Chinese, the servers' own wording), strict arguments, exit statuses.
. "$(dirname "$0")/lib.sh"
unset LC_ALL LC_MESSAGES LANG

E100='100 tablet kTableIsNotExist
    table is not exist
    表不存在
    also hybridse status 100 (kUnSupport), printed as [100]
    also Linux errno 100 (Network is down), printed by brpc as [E100]'
E307='307 nameserver kInvalidParameter
    invalid parameter
    参数错误'

lookup() {
	"$RC" --lookup "$@" > "$TMP/out" 2> "$TMP/err"
	echo $? > "$TMP/status"
}

for arg in 100 kTableIsNotExist TABLE_IS_NOT_EXIST 'table is not exist' \
    'table does not exist' 'table[t1] is not exist!' '表不存在'; do
	lookup -- "$arg"
	check "lookup '$arg'" "$E100" "$(cat "$TMP/out")"
	check "lookup '$arg': status" 0 "$(cat "$TMP/status")"
done
lookup 'ReturnCode[307]--x'
check "lookup a numeric form" "$E307" "$(cat "$TMP/out")"
lookup ok
check "lookup ok" "0 none kOk
    ok
    成功" "$(cat "$TMP/out")"

# several: the known ones printed, the unknown one reported, status 1
lookup 100 307 999
check "100 307 999: output" "$E100
$E307" "$(cat "$TMP/out")"
check "100 307 999: message" "rcannotate: 999: no return code" \
    "$(cat "$TMP/err")"
check "100 307 999: status" 1 "$(cat "$TMP/status")"
"$RC" --lookup=-110 > "$TMP/out" 2> "$TMP/err"
check "-110: status" 1 $?
check "-110: message" "rcannotate: -110: negative numbers are no return \
codes (the ZooKeeper client prints some)" "$(cat "$TMP/err")"
check "-110: nothing printed" "" "$(cat "$TMP/out")"

# strict: these are usage errors naming the argument, nothing printed
for arg in abc 100x 0x64 0100 kNoSuchName +100 '   ' ''; do
	lookup 100 "$arg"
	check "'$arg': status" 2 "$(cat "$TMP/status")"
	check "'$arg': message" "rcannotate: --lookup: '$arg' is not a code, \
an enum name or message words" "$(cat "$TMP/err")"
	check "'$arg': nothing printed" "" "$(cat "$TMP/out")"
done
lookup
check "no argument: status" 2 "$(cat "$TMP/status")"

# the locale or --lang puts Chinese first
check "LANG=zh_CN.UTF-8" "310 nameserver kNoAliveFollower
    没有alive的follower
    no alive follower" "$(LANG=zh_CN.UTF-8 "$RC" --lookup 310)"
check "--lang zh" "310 nameserver kNoAliveFollower
    没有alive的follower
    no alive follower" "$("$RC" --lang zh --lookup 310)"

# --list: every code, one line each
"$RC" --list > "$TMP/out"
check "--list: status" 0 $?
check "--list: lines" "$(grep -vc '^#' "$SRCDIR/patterns/codes.tsv" |
    awk '{ print $1 - 1 }')" "$(wc -l < "$TMP/out")"
check "--list: 454" "454	replica-cluster	kCurNameserverIsNotLeaderMdoe	cur \
nameserver is not leader mdoe" "$(grep '^454' "$TMP/out")"
check "--list --lang zh: 100" "100	tablet	kTableIsNotExist	表不存在" \
    "$("$RC" --list --lang zh | grep '^100')"

check "--list --output=json" "100 tablet kTableIsNotExist table is not \
exist 表不存在" "$("$RC" --list --output=json | jq -r 'select(.code == 100) |
    [.code, .subsystem, .name, .message, .message_zh] | map(tostring) |
    join(" ")')"
check "--list --output=json: count" 102 \
    "$("$RC" --list --output=json | jq -c . | wc -l)"

finish
