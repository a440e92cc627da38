/* SPDX-License-Identifier: MIT */
/*
 * Benchmark input: a deterministic synthetic tablet/nameserver log of a
 * chosen size and hit rate, and beside it the output rcannotate must
 * produce for it (the generator knows where every code is).
 *   gen-log SIZE HIT-PERCENT LOG EXPECTED
 * Ordinary lines carry glog prefixes, thread ids, tids, pids, ports and
 * file:line numbers that must not be annotated; hit lines carry a
 * message text or a numeric form of a code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hit {
	const char	*before;	/* text up to the end of the match */
	const char	*note;		/* the default annotation */
	const char	*after;		/* the rest of the line */
};

static const struct hit hits[] = {
	{ "table does not exist", " [tablet 100: table is not exist]",
	  ". tid %u, pid %u" },
	{ "table[t%u] is not exist!", " [tablet 100: table is not exist]",
	  "" },
	{ "Set resp: 136,", " [tablet 136: delete failed]",
	  " delete failed" },
	{ "cur nameserver is not leader mode",
	  " [replica-cluster 454: cur nameserver is not leader mdoe]", "" },
	{ "failed to change leader. error msg: no alive follower",
	  " [nameserver 310: no alive follower]", "" },
	{ "Fail to LoadTable: ReturnCode[101]",
	  " [tablet 101: table already exists]", "table already exists" },
	{ "src_endpoint does not exist or not healthy",
	  " [nameserver 318: src_endpoint is not exist or not healthy]",
	  ". name[t%u] pid[%u]" },
	{ "put failed", " [tablet 116: put failed]", ", tid %u pid %u" },
};

static const char *const plain[] = {
	"load table ok. tid %u pid %u endpoint[10.0.0.%u:%u]",
	"start creating table tid[%u] pid[%u] with mode kTableLeader",
	"create table success. tid[%u] pid[%u] endpoint[127.0.0.1:%u] idx[0]",
	"no log part matched! start_offset[%u] end_offset[%u]",
	"Server[openmldb::tablet::TabletImpl] is serving on port=%u.",
	"request error. [E111]Connection refused id=%u err from zk -%u",
	"append entries to follower ok. endpoint[10.0.0.%u:%u] term %u",
	"Put failed. tid %u pid %u msg value_size[%u]",
};

static unsigned long long state = 88172645463325252ULL;

/* xorshift64: the same sequence on every machine. */
static unsigned
next(unsigned n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % n);
}

static int
prefix(char *p, size_t size)
{
	return snprintf(p, size, "%c%04u %02u:%02u:%02u.%06u %5u %s:%u] ",
	    "IWEF"[next(4)], 1203, next(24), next(60), next(60),
	    next(1000000), 100 + next(99900),
	    next(2) ? "tablet_impl.cc" : "name_server_impl.cc", next(9999));
}

int
main(int argc, char **argv)
{
	char head[128], body[512], tail[256];
	const struct hit *h;
	unsigned long long size, written = 0;
	unsigned rate;
	FILE *log, *want;

	if (argc != 5) {
		fprintf(stderr, "usage: gen-log SIZE HIT-PERCENT LOG EXPECTED\n");
		return 2;
	}
	size = strtoull(argv[1], NULL, 10);
	rate = (unsigned)strtoul(argv[2], NULL, 10);
	log = strcmp(argv[3], "-") == 0 ? stdout : fopen(argv[3], "w");
	want = fopen(argv[4], "w");
	if (log == NULL || want == NULL) {
		perror("gen-log");
		return 1;
	}
	while (written < size) {
		prefix(head, sizeof(head));
		if (next(100) < rate) {
			h = &hits[next(sizeof(hits) / sizeof(hits[0]))];
			snprintf(body, sizeof(body), h->before, next(200));
			snprintf(tail, sizeof(tail), h->after, next(200),
			    next(8));
			fprintf(log, "%s%s%s\n", head, body, tail);
			fprintf(want, "%s%s%s%s\n", head, body, h->note, tail);
		} else {
			snprintf(body, sizeof(body),
			    plain[next(sizeof(plain) / sizeof(plain[0]))],
			    next(200), next(8), 1 + next(254), 9000 + next(999));
			fprintf(log, "%s%s\n", head, body);
			fprintf(want, "%s%s\n", head, body);
		}
		written += strlen(head) + strlen(body) + 1;
	}
	return fclose(log) != 0 || fclose(want) != 0;
}
