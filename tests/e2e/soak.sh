# Soak: 2 million, then 20 million lines through standard input.  The
# output must be exactly the annotated input (so as many lines), and the
# peak RSS of the long run must be that of the short one: memory does
# not grow with the input.  Not for sanitizer or valgrind builds.
. "$(dirname "$0")/lib.sh"

block="$L100
$L307
plain line, no code: tid 100 127.0.0.1:10922 [E111] err from zk -110
$L310"
want="$A100
$A307
plain line, no code: tid 100 127.0.0.1:10922 [E111] err from zk -110
$A310"

# soak N: run N lines; the peak RSS (KiB) goes to $TMP/rss-N.
soak() {
	local counter
	rm -f "$TMP/fifo"
	mkfifo "$TMP/fifo"
	wc -l < "$TMP/fifo" > "$TMP/count-$1" &
	counter=$!
	yes "$block" | head -n "$1" |
	    peak_rss_kb "$TMP/rss-$1" "$RC" |
	    tee "$TMP/fifo" |
	    cmp -s - <(yes "$want" | head -n "$1")
	local status=("${PIPESTATUS[@]}")
	check "$1 lines: status" 0 "${status[2]}"
	check "$1 lines: output is the annotated input" 0 "${status[4]}"
	wait "$counter"
	check "$1 lines: line count" "$1" "$(tr -d ' ' < "$TMP/count-$1")"
	echo "$1 lines: peak RSS $(tail -n 1 "$TMP/rss-$1") KiB"
}

soak 2000000
soak 20000000
short=$(tail -n 1 "$TMP/rss-2000000")
long=$(tail -n 1 "$TMP/rss-20000000")
if [ "$long" -le $((short + 512)) ]; then pass; else
	fail "RSS grew: $short KiB at 2M lines, $long KiB at 20M"; fi
if [ "$long" -lt 16384 ]; then pass; else fail "RSS $long KiB"; fi

finish
