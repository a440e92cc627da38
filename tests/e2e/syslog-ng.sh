# syslog-ng end to end, with packaging/syslog-ng/rcannotate.conf: a
# private syslog-ng on 127.0.0.1 receives 200 messages over TCP, sends
# the OpenMLDB programs' ones through rcannotate --line-mode and reads
# them back from a FIFO into a file.  syslog-ng conflicts with rsyslog
# as a package, so it runs from its .deb unpacked here (apt-get download
# of the package named on the "download:" line of
# packaging/debian-packages; its libraries are on the "test:" lines).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/daemons.sh"


pkg=$(sed -n 's/^download: *//p' "$SRCDIR/packaging/debian-packages")
check "package to download" "syslog-ng-core" "$pkg"
(cd "$TMP" && apt-get download -q "$pkg") > "$TMP/download.log" 2>&1
check "apt-get download $pkg" 0 $?
dpkg-deb -x "$TMP"/"$pkg"_*.deb "$TMP/root"
R=$TMP/root
export LD_LIBRARY_PATH=$R/usr/lib/syslog-ng:$R/usr/lib/x86_64-linux-gnu
M=$(echo "$R"/usr/lib/syslog-ng/3.*)
[ -x "$R/usr/sbin/syslog-ng" ] || { fail "no syslog-ng"; finish; exit; }

P=$(free_port)
mkfifo "$TMP/back.fifo"
sed -e "s|/run/rcannotate.fifo|$TMP/back.fifo|g" \
    -e "s|/usr/bin/rcannotate|$RC|" \
    -e "s|/var/log/openmldb-annotated.log|$TMP/out.log|" \
    -e "s|source(s_src)|source(s_net)|" \
    "$SRCDIR/packaging/syslog-ng/rcannotate.conf" > "$TMP/rcannotate.conf"
cat > "$TMP/syslog-ng.conf" << EOF
@version: 3.38
options { stats_freq(0); };
source s_net { syslog(ip("127.0.0.1") port($P) transport("tcp")); };
@include "$TMP/rcannotate.conf"
EOF
"$R/usr/sbin/syslog-ng" --syntax-only -f "$TMP/syslog-ng.conf" \
    --module-path="$M" > "$TMP/syntax" 2>&1
check "syntax" 0 $?
"$R/usr/sbin/syslog-ng" -F -f "$TMP/syslog-ng.conf" --module-path="$M" \
    --persist-file="$TMP/persist" --pidfile="$TMP/pid" \
    --control="$TMP/ctl" > "$TMP/stdout" 2>&1 &
pids+=($!)
wait_for 100 listening "$P" || fail "syslog-ng does not listen"

# 200 messages: 150 from tablet, which the filter passes, 50 from
# another program, which it does not
for i in $(seq 1 50); do
	printf 'n%d %s\n' "$i" "$L100"
	printf 'n%d bad \xff "q" \\ %s\n' "$i" "$L310"
	printf 'n%d heartbeat ok, tid 100\n' "$i"
done > "$TMP/in"
logger -n 127.0.0.1 -P "$P" -T --octet-count -t tablet < "$TMP/in"
check "logger (tablet)" 0 $?
for i in $(seq 1 50); do
	printf 'other%d %s\n' "$i" "$L100"
done | logger -n 127.0.0.1 -P "$P" -T --octet-count -t other
wait_for 600 has_lines "$TMP/out.log" 150 ||
    fail "syslog-ng did not write 150 lines"
kill "$(cat "$TMP/pid")"
wait "${pids[0]}"
pids=()

# Each line is "DATE HOST tablet: MESSAGE": compare the messages.
sed 's/^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]\{8\} [^ ]* tablet: //' \
    "$TMP/out.log" > "$TMP/got"
"$RC" < "$TMP/in" > "$TMP/want"
check_files "150 messages, annotated, others filtered out" "$TMP/want" \
    "$TMP/got"
check "first message" "n1 $A100" "$(head -1 "$TMP/got")"
finish
