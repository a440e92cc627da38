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
/* Rules per joined pattern: PCRE2 limits the size of one pattern. */
#define CHUNK_RULES 256

struct matcher {
	const struct ruleset	*set;
	pcre2_code		**chunks;	/* number and text rules */
	size_t			 nchunks;
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
static const char *forbidden(const char *, size_t *);
static pcre2_code *compile(struct matcher *, const struct buf *,
		    uint32_t, int *);
static int	compile_chunks(struct matcher *, const struct rule_order *,
		    size_t);
static size_t	order_text_rules(struct matcher *, struct rule_order *);
static void	join_rules(struct matcher *, struct buf *,
		    const struct rule_order *, size_t);
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
	size_t i, n;
	int bad = 0, err;

	m->set = set;
	m->use_jit = use_jit;
	m->minlen = xcalloc(set->n, sizeof(*m->minlen));
	for (i = 0; i < set->n; i++)
		if (check_rule(m, i) != 0)
			bad = 1;
	if (bad)
		goto fail;
	order = xcalloc(set->n, sizeof(*order));
	n = order_text_rules(m, order);
	bad = compile_chunks(m, order, n);
	free(order);
	if (bad)
		goto fail;
	for (i = 0; i < set->n; i++)
		if (set->v[i].kind != RULE_PREFIX)
			prefilter_add(&m->prefilter, set->v[i].pattern);
	prefilter_build(&m->prefilter);
	join_prefixes(m, &src);
	if (src.len > 0 &&
	    (m->prefix = compile(m, &src, PCRE2_ANCHORED, &err)) == NULL) {
		diag("cannot join the prefix rules: error %d", err);
		goto fail;
	}
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
	return m->nchunks > 0 && prefilter_maybe(&m->prefilter, s, len);
}

/*
 * Each chunk is searched from the same place; the leftmost match wins,
 * and at one position the earlier chunk, so the chunks behave as one
 * alternation.
 */
int
matcher_find(struct matcher *m, const char *s, size_t len, size_t from,
    struct hit *h)
{
	PCRE2_SIZE *ov;
	size_t i;
	int rc, found = 0;

	if (from > len)
		return 0;
	for (i = 0; i < m->nchunks; i++) {
		rc = run_match(m, m->chunks[i], s, len, from);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0)
			return rc;
		ov = pcre2_get_ovector_pointer(m->md);
		if (found && ov[0] >= h->start)
			continue;
		found = 1;
		h->start = ov[0];
		h->end = ov[1];
		h->rule = strtoul((const char *)pcre2_get_mark(m->md), NULL,
		    10);
		h->num_start = h->num_end = 0;
		if (rc > 1 && ov[2] != PCRE2_UNSET) {
			h->num_start = ov[2];
			h->num_end = ov[3];
		}
		if (h->start == from)
			break;		/* nothing can be further left */
	}
	return found;
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
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nchunks; i++)
		pcre2_code_free(m->chunks[i]);
	free(m->chunks);
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
	uint32_t minlen = 0, groups = 0, names = 0;
	const char *what;
	size_t at;
	int err;

	if ((what = forbidden(r->pattern, &at)) != NULL) {
		diag("%s:%u:%zu: %s is not allowed in a rule", r->file,
		    r->line, (size_t)r->column + at, what);
		return -1;
	}
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
	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &names);
	pcre2_code_free(re);
	if (names > 0) {
		diag("%s:%u:%u: a named group is not allowed in a rule",
		    r->file, r->line, r->column);
		return -1;
	}
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

/* Compile a joined pattern; on failure return NULL and set *err. */
static pcre2_code *
compile(struct matcher *m, const struct buf *src, uint32_t options,
    int *err)
{
	PCRE2_SIZE erroff;
	pcre2_code *re;

	re = pcre2_compile((PCRE2_SPTR)src->data, src->len,
	    MATCHER_OPTIONS | options, err, &erroff, NULL);
	if (re == NULL)
		return NULL;
	/* Without JIT the interpreter gives the same answers, slower. */
	if (m->use_jit && pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0)
		m->use_jit = false;
	return re;
}

/* Fill order with the number and text rules, sorted; return how many. */
static size_t
order_text_rules(struct matcher *m, struct rule_order *order)
{
	size_t i, n = 0;

	for (i = 0; i < m->set->n; i++) {
		if (m->set->v[i].kind == RULE_PREFIX)
			continue;
		order[n].kind = m->set->v[i].kind;
		order[n].minlen = m->minlen[i];
		order[n++].index = i;
	}
	qsort(order, n, sizeof(*order), order_rules);
	return n;
}

/*
 * Join the ordered rules into as few patterns as PCRE2 accepts: up to
 * CHUNK_RULES each, fewer when a chunk turns out too large.  Return 0, or
 * -1 after reporting a rule that cannot be compiled even alone.
 */
static int
compile_chunks(struct matcher *m, const struct rule_order *order, size_t n)
{
	struct buf src = { 0 };
	PCRE2_UCHAR msg[256];
	const struct rule *r;
	pcre2_code *re;
	size_t done = 0, take;
	int err = 0;

	while (done < n) {
		take = n - done < CHUNK_RULES ? n - done : CHUNK_RULES;
		for (;;) {
			join_rules(m, &src, order + done, take);
			re = compile(m, &src, 0, &err);
			if (re != NULL || take == 1)
				break;
			take /= 2;
		}
		if (re == NULL) {
			r = &m->set->v[order[done].index];
			pcre2_get_error_message(err, msg, sizeof(msg));
			diag("%s:%u:%u: cannot be joined with other rules: %s",
			    r->file, r->line, r->column, (char *)msg);
			buf_free(&src);
			return -1;
		}
		m->chunks = xreallocarray(m->chunks, m->nchunks + 1,
		    sizeof(*m->chunks));
		m->chunks[m->nchunks++] = re;
		done += take;
	}
	buf_free(&src);
	return 0;
}

static void
join_rules(struct matcher *m, struct buf *src,
    const struct rule_order *order, size_t n)
{
	char mark[32];
	size_t i;

	buf_clear(src);
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

/*
 * Constructs that would break the joined alternation: backtracking verbs
 * (the join names rules with (*MARK), and (*COMMIT) would stop the other
 * rules) and \C (which can split a UTF-8 character).  Return what was
 * found and set *at to its offset, or return NULL.
 */
static const char *
forbidden(const char *p, size_t *at)
{
	const char *start = p;
	int in_class = 0;

	for (; *p != '\0'; p++) {
		if (p[0] == '\\' && p[1] == 'Q') {
			p = strstr(p, "\\E");
			if (p == NULL)
				return NULL;
			p++;
		} else if (p[0] == '\\' && p[1] != '\0') {
			if (p[1] == 'C' && !in_class) {
				*at = p - start;
				return "\\C";
			}
			p++;
		} else if (in_class) {
			in_class = p[0] != ']';
		} else if (p[0] == '[') {
			in_class = 1;
			if (p[1] == '^')
				p++;
			if (p[1] == ']')
				p++;
		} else if (p[0] == '(' && p[1] == '*') {
			*at = p - start;
			return "a backtracking verb like (*MARK)";
		}
	}
	return NULL;
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
