# The Debian package: packaging/build-deb builds it (running the unit
# and end-to-end tests inside dpkg-buildpackage), lintian accepts it but
# for the warning every package gets before its first upload, and it
# holds the binary, the data, the man page, the completions and the
# units.  The unpacked binary must work from where it was unpacked.
. "$(dirname "$0")/../e2e/lib.sh"

"$SRCDIR/packaging/build-deb" "$TMP/out" > "$TMP/build.log" 2>&1
status=$?
check "build-deb: status" 0 $status
if [ $status -ne 0 ]; then
	# ctest --verbose prefixes each test's lines with its number
	grep -E -A2 '^[0-9]+: FAIL' "$TMP/build.log"
	tail -40 "$TMP/build.log"
fi
check "tests ran in the package build" 1 \
    "$(grep -c '^100% tests passed' "$TMP/build.log")"
deb=$(ls "$TMP"/out/rcannotate_*_*.deb 2> /dev/null)
check "one .deb" 1 "$(printf '%s\n' "$deb" | grep -c '\.deb$')"

lintian "$TMP"/out/rcannotate_*.changes > "$TMP/lintian" 2> "$TMP/lerr"
check "lintian: status" 0 $?
check "lintian: only the initial-upload warning" "W: rcannotate: \
initial-upload-closes-no-bugs [usr/share/doc/rcannotate/changelog.Debian.gz:1]" \
    "$(cat "$TMP/lintian")"

dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -v '/$' | sort \
    > "$TMP/files"
for f in ./usr/bin/rcannotate ./usr/share/rcannotate/codes.tsv \
    ./usr/share/rcannotate/default.rules \
    ./usr/share/man/man1/rcannotate.1.gz \
    ./usr/share/bash-completion/completions/rcannotate \
    ./usr/share/zsh/vendor-completions/_rcannotate \
    ./usr/share/fish/vendor_completions.d/rcannotate.fish \
    ./lib/systemd/system/rcannotate@.service \
    ./lib/systemd/system/rcannotate-journal.service \
    ./usr/share/doc/rcannotate/examples/rsyslog/rcannotate.conf \
    ./usr/share/doc/rcannotate/copyright; do
	grep -qx -- "$f" "$TMP/files" && pass || fail "package lacks $f"
done

# The folder the README tells administrators to put their rules in.
dpkg-deb -c "$deb" | awk '{ print $6 }' |
    grep -qx './etc/rcannotate/rules.d/' && pass ||
    fail "package lacks /etc/rcannotate/rules.d/"

dpkg-deb -x "$deb" "$TMP/root"
check "unpacked binary" "$A100" \
    "$(printf '%s\n' "$L100" | "$TMP/root/usr/bin/rcannotate")"
check "unit runs the packaged binary" \
    "ExecStart=/usr/bin/rcannotate -F -n 0 %f" \
    "$(grep ^ExecStart "$TMP/root/lib/systemd/system/rcannotate@.service")"
zcat "$TMP/root/usr/share/man/man1/rcannotate.1.gz" > "$TMP/man"
for s in NAME SYNOPSIS OPTIONS FILES ENVIRONMENT 'EXIT STATUS' EXAMPLES \
    BUGS; do
	grep -q "^\.SH \"*$s\"*\$" "$TMP/man" && pass ||
	    fail "man page lacks $s"
done
finish
