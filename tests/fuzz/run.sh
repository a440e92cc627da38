#!/bin/sh
# Run every libFuzzer target for a while on its seeds, as CI does.
#   tests/fuzz/run.sh BUILD-DIR [SECONDS]
# BUILD-DIR was configured with CC=clang -DRCANNOTATE_FUZZ=ON.  Each
# target runs SECONDS (default 60) with a fresh corpus made from
# tests/fuzz/seeds/TARGET, in BUILD-DIR/fuzz-corpus/TARGET.  A crash, a
# leak, a failed check or an input slower than 10 s stops the run with
# a non-zero status and leaves the input that did it in BUILD-DIR.
# The last line per target says how many inputs were run.
set -eu
build=$1
seconds=${2:-60}
src=$(cd "$(dirname "$0")" && pwd)

for t in annotate patterns journal; do
	corpus=$build/fuzz-corpus/$t
	rm -rf "$corpus"
	mkdir -p "$corpus"
	log=$build/fuzz-$t.log
	if ! (cd "$build" && "./fuzz-$t" -max_total_time="$seconds" \
	    -timeout=10 -print_final_stats=1 "fuzz-corpus/$t" \
	    "$src/seeds/$t") > "$log" 2>&1; then
		tail -n 40 "$log"
		echo "fuzz-$t: FAILED (log: $log)"
		exit 1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	echo "fuzz-$t: $runs inputs in $seconds s, no failure"
done
