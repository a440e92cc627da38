# Where patterns come from: the data directory, then the system
# directory ($RCANNOTATE_SYSCONFDIR stands in for /etc/rcannotate), then
# $XDG_CONFIG_HOME/rcannotate (or ~/.config/rcannotate), then --patterns.
# codes.tsv replaces the catalogue; rule files of the same name replace
# earlier ones; rules.d/ adds rule files.  --print-config shows it all.
. "$(dirname "$0")/lib.sh"

P="$SRCDIR/patterns"
S="$TMP/etc"
U="$TMP/xdg/rcannotate"
export RCANNOTATE_SYSCONFDIR="$S" XDG_CONFIG_HOME="$TMP/xdg"
unset RCANNOTATE_PATTERNS
LX='W1203 10:00:00.000001 12345 x.cc:1] site says tablet gone'
LY='W1203 10:00:00.000001 12345 x.cc:1] user says tablet gone'

# nothing but the data directory
"$RC" --print-config > "$TMP/out" 2> "$TMP/err"
check "print-config: status" 0 $?
check "print-config: data only" "data dir: $P
system dir: $S (absent)
user dir: $U (absent)
--patterns: (none)
catalogue: $P/codes.tsv
rules: $P/default.rules" "$(cat "$TMP/out")"
check "print-config: no message" "" "$(cat "$TMP/err")"

# the system layer adds a rule file in rules.d
mkdir -p "$S/rules.d" "$U/rules.d"
printf 'text 100 \\bsite says tablet gone\\b\n' > "$S/rules.d/site.rules"
check "system rules.d" "$LX [tablet 100: table is not exist]" \
    "$(printf '%s\n' "$LX" | "$RC")"
check "default rules still there" "$A310" "$(printf '%s\n' "$L310" | "$RC")"

# the user layer replaces site.rules, and its codes.tsv the catalogue
printf 'text 101 \\buser says tablet gone\\b\n' > "$U/rules.d/site.rules"
sed 's/^101\ttablet\tkTableAlreadyExists\ttable already exists/101\ttablet\tkTableAlreadyExists\tTABLE EXISTS/' \
    "$P/codes.tsv" > "$U/codes.tsv"
check "user codes.tsv changed" 1 "$(grep -c 'TABLE EXISTS' "$U/codes.tsv")"
check "user rules.d replaces the system file" \
    "$LX
$LY [tablet 101: TABLE EXISTS]" \
    "$(printf '%s\n%s\n' "$LX" "$LY" | "$RC")"

# --patterns comes last: its default.rules replaces the data dir's
mkdir "$TMP/opt"
printf 'text 310 \\bno alive follower\\b\n' > "$TMP/opt/default.rules"
check "--patterns replaces default.rules" "$L100
$A310" "$(printf '%s\n%s\n' "$L100" "$L310" | "$RC" --patterns "$TMP/opt")"
"$RC" --patterns "$TMP/opt" --print-config > "$TMP/out"
check "print-config: four layers" "data dir: $P
system dir: $S
user dir: $U
--patterns: $TMP/opt
catalogue: $U/codes.tsv
rules: $TMP/opt/default.rules
  replaces: $P/default.rules
rules: $U/rules.d/site.rules
  replaces: $S/rules.d/site.rules" "$(cat "$TMP/out")"

# without XDG_CONFIG_HOME (or with a relative one): ~/.config
mkdir -p "$TMP/home/.config"
mv "$TMP/xdg/rcannotate" "$TMP/home/.config/"
for x in unset relative; do
	if [ $x = unset ]; then
		out=$(printf '%s\n' "$LY" | env -u XDG_CONFIG_HOME \
		    HOME="$TMP/home" "$RC")
	else
		out=$(printf '%s\n' "$LY" | XDG_CONFIG_HOME=xdg \
		    HOME="$TMP/home" "$RC")
	fi
	check "HOME/.config, XDG_CONFIG_HOME $x" \
	    "$LY [tablet 101: TABLE EXISTS]" "$out"
done

# an empty environment (rsyslog's plugins): no user layer at all
env -i RCANNOTATE_SYSCONFDIR="$S" "$RC" --print-config > "$TMP/out"
check "empty environment: no user dir" "user dir: (none)" \
    "$(sed -n 3p "$TMP/out")"
# an empty RCANNOTATE_SYSCONFDIR: no system layer
RCANNOTATE_SYSCONFDIR= "$RC" --print-config > "$TMP/out"
check "empty RCANNOTATE_SYSCONFDIR" "system dir: (none)" \
    "$(sed -n 2p "$TMP/out")"

# errors name the file of the layer that holds it; exit 2
printf 'text 999 nothing\n' > "$S/rules.d/bad.rules"
printf '%s\n' "$L100" | "$RC" > "$TMP/out" 2> "$TMP/err"
check "bad system rule: status" 2 $?
check "bad system rule: message" \
    "rcannotate: $S/rules.d/bad.rules:1:6: code is not in the catalogue" \
    "$(cat "$TMP/err")"
check "bad system rule: no output" "" "$(cat "$TMP/out")"
"$RC" --print-config > "$TMP/out" 2> "$TMP/err"
check "print-config of bad rules: status" 2 $?
check "print-config of bad rules: files shown" "rules: $S/rules.d/bad.rules" \
    "$(grep bad.rules "$TMP/out")"
rm "$S/rules.d/bad.rules"

# --patterns must name a directory; the other layers may be missing
printf '%s\n' "$L100" | "$RC" --patterns "$TMP/none" > "$TMP/out" \
    2> "$TMP/err"
check "missing --patterns: status" 2 $?
check "missing --patterns: message" \
    "rcannotate: cannot open pattern directory $TMP/none: No such file \
or directory" \
    "$(cat "$TMP/err")"
: > "$TMP/file"
RCANNOTATE_SYSCONFDIR="$TMP/file" "$RC" --print-config > /dev/null \
    2> "$TMP/err"
check "system dir is a file: status" 2 $?
check "system dir is a file: message" \
    "rcannotate: cannot open pattern directory $TMP/file: Not a directory" \
    "$(cat "$TMP/err")"

# A catalogue with only a new code: the bundled rules name codes it
# lacks, and the last message says which catalogue that was
mkdir "$TMP/one"
printf '999\ttablet\tkX\tx msg\tx\n' > "$TMP/one/codes.tsv"
RCANNOTATE_SYSCONFDIR="$TMP/one" "$RC" < /dev/null > /dev/null 2> "$TMP/err"
check "catalogue of one code: status" 2 $?
check "catalogue of one code: the hint" "rcannotate: 121 rules name codes \
missing from $TMP/one/codes.tsv: a codes.tsv replaces the catalogue of \
earlier layers whole, so add codes to a copy of the bundled one" \
    "$(tail -n 1 "$TMP/err")"
# --print-config marks a catalogue that is not there
mkdir "$TMP/empty"
RCANNOTATE_PATTERNS="$TMP/empty" "$RC" --print-config > "$TMP/out" 2> /dev/null
check "absent catalogue marked" "catalogue: $TMP/empty/codes.tsv (absent)" \
    "$(grep '^catalogue:' "$TMP/out")"

finish
