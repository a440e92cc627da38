# Where patterns come from, and how bad pattern files are reported: exit
# 2, file:line[:column], nothing on standard output.
. "$(dirname "$0")/lib.sh"

printf '%s\n' "$L100" > "$TMP/in"
P="$SRCDIR/patterns"

# RCANNOTATE_PATTERNS replaces the data directory; --patterns adds a
# last layer (tests/e2e/config.sh)
mkdir "$TMP/p"
cp "$P/codes.tsv" "$TMP/p/"
printf 'text 100 \\bis not exist\\b\n' > "$TMP/p/mine.rules"
want='W1203 10:00:00.000001 12345 tablet_impl.cc:100] table is not exist [tablet 100: table is not exist]. tid 4, pid 0'
check "--patterns" "$want" "$("$RC" --patterns "$TMP/p" < "$TMP/in")"
check "RCANNOTATE_PATTERNS" "$want" \
    "$(RCANNOTATE_PATTERNS="$TMP/p" "$RC" < "$TMP/in")"
check "--patterns beats the environment" "$A100" \
    "$(RCANNOTATE_PATTERNS="$TMP/p" "$RC" --patterns "$P" < "$TMP/in")"

# A prefix rule is tried only where a line starts with a byte it can
# start with; a caseless one can start with either case.  A skipped
# prefix hides the text a rule would match there.
mkdir "$TMP/pre"
cp "$P/codes.tsv" "$TMP/pre/"
printf 'prefix - (?i)abc:\\x20\ntext 100 \\bABC: table\\b\n' \
    > "$TMP/pre/x.rules"
printf 'ABC: table\nxyz ABC: table\n' |
    RCANNOTATE_PATTERNS="$TMP/pre" "$RC" > "$TMP/out"
printf 'ABC: table\nxyz ABC: table [tablet 100: table is not exist]\n' \
    > "$TMP/want"
check_files "caseless prefix skipped" "$TMP/want" "$TMP/out"

# bad pattern directories and files
bad() {
	local name=$1 want=$2
	RCANNOTATE_PATTERNS="$TMP/b" "$RC" < "$TMP/in" > "$TMP/out" \
	    2> "$TMP/err"
	check "$name: status" 2 $?
	check "$name: message" "$want" "$(cat "$TMP/err")"
	check "$name: no output" 0 "$(wc -c < "$TMP/out")"
}
mkdir "$TMP/b"
bad "no catalogue" \
    "rcannotate: cannot open $TMP/b/codes.tsv: No such file or directory"
cp "$P/codes.tsv" "$TMP/b/"
bad "no rules" "rcannotate: $TMP/b: no rule files (*.rules)"
printf 'text 100 ok\nnumber - ReturnCode\\[(\\d+)\\]\ntext 307 a(b\n' \
    > "$TMP/b/x.rules"
bad "bad regex" "rcannotate: $TMP/b/x.rules:3:13: missing closing \
parenthesis"
printf 'text 999 abc\nfoo 1 x\nnumber - abc\n' > "$TMP/b/x.rules"
bad "several bad rules" "rcannotate: $TMP/b/x.rules:1:6: code is not in \
the catalogue
rcannotate: $TMP/b/x.rules:2:1: unknown rule kind 'foo' (expected text, \
number or prefix)
rcannotate: $TMP/b/x.rules:3:10: number rule needs a group that captures \
the code"
printf 'text 100 ok\n' > "$TMP/b/x.rules"
{ head -n 9 "$P/codes.tsv"; sed -n 9p "$P/codes.tsv"; } > "$TMP/b/codes.tsv"
bad "duplicate code" "rcannotate: $TMP/b/codes.tsv:10: duplicate code 0 \
(first on line 9)
rcannotate: $TMP/b/codes.tsv:10: duplicate name kOk (first on line 9)"
printf '100\ttablet\tkX\ttable is not exist\n' > "$TMP/b/codes.tsv"
bad "missing field" "rcannotate: $TMP/b/codes.tsv:1: expected 5 \
tab-separated fields, found 4"
printf '100\ttablet\tkX\ttable is not exist\t\xe8\xa1\n' > "$TMP/b/codes.tsv"
bad "invalid UTF-8" "rcannotate: $TMP/b/codes.tsv:1:34: invalid UTF-8"

