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
#define ESC '\033'
#define COLOR_RESET "\033[0m"
#define MAX_CODE_DIGITS 9

/* One match that names a catalogue code. */
struct found {
	size_t	start;
	size_t	end;		/* where its annotation goes */
	size_t	rule;
	size_t	entry;		/* catalogue index */
	bool	number;		/* found by a number rule */
	bool	present;	/* already followed by its annotation */
	bool	named;		/* the line's first match of its code */
	bool	keep;		/* to be annotated */
};

struct annotator {
	const struct catalogue	*cat;
	const struct ruleset	*set;
	struct matcher		*m;
	struct buf		 notes;		/* the annotations, plain */
	size_t			*note_off;	/* per catalogue entry */
	size_t			*note_len;
	struct buf		 paint;		/* as written (maybe coloured) */
	size_t			*paint_off;
	size_t			*paint_len;
	struct buf		 view;		/* a line without its escapes */
	size_t			*map;		/* view offset -> line offset */
	size_t			 map_cap;
	uint64_t		*seen;		/* line serial, per entry */
	uint64_t		 serial;
	struct found		*found;
	size_t			 nfound;
	size_t			 found_cap;
	struct annotate_stats	 stats;
	struct annotate_match	*matches;	/* of the last line */
	size_t			 nmatches;
	size_t			 matches_cap;
	bool			*warned;	/* per rule: hit a limit */
	const char		*next_esc;	/* for annotator_scan */
};

static size_t	annotate(struct annotator *, const char *, size_t, size_t,
		    struct buf *);
static int	collect(struct annotator *, const char *, size_t, size_t);
static struct found *add_found(struct annotator *, const char *, size_t,
		    const struct hit *);
static size_t	hit_entry(struct annotator *, const char *,
		    const struct hit *);
static size_t	choose(struct annotator *);
static void	emit(struct annotator *, const char *, size_t, bool,
		    struct buf *);
static bool	strip_escapes(struct annotator *, const char *, size_t,
		    size_t *);
static size_t	escape_length(const char *, size_t);
static size_t	line_offset(const struct annotator *, const char *, size_t,
		    size_t);
static const char *subsystem_color(const struct code_info *);
static void	warn_limit(struct annotator *, int);
static void	count_named(struct annotator *);
static void	list_matches(struct annotator *, const char *, size_t,
		    bool);
static void	count_unknown(struct annotator *, long);
static void	add_unknown(struct annotator *, long, unsigned long);

struct annotator *
annotator_new(const struct catalogue *cat, const struct ruleset *set,
    struct matcher *m, const char *tpl, enum lang lang, bool color)
{
	struct annotator *a = xcalloc(1, sizeof(*a));
	size_t i;

