/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes through the line splitter and the
 * annotator with the default patterns.  Checked on every line: the
 * output is the line with exactly the annotations the annotator reports
 * inserted at the places it reports, so taking them out gives the input
 * back; and the parts the splitter hands over add up to the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "lines.h"
#include "matcher.h"
#include "rules.h"
#include "template.h"

static struct catalogue cat;
static struct ruleset set;
static struct annotator *ann;
static struct buf notes[4096];
static size_t nnotes;
static struct buf out, line, rebuilt, plain;

/* The line with the reported annotations put in by hand. */
static void
rebuild(const char *s, size_t len)
{
	const struct annotate_match *m;
	size_t n, i, done = 0;

	buf_clear(&rebuilt);
	n = annotator_matches(ann, &m);
	for (i = 0; i < n; i++) {
		if (m[i].present)
			continue;
		if (m[i].end < done || m[i].end > len)
			abort();
		buf_append(&rebuilt, s + done, m[i].end - done);
		buf_append(&rebuilt, notes[m[i].entry].data,
		    notes[m[i].entry].len);
		done = m[i].end;
	}
	buf_append(&rebuilt, s + done, len - done);
	if (rebuilt.len != line.len ||
	    memcmp(rebuilt.data, line.data, line.len) != 0)
		abort();
}

static void
line_cb(void *arg, const char *s, size_t len, const char *eol,
    size_t eol_len, enum line_part part)
{
	(void)arg;
	buf_clear(&line);
	if (part == LINE_TAIL) {
		buf_append(&line, s, len);
	} else {
		if (part == LINE_HEAD)
			annotate_head(ann, s, len, &line);
		else
			annotate_line(ann, s, len, &line);
		rebuild(s, len);
	}
	buf_append(&out, line.data, line.len);
	buf_append(&out, eol, eol_len);
	buf_append(&plain, s, len);
	buf_append(&plain, eol, eol_len);
}

static void
setup(void)
{
	size_t i;

	if (catalogue_load(&cat, PATTERNS_DIR "/codes.tsv") != 0 ||
	    rules_load_dir(&set, PATTERNS_DIR, &cat) != 0)
		abort();
	ann = annotator_new(&cat, &set, matcher_new(&set, true),
	    TEMPLATE_DEFAULT, LANG_EN, false);
	for (i = 0; i < cat.n && i < 4096; i++)
		template_render(TEMPLATE_DEFAULT, &cat.v[i], LANG_EN,
		    &notes[nnotes++]);
}

/* The parts the splitter handed over are the input, byte for byte. */
static void
check_lossless(const uint8_t *in, size_t len)
{
	if (plain.len != len || (len > 0 && memcmp(plain.data, in, len) != 0))
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lines l;

	if (ann == NULL)
		setup();
	buf_clear(&out);
	buf_clear(&plain);
	lines_init(&l, 4096, line_cb, NULL);
	lines_feed(&l, (const char *)data, size);
	lines_finish(&l);
	lines_free(&l);
	check_lossless(data, size);
	return 0;
}
