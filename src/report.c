/* SPDX-License-Identifier: MIT */
/*
 * Summary and --fail-on.  The JSON summary is built with jansson; the
 * text one is a small table for people.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "output.h"
#include "report.h"

struct failon_item {
	long		 low;		/* a code or a range */
	long		 high;
	char		*subsystem;	/* or a subsystem */
};

struct failon {
	struct failon_item	*v;
	size_t			 n;
};

static int	parse_item(struct failon_item *, const char *, size_t,
		    const struct catalogue *);
static bool	parse_code(const char *, size_t, long *);
static bool	item_matches(const struct failon_item *,
		    const struct code_info *);
static size_t	*by_count(const struct catalogue *,
		    const struct annotate_stats *, size_t *);
static void	summary_text(struct buf *, const struct catalogue *,
		    const struct annotate_stats *, enum lang);
static void	summary_json(struct buf *, const struct catalogue *,
		    const struct annotate_stats *, enum lang);
static const char *message(const struct code_info *, enum lang);

struct failon *
failon_parse(const char *list, const struct catalogue *cat)
{
	struct failon *f = xcalloc(1, sizeof(*f));
	const char *p = list, *comma;

	for (;;) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		f->v = xreallocarray(f->v, f->n + 1, sizeof(*f->v));
		if (parse_item(&f->v[f->n], p, comma - p, cat) != 0) {
			diag("--fail-on: '%.*s' is not a code, a range like "
			    "300-326 or a subsystem of the catalogue",
			    (int)(comma - p), p);
			failon_free(f);
			return NULL;
		}
		f->n++;
		if (*comma == '\0')
			break;
		p = comma + 1;
	}
	return f;
}

bool
failon_hit(const struct failon *f, const struct catalogue *cat,
    const struct annotate_stats *st)
{
	size_t i, j;

	for (i = 0; i < cat->n; i++)
		for (j = 0; st->counts[i] > 0 && j < f->n; j++)
			if (item_matches(&f->v[j], &cat->v[i]))
				return true;
	return false;
}

void
failon_free(struct failon *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free(f->v[i].subsystem);
	free(f->v);
	free(f);
}

int
report_summary(int fd, enum summary_format format,
    const struct catalogue *cat, const struct annotate_stats *st,
    enum lang lang)
{
	struct output out;
	int rc;

	output_init(&out, fd);
	if (format == SUMMARY_JSON)
		summary_json(&out.buf, cat, st, lang);
	else
		summary_text(&out.buf, cat, st, lang);
	rc = output_flush(&out);
	output_free(&out);
	return rc;
}

/* One item: a code, LOW-HIGH, or a subsystem the catalogue uses. */
static int
parse_item(struct failon_item *it, const char *p, size_t len,
    const struct catalogue *cat)
{
	const char *dash = memchr(p, '-', len);
	size_t i;

	memset(it, 0, sizeof(*it));
	if (len > 0 && p[0] >= '0' && p[0] <= '9') {
		if (dash == NULL) {
			if (!parse_code(p, len, &it->low) || it->low == 0 ||
			    catalogue_find(cat, it->low) == NULL)
				return -1;
			it->high = it->low;
			return 0;
		}
		if (!parse_code(p, dash - p, &it->low) ||
		    !parse_code(dash + 1, p + len - dash - 1, &it->high) ||
		    it->low > it->high)
			return -1;
		return 0;
	}
	for (i = 0; i < cat->n; i++) {
		if (strlen(cat->v[i].subsystem) == len &&
		    strncmp(cat->v[i].subsystem, p, len) == 0) {
			it->subsystem = xstrndup(p, len);
			return 0;
		}
	}
	return -1;
}

static bool
parse_code(const char *p, size_t len, long *code)
{
	size_t i;

	if (len == 0 || len > 6 || (p[0] == '0' && len > 1))
		return false;
	*code = 0;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		*code = *code * 10 + (p[i] - '0');
	}
	return true;
}

static bool
item_matches(const struct failon_item *it, const struct code_info *ci)
{
	if (it->subsystem != NULL)
		return strcmp(it->subsystem, ci->subsystem) == 0;
	return ci->code >= it->low && ci->code <= it->high;
}

/* Indexes of the codes seen, most seen first, then by code. */
static size_t *
by_count(const struct catalogue *cat, const struct annotate_stats *st,
    size_t *n)
{
	size_t *v = xcalloc(cat->n + 1, sizeof(*v)), i, j, t;

	*n = 0;
	for (i = 0; i < cat->n; i++)
		if (st->counts[i] > 0)
			v[(*n)++] = i;
	for (i = 1; i < *n; i++) {
		t = v[i];
		for (j = i; j > 0 && st->counts[v[j - 1]] < st->counts[t];
		    j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
	return v;
}

static void
summary_text(struct buf *b, const struct catalogue *cat,
    const struct annotate_stats *st, enum lang lang)
{
	const struct code_info *ci;
	char line[512];
	size_t *order, n, i;

	snprintf(line, sizeof(line), "%s summary: %lu lines read, %lu "
	    "annotated, %lu naming a code\n", PROGRAM_NAME, st->lines,
	    st->annotated, st->named);
	buf_append_str(b, line);
	order = by_count(cat, st, &n);
	for (i = 0; i < n; i++) {
		ci = &cat->v[order[i]];
		snprintf(line, sizeof(line), "%8lu  %-6ld %-16s %s\n",
		    st->counts[order[i]], ci->code, ci->subsystem,
		    message(ci, lang));
		buf_append_str(b, line);
	}
	free(order);
	for (i = 0; i < st->nunknown; i++) {
		snprintf(line, sizeof(line), "%8lu  %-6ld %-16s %s\n",
		    st->unknown[i].count, st->unknown[i].code, "unknown",
		    "(not in the catalogue)");
		buf_append_str(b, line);
	}
	if (st->failed > 0) {
		snprintf(line, sizeof(line), "%lu lines left unannotated: a "
		    "rule hit a PCRE2 limit\n", st->failed);
		buf_append_str(b, line);
	}
}

static void
summary_json(struct buf *b, const struct catalogue *cat,
    const struct annotate_stats *st, enum lang lang)
{
	json_t *root, *codes, *unknown;
	const struct code_info *ci;
	size_t *order, n, i;
	char *text;

	codes = json_array();
	order = by_count(cat, st, &n);
	for (i = 0; i < n; i++) {
		ci = &cat->v[order[i]];
		json_array_append_new(codes, json_pack("{s:I,s:s,s:s,s:s,s:I}",
		    "code", (json_int_t)ci->code, "subsystem", ci->subsystem,
		    "name", ci->name, "message", message(ci, lang), "count",
		    (json_int_t)st->counts[order[i]]));
	}
	free(order);
	unknown = json_array();
	for (i = 0; i < st->nunknown; i++)
		json_array_append_new(unknown, json_pack("{s:I,s:I}", "code",
		    (json_int_t)st->unknown[i].code, "count",
		    (json_int_t)st->unknown[i].count));
	root = json_pack("{s:I,s:I,s:I,s:I,s:o,s:o}", "lines",
	    (json_int_t)st->lines, "annotated", (json_int_t)st->annotated,
	    "named", (json_int_t)st->named, "failed", (json_int_t)st->failed,
	    "codes", codes, "unknown", unknown);
	text = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (text == NULL)
		diag_oom();
	buf_append_str(b, text);
	buf_append_str(b, "\n");
	free(text);
	json_decref(root);
}

static const char *
message(const struct code_info *ci, enum lang lang)
{
	return lang == LANG_ZH ? ci->zh : ci->en;
}
