/* SPDX-License-Identifier: MIT */
/*
 * PCRE2 compilation and matching.  Each rule is first compiled on its own,
 * to report errors at the rule's own line and column and to learn its
 * minimum match length.  The rules are then joined into a branch-reset
 * group, "(?|(*MARK:i)(?:rule i)|...)", so that group 1 is the first group
 * of whichever rule matched and the mark names the rule.  Every pattern
 * is compiled with PCRE2_MATCH_INVALID_UTF: log lines may hold any byte.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "buf.h"
#include "diag.h"
#include "matcher.h"
#include "prefilter.h"
#include "rules.h"

#define MATCHER_OPTIONS (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF)
#define MATCH_LIMIT 1000000
#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (1024 * 1024)
#define MAX_PREFIXES 4

struct matcher {
	const struct ruleset	*set;
	pcre2_code		*rules;		/* number and text rules */
	pcre2_code		*prefix;	/* prefix rules, anchored */
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit_stack;
	size_t			*minlen;	/* per rule */
	struct prefilter	 prefilter;	/* number and text rules */
	bool			 use_jit;
};

/* Sort key of one number or text rule in the joined alternation. */
struct rule_order {
	enum rule_kind	kind;
	size_t		minlen;
	size_t		index;
};

static int	check_rule(struct matcher *, size_t);
static int	check_joinable(const struct rule *);
static pcre2_code *compile(struct matcher *, const struct buf *,
		    uint32_t);
static void	join_rules(struct matcher *, struct buf *,
		    struct rule_order *);
static void	join_prefixes(struct matcher *, struct buf *);
static int	order_rules(const void *, const void *);
static int	run_match(struct matcher *, pcre2_code *, const char *,
		    size_t, size_t);

struct matcher *
matcher_new(const struct ruleset *set, bool use_jit)
{
	struct matcher *m = xcalloc(1, sizeof(*m));
	struct buf src = { 0 };
	struct rule_order *order;
	size_t i;
	int bad = 0;

	m->set = set;
	m->use_jit = use_jit;
	m->minlen = xcalloc(set->n, sizeof(*m->minlen));
	for (i = 0; i < set->n; i++)
		if (check_rule(m, i) != 0)
			bad = 1;
	if (bad)
		goto fail;
	order = xcalloc(set->n, sizeof(*order));
	join_rules(m, &src, order);
	free(order);
	if (src.len > 0 && (m->rules = compile(m, &src, 0)) == NULL)
		goto fail;
	for (i = 0; i < set->n; i++)
		if (set->v[i].kind != RULE_PREFIX)
			prefilter_add(&m->prefilter, set->v[i].pattern);
	prefilter_build(&m->prefilter);
	join_prefixes(m, &src);
	if (src.len > 0 &&
	    (m->prefix = compile(m, &src, PCRE2_ANCHORED)) == NULL)
		goto fail;
	m->md = pcre2_match_data_create(64, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit_stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX,
	    NULL);
	if (m->md == NULL || m->mctx == NULL || m->jit_stack == NULL)
		diag_oom();
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_jit_stack_assign(m->mctx, NULL, m->jit_stack);
	buf_free(&src);
	return m;
fail:
	buf_free(&src);
	matcher_free(m);
	return NULL;
}

int
matcher_skip_prefix(struct matcher *m, const char *s, size_t len,
    size_t *off)
{
	PCRE2_SIZE *ov;
	int i, rc;

	*off = 0;
	if (m->prefix == NULL)
		return 0;
	for (i = 0; i < MAX_PREFIXES; i++) {
		rc = run_match(m, m->prefix, s, len, *off);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			*off = 0;
			return rc;
		}
		ov = pcre2_get_ovector_pointer(m->md);
		if (ov[1] == *off)
			break;
		*off = ov[1];
	}
	return 0;
}

bool
matcher_may_match(const struct matcher *m, const char *s, size_t len)
{
	return m->rules != NULL && prefilter_maybe(&m->prefilter, s, len);
}

int
matcher_find(struct matcher *m, const char *s, size_t len, size_t from,
    struct hit *h)
{
	PCRE2_SIZE *ov;
	PCRE2_SPTR mark;
	int rc;

	if (m->rules == NULL || from > len)
		return 0;
	rc = run_match(m, m->rules, s, len, from);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return rc;
	ov = pcre2_get_ovector_pointer(m->md);
	mark = pcre2_get_mark(m->md);
	h->start = ov[0];
	h->end = ov[1];
	h->rule = strtoul((const char *)mark, NULL, 10);
	h->num_start = h->num_end = 0;
	if (rc > 1 && ov[2] != PCRE2_UNSET) {
		h->num_start = ov[2];
		h->num_end = ov[3];
	}
	return 1;
}

void
matcher_strerror(int err, char *msg, size_t size)
{
	if (pcre2_get_error_message(err, (PCRE2_UCHAR *)msg, size) < 0)
		snprintf(msg, size, "PCRE2 error %d", err);
}

void
matcher_free(struct matcher *m)
{
	if (m == NULL)
		return;
	pcre2_code_free(m->rules);
	pcre2_code_free(m->prefix);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit_stack);
	prefilter_free(&m->prefilter);
	free(m->minlen);
	free(m);
}

