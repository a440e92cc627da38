#!/usr/bin/perl
# Follow latency: how long an appended line takes to come out of
# "rcannotate -F".  Writes N numbered lines to a log file, one at a time,
# and times each until its annotated form is read from rcannotate's
# output.  Prints p50, p99 and max in milliseconds.
#   tests/bench/follow-latency.pl [RCANNOTATE] [N]
use strict;
use warnings;
use File::Temp qw(tempdir);
use IO::Handle;
use IO::Select;
use Time::HiRes qw(time sleep);

my $rc = shift // 'build/rcannotate';
my $n = shift // 200;
my $dir = tempdir(CLEANUP => 1);
my $log = "$dir/tablet.WARNING";

open(my $w, '>>', $log) or die "$log: $!";
$w->autoflush(1);
my $pid = open(my $r, '-|', $rc, '-F', '-n', '0', $log)
    or die "$rc: $!";
sleep(0.5);
my $sel = IO::Select->new($r);
my @lat;
for my $i (1 .. $n) {
	my $t0 = time;
	print $w "W1203 10:00:00.000001 12345 tablet_impl.cc:100] seq $i "
	    . "table is not exist. tid 4, pid 0\n";
	$sel->can_read(5) or die "line $i did not come out within 5 s\n";
	my $line = <$r>;
	die "line $i came out wrong: $line" unless $line =~ /seq $i .*tablet 100/;
	push @lat, (time - $t0) * 1000;
	sleep(0.005);
}
kill 'TERM', $pid;
close($r);
@lat = sort { $a <=> $b } @lat;
printf "follow latency over %d lines: p50 %.2f ms, p99 %.2f ms, "
    . "max %.2f ms\n", $n, $lat[int($n * 0.50)], $lat[int($n * 0.99) - 1],
    $lat[-1];
