/* SPDX-License-Identifier: MIT */
/*
 * Line annotation.  One pass of the matcher collects every match of the
 * line; a second pass applies the policy described in annotate.h; a third
 * copies the line with the chosen annotations.  The annotation text of
 * every code is rendered once, when the annotator is created.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "matcher.h"
#include "rules.h"

#define NO_CODE SIZE_MAX
#define MAX_CODE_DIGITS 9

/* One match that names a catalogue code. */
struct found {
	size_t	end;		/* where its annotation goes */
	size_t	entry;		/* catalogue index */
	bool	number;		/* found by a number rule */
	bool	present;	/* already followed by its annotation */
	bool	keep;		/* to be annotated */
};

struct annotator {
	const struct catalogue	*cat;
	const struct ruleset	*set;
	struct matcher		*m;
	struct buf		 notes;		/* all rendered annotations */
	size_t			*note_off;	/* per catalogue entry */
	size_t			*note_len;
	uint64_t		*seen;		/* line serial, per entry */
	uint64_t		 serial;
	struct found		*found;
	size_t			 nfound;
	size_t			 found_cap;
	struct annotate_stats	 stats;
	int			 warned;
};

static size_t	annotate(struct annotator *, const char *, size_t, size_t,
		    struct buf *);
static int	collect(struct annotator *, const char *, size_t, size_t);
static struct found *add_found(struct annotator *, const char *, size_t,
		    const struct hit *);
static size_t	hit_entry(struct annotator *, const char *,
		    const struct hit *);
static size_t	choose(struct annotator *);
static void	emit(struct annotator *, const char *, size_t,
		    struct buf *);
static void	warn_limit(struct annotator *, int);
static bool	in_codes(const long *, size_t, long);

struct annotator *
annotator_new(const struct catalogue *cat, const struct ruleset *set,
    struct matcher *m, const char *tpl, enum lang lang)
{
	struct annotator *a = xcalloc(1, sizeof(*a));
	size_t i;

	a->cat = cat;
	a->set = set;
	a->m = m;
	a->note_off = xcalloc(cat->n, sizeof(*a->note_off));
	a->note_len = xcalloc(cat->n, sizeof(*a->note_len));
	a->seen = xcalloc(cat->n, sizeof(*a->seen));
	for (i = 0; i < cat->n; i++) {
		a->note_off[i] = a->notes.len;
		template_render(tpl, &cat->v[i], lang, &a->notes);
		a->note_len[i] = a->notes.len - a->note_off[i];
	}
	return a;
}

size_t
annotate_line(struct annotator *a, const char *s, size_t len,
    struct buf *out)
{
	return annotate(a, s, len, len, out);
}

size_t
annotate_head(struct annotator *a, const char *s, size_t len,
    struct buf *out)
{
	return annotate(a, s, len, len > ANNOTATE_HEAD_GUARD ?
	    len - ANNOTATE_HEAD_GUARD : 0, out);
}

size_t
annotate_codes(struct annotator *a, const char *s, size_t len, long *codes,
    size_t max)
{
	const struct found *f;
	size_t i, n = 0;

	if (collect(a, s, len, len) < 0)
		return 0;
	choose(a);
	for (i = 0; i < a->nfound && n < max; i++) {
		f = &a->found[i];
		if ((f->keep || f->present) &&
		    !in_codes(codes, n, a->cat->v[f->entry].code))
			codes[n++] = a->cat->v[f->entry].code;
	}
	return n;
}

const struct annotate_stats *
annotator_stats(const struct annotator *a)
{
	return &a->stats;
}

void
annotator_free(struct annotator *a)
{
	if (a == NULL)
		return;
	buf_free(&a->notes);
	free(a->note_off);
	free(a->note_len);
	free(a->seen);
	free(a->found);
	free(a);
}

/* Annotate s; matches must end at or before limit. */
static size_t
annotate(struct annotator *a, const char *s, size_t len, size_t limit,
    struct buf *out)
{
	size_t n;
	int rc;

	a->stats.lines++;
	rc = collect(a, s, len, limit);
	if (rc < 0) {
		warn_limit(a, rc);
		a->stats.failed++;
		buf_append(out, s, len);
		return 0;
	}
	n = choose(a);
	if (n == 0) {
		buf_append(out, s, len);
		return 0;
	}
	a->stats.annotated++;
	emit(a, s, len, out);
	return n;
}

/*
 * Run the matcher over the line; fill a->found with the hits that end at
 * or before limit.  Return 0 or an error.
 */