/*
 * Compile rule i alone: report a bad pattern at its own position, and
 * refuse patterns that can match nothing at all or that lack the group a
 * number rule needs.
 */
static int
check_rule(struct matcher *m, size_t i)
{
	const struct rule *r = &m->set->v[i];
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff;
	pcre2_code *re;
	uint32_t minlen = 0, groups = 0;
	int err;

	re = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
	    MATCHER_OPTIONS, &err, &erroff, NULL);
	if (re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		diag("%s:%u:%zu: %s", r->file, r->line,
		    (size_t)r->column + erroff, (char *)msg);
		return -1;
	}
	pcre2_pattern_info(re, PCRE2_INFO_MINLENGTH, &minlen);
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
	pcre2_code_free(re);
	if (check_joinable(r) != 0)
		return -1;
	m->minlen[i] = minlen;
	if (r->kind != RULE_PREFIX && minlen == 0) {
		diag("%s:%u:%u: pattern can match an empty string",
		    r->file, r->line, r->column);
		return -1;
	}
	if (r->kind == RULE_NUMBER && groups == 0) {
		diag("%s:%u:%u: number rule needs a group that captures "
		    "the code", r->file, r->line, r->column);
		return -1;
	}
	return 0;
}

/*
 * A pattern that is valid alone can still break the alternation, e.g. a
 * leading "(*UTF)".  Try it inside the same wrapper the join uses.
 */
static int
check_joinable(const struct rule *r)
{
	static const char head[] = "(?|(*MARK:0)(?:";
	struct buf src = { 0 };
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff, len = strlen(r->pattern);
	pcre2_code *re;
	int err;

	buf_append_str(&src, head);
	buf_append_str(&src, r->pattern);
	buf_append_str(&src, "))");
	re = pcre2_compile((PCRE2_SPTR)src.data, src.len, MATCHER_OPTIONS,
	    &err, &erroff, NULL);
	buf_free(&src);
	if (re != NULL) {
		pcre2_code_free(re);
		return 0;
	}
	pcre2_get_error_message(err, msg, sizeof(msg));
	erroff = erroff < sizeof(head) - 1 ? 0 : erroff - (sizeof(head) - 1);
	diag("%s:%u:%zu: cannot be joined with other rules: %s", r->file,
	    r->line, (size_t)r->column + (erroff > len ? len : erroff),
	    (char *)msg);
	return -1;
}

static pcre2_code *
compile(struct matcher *m, const struct buf *src, uint32_t options)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff;
	pcre2_code *re;
	int err;

	re = pcre2_compile((PCRE2_SPTR)src->data, src->len,
	    MATCHER_OPTIONS | options, &err, &erroff, NULL);
	if (re == NULL) {
		/* Each rule compiled alone, so only the join can fail. */
		pcre2_get_error_message(err, msg, sizeof(msg));
		diag("cannot combine the rules: %s", (char *)msg);
		return NULL;
	}
	/* Without JIT the interpreter gives the same answers, slower. */
	if (m->use_jit && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0)
		m->use_jit = false;
	return re;
}

static void
join_rules(struct matcher *m, struct buf *src, struct rule_order *order)
{
	char mark[32];
	size_t i, n = 0;

	buf_clear(src);
	for (i = 0; i < m->set->n; i++) {
		if (m->set->v[i].kind == RULE_PREFIX)
			continue;
		order[n].kind = m->set->v[i].kind;
		order[n].minlen = m->minlen[i];
		order[n++].index = i;
	}
	if (n == 0)
		return;
	qsort(order, n, sizeof(*order), order_rules);
	buf_append_str(src, "(?|");
	for (i = 0; i < n; i++) {
		snprintf(mark, sizeof(mark), "%s(*MARK:%zu)(?:",
		    i > 0 ? "|" : "", order[i].index);
		buf_append_str(src, mark);
		buf_append_str(src, m->set->v[order[i].index].pattern);
		buf_append_str(src, ")");
	}
	buf_append_str(src, ")");
}

static void
join_prefixes(struct matcher *m, struct buf *src)
{
	size_t i;

	buf_clear(src);
	for (i = 0; i < m->set->n; i++) {
		if (m->set->v[i].kind != RULE_PREFIX)
			continue;
		buf_append_str(src, src->len == 0 ? "(?:(?:" : "|(?:");
		buf_append_str(src, m->set->v[i].pattern);
		buf_append_str(src, ")");
	}
	if (src->len > 0)
		buf_append_str(src, ")");
}

/* Number rules first, then longer texts; file order breaks ties. */
static int
order_rules(const void *a, const void *b)
{
	const struct rule_order *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind == RULE_NUMBER ? -1 : 1;
	if (x->minlen != y->minlen)
		return x->minlen > y->minlen ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static int
run_match(struct matcher *m, pcre2_code *re, const char *s, size_t len,
    size_t from)
{
	if (m->use_jit)
		return pcre2_jit_match(re, (PCRE2_SPTR)s, len, from, 0, m->md,
		    m->mctx);
	return pcre2_match(re, (PCRE2_SPTR)s, len, from, 0, m->md, m->mctx);
}
