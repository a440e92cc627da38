#!/bin/bash
# Throughput benchmark.  Generates synthetic logs (2% and 20% of lines
# with a code), checks rcannotate's output against the generator's, then
# times, alternating in one run: cat | cat (the pipe's limit), rcannotate,
# a perl one-liner doing the same kind of annotation (catalogue texts and
# ReturnCode[n] / Set resp: n), and sed with one substitution per code.
# Prints median throughput and ratios, peak RSS at 10 MB and 1 GB of
# input, start-up time, and the follow latency.
#   tests/bench/run.sh [BUILD-DIR] [SIZE-MB] [ROUNDS]
set -eu
build=${1:-build}
size_mb=${2:-200}
rounds=${3:-3}
src=$(cd "$(dirname "$0")/../.." && pwd)
rc=$build/rcannotate
gen=$build/tests/gen-log
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rcannotate-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
size=$((size_mb * 1024 * 1024))

ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The perl and sed competitors, built from the catalogue.
awk -F'\t' '!/^#/ && NF == 5 && $1 != 0 {
	gsub(/[\\\/.*[\]^$]/, "\\\\&", $4)
	printf "s/%s/& [%s %s: %s]/\n", $4, $2, $1, $4
}' "$src/patterns/codes.tsv" > "$tmp/sed.script"
awk -F'\t' 'BEGIN { print "my %t; my %n;" }
!/^#/ && NF == 5 && $1 != 0 {
	gsub(/[\\'"'"']/, "\\\\&", $4)
	printf "$t{'"'"'%s'"'"'} = '"'"' [%s %s: %s]'"'"'; ", $4, $2, $1, $4
	printf "$n{%s} = '"'"' [%s %s: %s]'"'"';\n", $1, $2, $1, $4
}
END {
	print "my $re = join q(|), map { quotemeta } sort { length $b <=> length $a } keys %t;"
	print "$re = qr/\\b($re)\\b/;"
	print "while (<>) {"
	print "  if (s/((?:ReturnCode\\[|Set resp: )(\\d+)[\\],]?)/$1 . ($n{$2} \\/\\/ q())/e) { print; next }"
	print "  s/$re/$1$t{$1}/; print;"
	print "}"
}' "$src/patterns/codes.tsv" > "$tmp/annotate.pl"

echo "rcannotate benchmark: $size_mb MB per log, $rounds rounds, $(nproc) cores"
for rate in 2 20; do
	"$gen" "$size" "$rate" "$tmp/log" "$tmp/want"
	"$rc" < "$tmp/log" > "$tmp/out"
	if cmp -s "$tmp/out" "$tmp/want"; then
		echo "hit rate $rate%: output equals the expected annotation"
	else
		echo "hit rate $rate%: OUTPUT DIFFERS from the expected annotation"
		exit 1
	fi
	: > "$tmp/times"
	for r in $(seq 1 "$rounds"); do
		for c in cat rcannotate perl sed; do
			[ "$c" = sed ] && [ "$r" -gt 1 ] && [ "$rate" = 20 ] &&
			    continue
			t0=$(ms)
			case $c in
			cat) cat "$tmp/log" | cat > /dev/null ;;
			rcannotate) "$rc" < "$tmp/log" | cat > /dev/null ;;
			perl) perl "$tmp/annotate.pl" < "$tmp/log" > /dev/null ;;
			sed) sed -f "$tmp/sed.script" < "$tmp/log" > /dev/null ;;
			esac
			echo "$c $(($(ms) - t0))" >> "$tmp/times"
		done
	done
	for c in cat rcannotate perl sed; do
		t=$(awk -v c="$c" '$1 == c { print $2 }' "$tmp/times" | median)
		eval "t_$c=$t"
		awk -v c="$c" -v t="$t" -v mb="$size_mb" 'BEGIN {
		    printf "  %-10s median %6d ms  %7.1f MB/s\n", c, t,
		    mb * 1000 / (t + 0.001) }'
	done
	awk -v c="$t_cat" -v r="$t_rcannotate" -v p="$t_perl" -v s="$t_sed" \
	    'BEGIN { printf "  throughput ratios: rcannotate / (cat | cat) " \
	    "%.2fx, / perl %.2fx, / sed %.1fx\n", c / r, p / r, s / r }'
done

for mb in 10 1024; do
	"$gen" $((mb * 1024 * 1024)) 2 - /dev/null |
	    /usr/bin/time -f '%M' -o "$tmp/rss" "$rc" > /dev/null
	echo "peak RSS at $mb MB of input: $(tail -n 1 "$tmp/rss") KiB"
done

"$gen" 4096 20 "$tmp/small" /dev/null
head -n 10 "$tmp/small" > "$tmp/ten"
: > "$tmp/start"
for i in $(seq 1 30); do
	t0=$(date +%s%N)
	"$rc" < "$tmp/ten" > /dev/null
	echo $((($(date +%s%N) - t0) / 1000)) >> "$tmp/start"
done
echo "start-up (load and compile the default rules, annotate 10 lines):" \
    "median $(median < "$tmp/start") us"
if command -v perl > /dev/null; then
	perl "$src/tests/bench/follow-latency.pl" "$rc" 200
fi