static int
collect(struct annotator *a, const char *s, size_t len, size_t limit)
{
	struct found *f;
	struct hit h;
	size_t from;
	int rc;

	a->nfound = 0;
	if (!matcher_begin_line(a->m, s, len))
		return 0;
	rc = matcher_skip_prefix(a->m, s, len, &from);
	if (rc < 0)
		return rc;
	while ((rc = matcher_find(a->m, s, len, from, &h)) == 1) {
		/*
		 * An empty match (a rule of lookarounds only) names nothing:
		 * an annotation there could not be recognised again.
		 */
		if (h.end == h.start) {
			from = h.end + 1;
			continue;
		}
		from = h.end;
		if (h.end > limit)
			break;
		f = add_found(a, s, len, &h);
		if (f != NULL && f->present)
			from += a->note_len[f->entry];
	}
	return rc;
}

/* Record a hit that names a catalogue code; NULL if it names none. */
static struct found *
add_found(struct annotator *a, const char *s, size_t len,
    const struct hit *h)
{
	struct found *f;
	size_t entry, nlen;

	entry = hit_entry(a, s, h);
	if (entry == NO_CODE)
		return NULL;
	if (a->nfound == a->found_cap) {
		a->found_cap = a->found_cap ? a->found_cap * 2 : 16;
		a->found = xreallocarray(a->found, a->found_cap,
		    sizeof(*a->found));
	}
	f = &a->found[a->nfound++];
	f->end = h->end;
	f->entry = entry;
	f->number = a->set->v[h->rule].kind == RULE_NUMBER;
	f->keep = false;
	nlen = a->note_len[entry];
	f->present = nlen > 0 && len - h->end >= nlen &&
	    memcmp(s + h->end, a->notes.data + a->note_off[entry], nlen) == 0;
	return f;
}

/*
 * The catalogue entry a hit names, or NO_CODE: code 0, negative numbers
 * and numbers the catalogue lacks name nothing.
 */
static size_t
hit_entry(struct annotator *a, const char *s, const struct hit *h)
{
	const struct rule *r = &a->set->v[h->rule];
	const struct code_info *ci;
	long code = 0;
	size_t i;

	if (r->kind == RULE_TEXT) {
		code = r->code;
	} else {
		/* Servers never print leading zeros: 0100 is no code. */
		if (h->num_end == h->num_start ||
		    h->num_end - h->num_start > MAX_CODE_DIGITS ||
		    (s[h->num_start] == '0' && h->num_end - h->num_start > 1))
			return NO_CODE;
		for (i = h->num_start; i < h->num_end; i++) {
			if (s[i] < '0' || s[i] > '9')
				return NO_CODE;
			code = code * 10 + (s[i] - '0');
		}
	}
	if (code <= 0 || (ci = catalogue_find(a->cat, code)) == NULL)
		return NO_CODE;
	return ci - a->cat->v;
}

/* Apply the policy; return how many annotations will be added. */
static size_t
choose(struct annotator *a)
{
	bool number = false;
	size_t i, n = 0;
	struct found *f;

	for (i = 0; i < a->nfound; i++)
		if (a->found[i].number)
			number = true;
	a->serial++;
	for (i = 0; i < a->nfound; i++) {
		f = &a->found[i];
		if ((number && !f->number) || a->seen[f->entry] == a->serial)
			continue;
		a->seen[f->entry] = a->serial;
		if (!f->present) {
			f->keep = true;
			n++;
		}
	}
	return n;
}

static void
emit(struct annotator *a, const char *s, size_t len, struct buf *out)
{
	const struct found *f;
	size_t i, done = 0;

	buf_reserve(out, len + 256);
	for (i = 0; i < a->nfound; i++) {
		f = &a->found[i];
		if (!f->keep)
			continue;
		buf_append(out, s + done, f->end - done);
		buf_append(out, a->notes.data + a->note_off[f->entry],
		    a->note_len[f->entry]);
		done = f->end;
	}
	buf_append(out, s + done, len - done);
}

static bool
in_codes(const long *codes, size_t n, long code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (codes[i] == code)
			return true;
	return false;
}

static void
warn_limit(struct annotator *a, int err)
{
	char msg[256];

	if (a->warned)
		return;
	a->warned = 1;
	matcher_strerror(err, msg, sizeof(msg));
	diag("a rule could not finish on a line (%s); such lines pass "
	    "through unannotated", msg);
}