cp "$P/codes.tsv" "$TMP/b/"
mkfifo "$TMP/b/y.rules"
bad "a FIFO as a rule file" \
    "rcannotate: cannot open $TMP/b/y.rules: not a regular file"
rm "$TMP/b/y.rules"
ln -s /dev/zero "$TMP/b/y.rules"
bad "/dev/zero as a rule file" \
    "rcannotate: cannot open $TMP/b/y.rules: not a regular file"
rm "$TMP/b/y.rules"

# the install puts the binary in bin and the patterns in share/rcannotate
if [ -n "${BUILDDIR:-}" ]; then
	prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' \
	    "$BUILDDIR/CMakeCache.txt")
	DESTDIR="$TMP/root" cmake --install "$BUILDDIR" > /dev/null
	root=$TMP/root$prefix
	check "install: binary" 0 $([ -x "$root/bin/rcannotate" ]; echo $?)
	for f in codes.tsv default.rules; do
		cmp -s "$P/$f" "$root/share/rcannotate/$f" && pass ||
		    fail "install: share/rcannotate/$f"
	done
	# an installed binary outside the build tree looks in the data dir,
	# or, when that has no catalogue, in ../share/rcannotate beside it
	check "installed binary, moved" "$A100" \
	    "$("$root/bin/rcannotate" < "$TMP/in" 2> "$TMP/err")"
	mv "$root/share/rcannotate" "$root/share/elsewhere"
	"$root/bin/rcannotate" < "$TMP/in" > /dev/null 2> "$TMP/err"
	if [ -d "$prefix/share/rcannotate" ]; then
		pass
	else
		check "installed binary: data dir" "rcannotate: cannot open \
$prefix/share/rcannotate/codes.tsv: No such file or directory" \
		    "$(cat "$TMP/err")"
	fi
	mv "$root/share/elsewhere" "$root/share/rcannotate"
	check "installed binary with RCANNOTATE_PATTERNS" "$A100" \
	    "$(RCANNOTATE_PATTERNS="$root/share/rcannotate" \
	    "$root/bin/rcannotate" < "$TMP/in")"
fi

# Start-of-pattern verbs: (*NO_JIT) runs on the interpreter (it once
# made every line fail as if a limit had been hit), and a
# (*NO_START_OPT) pattern is not taken for one that can match nothing.
mkdir "$TMP/verbs"
cp "$P/codes.tsv" "$P/default.rules" "$TMP/verbs/"
printf '%s\n' 'text 101 (*NO_JIT)\babc\b' \
    'text 109 (*NO_START_OPT)\bxyz\b' > "$TMP/verbs/v.rules"
printf '%s\n' "$L100" 'abc' 'xyz' "$L307" |
    RCANNOTATE_PATTERNS="$TMP/verbs" "$RC" > "$TMP/out" 2> "$TMP/err"
check "verbs: status" 0 $?
check "verbs: output" "$A100
abc [tablet 101: table already exists]
xyz [tablet 109: key not found]
$A307" "$(cat "$TMP/out")"
check "verbs: stderr" "" "$(cat "$TMP/err")"

# A byte-order mark at the start of a rule file or catalogue is skipped;
# a column on line 1 counts from after it.
mkdir "$TMP/bom"
printf '\xef\xbb\xbf' | cat - "$P/codes.tsv" > "$TMP/bom/codes.tsv"
printf '\xef\xbb\xbftext 100 \\bis not exist\\b\n' > "$TMP/bom/a.rules"
check "byte-order marks: output" "$A100" \
    "$(printf '%s\n' "$L100" | RCANNOTATE_PATTERNS="$TMP/bom" "$RC" 2>&1)"
printf '\xef\xbb\xbftext 100 (x\n' > "$TMP/bom/a.rules"
check "byte-order mark: column" "rcannotate: $TMP/bom/a.rules:1:12: \
missing closing parenthesis" \
    "$(RCANNOTATE_PATTERNS="$TMP/bom" "$RC" < /dev/null 2>&1)"
finish
