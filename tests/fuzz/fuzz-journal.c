/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes as lines of "journalctl -o json",
 * in text and JSON output.  Must never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "journal.h"
#include "matcher.h"
#include "rules.h"

static struct catalogue cat;
static struct ruleset set;
static struct annotator *ann;
static struct journal *text, *json;
static struct buf out, diags;

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;

	if (ann == NULL) {
		diag_capture(&diags);
		if (catalogue_load(&cat, PATTERNS_DIR "/codes.tsv") != 0 ||
		    rules_load_dir(&set, PATTERNS_DIR, &cat) != 0)
			abort();
		ann = annotator_new(&cat, &set, matcher_new(&set, true),
		    TEMPLATE_DEFAULT, LANG_EN, false);
		text = journal_new(ann, &cat, LANG_EN, false, true, false);
		json = journal_new(ann, &cat, LANG_ZH, true, false, true);
	}
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (nl == NULL)
			nl = end;
		buf_clear(&out);
		buf_clear(&diags);
		journal_line(text, p, nl - p, "\n", 1, &out);
		journal_line(json, p, nl - p, "\n", 1, &out);
	}
	return 0;
}
