/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as a catalogue file and as a rule
 * file (the first byte picks which), loaded and compiled.  Any input
 * must be loaded or refused with messages, never crash or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "matcher.h"
#include "rules.h"

static struct catalogue cat;
static struct buf diags;
static char path[] = "/tmp/rcannotate-fuzz-XXXXXX";
static int fd = -1;

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalogue c = { 0 };
	struct ruleset set = { 0 };
	struct matcher *m;

	if (fd < 0) {
		diag_capture(&diags);
		if ((fd = mkstemp(path)) < 0 ||
		    catalogue_load(&cat, PATTERNS_DIR "/codes.tsv") != 0)
			abort();
	}
	if (size == 0)
		return 0;
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data + 1, size - 1, 0) !=
	    (ssize_t)(size - 1))
		abort();
	buf_clear(&diags);
	if (data[0] & 1) {
		if (catalogue_load(&c, path) == 0)
			catalogue_free(&c);
	} else {
		rules_load(&set, path, &cat);
		m = matcher_new(&set, data[0] & 2);
		matcher_free(m);
		rules_free(&set);
	}
	return 0;
}
