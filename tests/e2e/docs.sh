# The documentation stays true to --help: every long option --help shows
# is in the man page source, in README.md and in the three shell
# completions.
. "$(dirname "$0")/lib.sh"

"$RC" --help > "$TMP/help"
check "--help: status" 0 $?
# the options column, and the "(also --silent)" style aliases
{
	grep -Eo -- '^  (-[a-zA-Z], |    )--[a-z-]+' "$TMP/help" |
	    sed 's/.*--/--/'
	grep -Eo -- '\(also --[a-z-]+' "$TMP/help" | sed 's/.*--/--/'
} | sort -u > "$TMP/opts"
check "long options found" 1 \
    "$([ "$(wc -l < "$TMP/opts")" -ge 30 ] && echo 1)"
for f in doc/rcannotate.1.scd README.md packaging/completions/_rcannotate \
    packaging/completions/rcannotate.bash \
    packaging/completions/rcannotate.fish; do
	while read -r opt; do
		if [ "${f##*.}" = fish ]; then
			pat="-l ${opt#--}( |\$)"
		else
			pat="$opt([^a-z-]|\$)"
		fi
		grep -Eq -- "$pat" "$SRCDIR/$f" && pass ||
		    fail "$f lacks $opt"
	done < "$TMP/opts"
done
# the short options too
grep -Eo -- '^  -[a-zA-Z]' "$TMP/help" | tr -d ' ' > "$TMP/short"
check "short options found" "-f -F -n -s -q -h -V" \
    "$(tr '\n' ' ' < "$TMP/short" | sed 's/ $//')"
while read -r opt; do
	grep -Eq -- "\\*$opt\\*" "$SRCDIR/doc/rcannotate.1.scd" && pass ||
	    fail "man page lacks $opt"
done < "$TMP/short"

# The rules README.md quotes as examples are the bundled ones, verbatim.
grep -E '^    (prefix|number|text) ' "$SRCDIR/README.md" | cut -c5- \
    > "$TMP/quoted"
check "README quotes rules" 5 "$(wc -l < "$TMP/quoted")"
while IFS= read -r rule; do
	grep -qxF -- "$rule" "$SRCDIR/patterns/default.rules" && pass ||
	    fail "README quotes a rule default.rules lacks: $rule"
done < "$TMP/quoted"
finish
