# Options, language, templates, idempotence and the bundled sample.
. "$(dirname "$0")/lib.sh"
unset LC_ALL LC_MESSAGES LANG

"$RC" --help > "$TMP/out" 2> "$TMP/err"
check "--help: status" 0 $?
for opt in --lang --template --patterns --help --version; do
	grep -q -- "$opt" "$TMP/out" && pass || fail "--help lacks $opt"
done
grep -q 'Exit status: 0 success, 1' "$TMP/out" && pass ||
    fail "--help lacks the exit statuses"
check "--version" "rcannotate 0.1.0" "$("$RC" --version)"
"$RC" --help > /dev/full 2> "$TMP/err"
check "--help to /dev/full: status" 1 $?
check "--help to /dev/full: message" \
    "rcannotate: write error: No space left on device" "$(cat "$TMP/err")"

# usage errors: exit 2, one message, nothing on stdout
usage() {
	local name=$1 want=$2
	shift 2
	printf '%s\n' "$L100" | "$RC" "$@" > "$TMP/out" 2> "$TMP/err"
	check "$name: status" 2 $?
	check "$name: message" "$want" "$(cat "$TMP/err")"
	check "$name: no output" 0 "$(wc -c < "$TMP/out")"
}
usage "unknown option" \
    "rcannotate: unknown option --bogus (see --help)" --bogus
usage "unknown short option" "rcannotate: unknown option -x (see --help)" -x
usage "argument to a flag" \
    "rcannotate: option --help takes no argument (see --help)" --help=x
usage "empty --patterns" \
    "rcannotate: --patterns: the directory name is empty" --patterns=
usage "following stdin" "rcannotate: standard input (-) cannot be \
followed; name files with -f" -f -
usage "bad --follow" "rcannotate: --follow: 'x' is not descriptor or name" \
    --follow=x
usage "bad -n" "rcannotate: -n: '1x' is not a number of lines (N or +N)" \
    -n 1x
usage "bad -s" "rcannotate: --sleep-interval: '0' is not a number of \
seconds above 0" -s 0
usage "bad --pid" "rcannotate: --pid: '-5' is not a process id" --pid=-5
usage "missing argument" \
    "rcannotate: option --lang needs an argument (see --help)" --lang
usage "bad --lang" "rcannotate: --lang: 'fr' is not en, zh or both" \
    --lang=fr
usage "bad --template" "rcannotate: --template: unknown placeholder or \
stray brace at column 3: {cod}]" --template ' [{cod}]'

usage "--template with a line break" "rcannotate: --template: a line \
break is not allowed (column 3)" --template " [
{code}]"

# languages, from the option and from the environment
A310ZH='failed to change leader. error msg: no alive follower [nameserver 310: 没有alive的follower]'
A310BOTH='failed to change leader. error msg: no alive follower [nameserver 310: no alive follower | 没有alive的follower]'
lang() {
	printf '%s\n' "$L310" | env "$@" "$RC" 2>&1
}
check "--lang en" "$A310" \
    "$(printf '%s\n' "$L310" | LANG=zh_CN.UTF-8 "$RC" --lang en)"
check "--lang zh" "$A310ZH" "$(printf '%s\n' "$L310" | "$RC" --lang zh)"
check "--lang both" "$A310BOTH" \
    "$(printf '%s\n' "$L310" | "$RC" --lang=both)"
check "LANG=zh_CN.UTF-8" "$A310ZH" "$(lang LANG=zh_CN.UTF-8)"
check "LANG=zh_TW" "$A310ZH" "$(lang LANG=zh_TW)"
check "LANG=en_US.UTF-8" "$A310" "$(lang LANG=en_US.UTF-8)"
check "LC_MESSAGES over LANG" "$A310" \
    "$(lang LANG=zh_CN.UTF-8 LC_MESSAGES=C)"
check "LC_ALL over LC_MESSAGES" "$A310ZH" \
    "$(lang LC_MESSAGES=C LC_ALL=zh_CN.UTF-8)"
check "empty LC_ALL is skipped" "$A310ZH" \
    "$(lang LC_ALL= LANG=zh_CN.UTF-8)"
check "no locale at all" "$A310" "$(lang -i PATH="$PATH")"

# templates
check "--template" "failed to change leader. error msg: no alive \
follower <310 kNoAliveFollower nameserver {x}>" \
    "$(printf '%s\n' "$L310" |
    "$RC" --template ' <{code} {name} {subsystem} {{x}}>')"
check "--template {en} {zh}" "failed to change leader. error msg: no alive \
follower (no alive follower/没有alive的follower)" \
    "$(printf '%s\n' "$L310" | "$RC" --template ' ({en}/{zh})')"

# the bundled sample: exact expected output
"$RC" "$SRCDIR/examples/sample.log" > "$TMP/out" 2> "$TMP/err"
check "sample: status" 0 $?
check_files "sample: output" "$SRCDIR/tests/data/sample.expected" "$TMP/out"

# the PCRE2 interpreter gives the same output as the JIT
cat "$SRCDIR/examples/sample.log" "$SRCDIR/tests/data/real-lines.txt" \
    > "$TMP/in"
"$RC" < "$TMP/in" > "$TMP/jit"
RCANNOTATE_NO_JIT=1 "$RC" < "$TMP/in" > "$TMP/nojit"
check_files "RCANNOTATE_NO_JIT=1: same output" "$TMP/jit" "$TMP/nojit"

# running over its own output adds nothing, in every style
cat "$SRCDIR/examples/sample.log" "$SRCDIR/tests/data/real-lines.txt" \
    > "$TMP/in"
for style in "--lang=en" "--lang=zh" "--lang=both" \
    "--template= <{code} {name}>"; do
	"$RC" "$style" < "$TMP/in" > "$TMP/once"
	"$RC" "$style" < "$TMP/once" > "$TMP/twice"
	check_files "idempotent with $style" "$TMP/once" "$TMP/twice"
	if cmp -s "$TMP/in" "$TMP/once"; then
		fail "$style annotated nothing"
	else
		pass
	fi
done

finish