	a->cat = cat;
	a->set = set;
	a->m = m;
	a->note_off = xcalloc(cat->n, sizeof(*a->note_off));
	a->note_len = xcalloc(cat->n, sizeof(*a->note_len));
	a->paint_off = xcalloc(cat->n, sizeof(*a->paint_off));
	a->paint_len = xcalloc(cat->n, sizeof(*a->paint_len));
	a->seen = xcalloc(cat->n, sizeof(*a->seen));
	a->stats.counts = xcalloc(cat->n, sizeof(*a->stats.counts));
	a->warned = xcalloc(set->n + 1, sizeof(*a->warned));
	for (i = 0; i < cat->n; i++) {
		a->note_off[i] = a->notes.len;
		template_render(tpl, &cat->v[i], lang, &a->notes);
		a->note_len[i] = a->notes.len - a->note_off[i];
		a->paint_off[i] = a->paint.len;
		if (color && a->note_len[i] > 0)
			buf_append_str(&a->paint, subsystem_color(&cat->v[i]));
		buf_append(&a->paint, a->notes.data + a->note_off[i],
		    a->note_len[i]);
		if (color && a->note_len[i] > 0)
			buf_append_str(&a->paint, COLOR_RESET);
		a->paint_len[i] = a->paint.len - a->paint_off[i];
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
annotator_scan(struct annotator *a, const char *s, size_t len, bool fresh)
{
	const char *esc;

	if (fresh || a->next_esc < s) {
		esc = memchr(s, ESC, len);
		a->next_esc = esc != NULL ? esc : s + len;
	}
	return matcher_first_literal(a->m, s, a->next_esc - s);
}

void
annotator_skip(struct annotator *a, unsigned long n)
{
	a->stats.lines += n;
	a->stats.last_named = 0;
	a->nmatches = 0;
}

size_t
annotator_matches(const struct annotator *a,
    const struct annotate_match **v)
{
	*v = a->matches;
	return a->nmatches;
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
		if (f->named)
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
annotator_carry_stats(struct annotator *to, const struct annotator *from)
{
	const struct annotate_stats *f = &from->stats;
	struct annotate_stats *t = &to->stats;
	const struct code_info *ci;
	size_t i;

	t->lines += f->lines;
	t->annotated += f->annotated;
	t->named += f->named;
	t->failed += f->failed;
	for (i = 0; i < from->cat->n; i++) {
		if (f->counts[i] == 0)
			continue;
		ci = catalogue_find(to->cat, from->cat->v[i].code);
		if (ci != NULL)
			t->counts[ci - to->cat->v] += f->counts[i];
		else
			add_unknown(to, from->cat->v[i].code, f->counts[i]);
	}
	for (i = 0; i < f->nunknown; i++)
		add_unknown(to, f->unknown[i].code, f->unknown[i].count);
}

void
annotator_free(struct annotator *a)
{
	if (a == NULL)
		return;
	buf_free(&a->notes);
	free(a->note_off);
	free(a->note_len);
	buf_free(&a->paint);
	free(a->paint_off);
	free(a->paint_len);
	buf_free(&a->view);
	free(a->map);
	free(a->seen);
	free(a->found);
	free(a->stats.counts);
	free(a->matches);
	free(a->warned);
	free(a);
}

/*
 * Annotate s; matches must end at or before limit.  A line with escape
 * sequences (colour from CI logs or tools) is matched without them, and
 * the annotations are put back at the right places among them.
 */
static size_t
annotate(struct annotator *a, const char *s, size_t len, size_t limit,
    struct buf *out)
{
	const char *v = s;
	size_t n, vlen = len;
	bool mapped = false;
	int rc;

	a->stats.lines++;
	a->stats.last_named = 0;
	a->nmatches = 0;
	if (memchr(s, ESC, len) != NULL && strip_escapes(a, s, len, &limit)) {
		v = a->view.data;
		vlen = a->view.len;
		mapped = true;
	}
	rc = collect(a, v, vlen, limit);
	if (rc < 0) {
		warn_limit(a, rc);
		a->stats.failed++;
		buf_append(out, s, len);
		return 0;
	}
	n = choose(a);
	count_named(a);
	list_matches(a, s, len, mapped);
	if (n == 0) {
		buf_append(out, s, len);
		return 0;
	}
	a->stats.annotated++;
	emit(a, s, len, mapped, out);
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
	f->start = h->start;
	f->end = h->end;
	f->rule = h->rule;
	f->entry = entry;
	f->number = a->set->v[h->rule].kind == RULE_NUMBER;
	f->keep = false;
	f->named = false;
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
	if (code <= 0)
		return NO_CODE;
	if ((ci = catalogue_find(a->cat, code)) == NULL) {
		count_unknown(a, code);
		return NO_CODE;
	}
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
		f->named = true;
		if (!f->present) {
			f->keep = true;
			n++;
		}
	}
	return n;
}

static void
emit(struct annotator *a, const char *s, size_t len, bool mapped,
    struct buf *out)
{
	const struct found *f;
	size_t i, at, done = 0;

	buf_reserve(out, len + 256);
	for (i = 0; i < a->nfound; i++) {
		f = &a->found[i];
		if (!f->keep)
			continue;
		at = mapped ? line_offset(a, s, len, f->end) : f->end;
		buf_append(out, s + done, at - done);
		buf_append(out, a->paint.data + a->paint_off[f->entry],
		    a->paint_len[f->entry]);
		done = at;
	}
	buf_append(out, s + done, len - done);
}

/*
 * Copy the line without its escape sequences into a->view, noting where
 * each byte came from; *limit moves to view offsets.  Return false if
 * there was no complete sequence after all.
 */
static bool
strip_escapes(struct annotator *a, const char *s, size_t len,
    size_t *limit)
{
	size_t i = 0, n, vlimit = 0;

	buf_clear(&a->view);
	buf_reserve(&a->view, len);
	if (a->map_cap < len + 1) {
		a->map_cap = len + 1;
		a->map = xreallocarray(a->map, a->map_cap, sizeof(*a->map));
	}
	while (i < len) {
		if (s[i] == ESC && (n = escape_length(s + i, len - i)) > 0) {
			i += n;
			continue;
		}
		if (i < *limit)
			vlimit = a->view.len + 1;
		a->map[a->view.len] = i;
		a->view.data[a->view.len++] = s[i++];
	}
	if (a->view.len == len)
		return false;
	*limit = vlimit;
	return true;
}

/*
 * The length of the escape sequence at p, 0 if it is incomplete: CSI
 * (ESC [ ... final byte), a string (OSC ESC ], DCS ESC P, SOS ESC X,
 * PM ESC ^, APC ESC _, ended by BEL or ESC \\), or ESC, intermediate
 * bytes 0x20-0x2f, and a final byte 0x30-0x7e (ESC ( B, ESC 7, ESC =).
 */
static size_t
escape_length(const char *p, size_t len)
{
	size_t i;

	if (len < 2)
		return 0;
	if (p[1] == '[') {
		for (i = 2; i < len; i++)
			if ((unsigned char)p[i] >= 0x40 &&
			    (unsigned char)p[i] <= 0x7e)
				return i + 1;
		return 0;
	}
	if (strchr("]PX^_", p[1]) != NULL && p[1] != '\0') {
		for (i = 2; i < len; i++) {
			if (p[i] == '\a')
				return i + 1;
			if (p[i] == ESC && i + 1 < len && p[i + 1] == '\\')
				return i + 2;
		}
		return 0;
	}
	for (i = 1; i < len && (unsigned char)p[i] >= 0x20 &&
	    (unsigned char)p[i] <= 0x2f; i++)
		;
	return i < len && (unsigned char)p[i] >= 0x30 &&
	    (unsigned char)p[i] <= 0x7e ? i + 1 : 0;
}

/*
 * Where a match that ends at view offset end ends in the line: after its
 * last byte, and after the escape sequences that follow it (a colour
 * reset belongs to the text before the annotation).
 */
static size_t
line_offset(const struct annotator *a, const char *s, size_t len,
    size_t end)
{
	size_t at = end == 0 ? 0 : a->map[end - 1] + 1, n;

	while (at < len && s[at] == ESC &&
	    (n = escape_length(s + at, len - at)) > 0)
		at += n;
	return at;
}

/* SGR colours by subsystem. */
static const char *
subsystem_color(const struct code_info *ci)
{
	if (strcmp(ci->subsystem, "tablet") == 0)
		return "\033[33m";
	if (strcmp(ci->subsystem, "nameserver") == 0)
		return "\033[35m";
	if (strcmp(ci->subsystem, "replica-cluster") == 0)
		return "\033[36m";
	return "\033[1m";
}

/* Count the codes the line names (annotated now or already). */
static void
count_named(struct annotator *a)
{
	const struct found *f;
	size_t i;

	for (i = 0; i < a->nfound; i++) {
		f = &a->found[i];
		if (f->named) {
			a->stats.counts[f->entry]++;
			a->stats.last_named++;
		}
	}
	if (a->stats.last_named > 0)
		a->stats.named++;
}

/* Keep the named matches, in line offsets, for annotator_matches. */
static void
list_matches(struct annotator *a, const char *s, size_t len, bool mapped)
{
	const struct found *f;
	struct annotate_match *m;
	size_t i;

	for (i = 0; i < a->nfound; i++) {
		f = &a->found[i];
		if (!f->named)
			continue;
		if (a->nmatches == a->matches_cap) {
			a->matches_cap = a->matches_cap ? a->matches_cap * 2 : 8;
			a->matches = xreallocarray(a->matches, a->matches_cap,
			    sizeof(*a->matches));
		}
		m = &a->matches[a->nmatches++];
		m->code = a->cat->v[f->entry].code;
		m->entry = f->entry;
		m->rule = f->rule;
		m->start = mapped ? a->map[f->start] : f->start;
		m->end = mapped ? line_offset(a, s, len, f->end) : f->end;
		m->present = f->present;
	}
}

static void
count_unknown(struct annotator *a, long code)
{
	add_unknown(a, code, 1);
}

static void
add_unknown(struct annotator *a, long code, unsigned long n)
{
	struct annotate_stats *st = &a->stats;
	size_t i;

	for (i = 0; i < st->nunknown; i++) {
		if (st->unknown[i].code == code) {
			st->unknown[i].count += n;
			return;
		}
	}
	if (st->nunknown < ANNOTATE_MAX_UNKNOWN) {
		st->unknown[st->nunknown].code = code;
		st->unknown[st->nunknown++].count = n;
	}
}

/* Once per rule: which rule gave up, and why. */
static void
warn_limit(struct annotator *a, int err)
{
	size_t i = matcher_failed_rule(a->m);
	const struct rule *r;
	char msg[256];

	if (i >= a->set->n || a->warned[i])
		return;
	a->warned[i] = true;
	r = &a->set->v[i];
	matcher_strerror(err, msg, sizeof(msg));
	diag("%s:%u: rule could not finish on a line (%s); lines where "
	    "it cannot pass through unannotated", r->file, r->line, msg);
}
