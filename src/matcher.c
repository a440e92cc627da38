/* SPDX-License-Identifier: MIT */
/*
 * PCRE2 compilation and matching.  Every rule is compiled alone, with
 * PCRE2_MATCH_INVALID_UTF (log lines may hold any byte; prefix rules
 * match bytes instead), so that an error is reported at the rule's own
 * line and column and no rule can change how another one matches.
 * Number and text rules are kept in priority order; the prefilter is
 * told each rule's position in that order, so the candidates it returns
 * come sorted by priority.  While a line is being scanned, each
 * candidate's next match is remembered, so every rule runs about once
 * per match it contributes.
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

#define MATCHER_OPTIONS (PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | \
	PCRE2_NEVER_BACKSLASH_C)
/*
 * Prefix rules match bytes, not characters: in UTF mode no item matches
 * a byte that is not UTF-8, so a Latin-1 host or file name in a prefix
 * would keep the whole prefix from being skipped.
 */
#define PREFIX_OPTIONS (PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C)
#define MATCH_LIMIT 1000000
#define HEAP_LIMIT_KIB (8 * 1024)	/* the interpreter's backtracking */
#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (1024 * 1024)
#define MAX_PREFIXES 4

/* One compiled rule; "next" caches its next match on the current line. */
struct compiled {
	pcre2_code	*re;
	size_t		 rule;		/* index into the rule set */
	enum rule_kind	 kind;
	size_t		 minlen;
	uint8_t		 first[32];	/* bytes a match can start with */
	bool		 jit_tried;	/* JIT-compiled on first use */
	bool		 jit_ok;
	int		 state;		/* NEXT_* */
	size_t		 start, end, num_start, num_end;
	size_t		 last_literal;	/* no match starts after it */
};

enum {
	NEXT_UNKNOWN,		/* not searched since "from" moved past it */
	NEXT_FOUND,
	NEXT_NONE		/* no more matches on this line */
};

struct matcher {
	const struct ruleset	*set;
	struct compiled		*rules;		/* number and text, by priority */
	size_t			 nrules;
	struct compiled		*prefixes;
	size_t			 nprefixes;
	struct prefilter	 prefilter;
	size_t			*cand;		/* this line's candidates */
	size_t			 ncand;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit_stack;
	bool			 use_jit;
	size_t			 failed_rule;	/* of the last error */
};

static bool	jit_forbidden(void);
static int	compile_rule(struct matcher *, size_t, struct compiled *);
static int	by_priority(const void *, const void *);
static int	next_match(struct matcher *, struct compiled *, const char *,
		    size_t, size_t);
static int	run_match(struct matcher *, struct compiled *,
		    const char *, size_t, size_t);
static void	first_bytes(const char *, uint8_t *);
static bool	can_start(const struct compiled *, const char *, size_t,
		    size_t);

struct matcher *
matcher_new(const struct ruleset *set, bool use_jit)
{
	struct matcher *m = xcalloc(1, sizeof(*m));
	struct compiled c;
	size_t i;
	int bad = 0;

	m->set = set;
	m->use_jit = use_jit && !jit_forbidden();
	m->rules = xcalloc(set->n, sizeof(*m->rules));
	m->prefixes = xcalloc(set->n, sizeof(*m->prefixes));
	for (i = 0; i < set->n; i++) {
		if (compile_rule(m, i, &c) != 0)
			bad = 1;
		else if (set->v[i].kind == RULE_PREFIX)
			m->prefixes[m->nprefixes++] = c;
		else
			m->rules[m->nrules++] = c;
	}
	if (bad) {
		matcher_free(m);
		return NULL;
	}
	qsort(m->rules, m->nrules, sizeof(*m->rules), by_priority);
	for (i = 0; i < m->nrules; i++)
		prefilter_add(&m->prefilter, set->v[m->rules[i].rule].pattern,
		    i);
	prefilter_build(&m->prefilter, m->nrules);
	m->cand = xcalloc(m->nrules + 1, sizeof(*m->cand));
	m->md = pcre2_match_data_create(64, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->jit_stack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX,
	    NULL);
	if (m->md == NULL || m->mctx == NULL || m->jit_stack == NULL)
		diag_oom();
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_heap_limit(m->mctx, HEAP_LIMIT_KIB);
	pcre2_jit_stack_assign(m->mctx, NULL, m->jit_stack);
	return m;
}

int
matcher_skip_prefix(struct matcher *m, const char *s, size_t len,
    size_t *off)
{
	size_t i, round, next;
	int rc;

	*off = 0;
	for (round = 0; round < MAX_PREFIXES; round++) {
		next = *off;
		for (i = 0; i < m->nprefixes && next == *off; i++) {
			if (!can_start(&m->prefixes[i], s, len, *off))
				continue;
			rc = run_match(m, &m->prefixes[i], s, len, *off);
			if (rc >= 0)
				next = pcre2_get_ovector_pointer(m->md)[1];
			else if (rc != PCRE2_ERROR_NOMATCH) {
				*off = 0;
				return rc;
			}
		}
		if (next == *off)
			break;
		*off = next;
	}
	return 0;
}

bool
matcher_begin_line(struct matcher *m, const char *s, size_t len)
{
	size_t i;

	m->ncand = prefilter_candidates(&m->prefilter, s, len, m->cand);
	for (i = 0; i < m->ncand; i++) {
		m->rules[m->cand[i]].state = NEXT_UNKNOWN;
		m->rules[m->cand[i]].last_literal =
		    prefilter_last(&m->prefilter, m->cand[i]);
	}
	return m->ncand > 0;
}

size_t
matcher_first_literal(struct matcher *m, const char *s, size_t len)
{
	return prefilter_first(&m->prefilter, s, len);
}

/*
 * The candidates are in priority order, so the first one with the
 * leftmost start is the match a joined alternation would have found.
 */
int
matcher_find(struct matcher *m, const char *s, size_t len, size_t from,
    struct hit *h)
{
	struct compiled *c, *best = NULL;
	size_t i;
	int rc;

	if (from > len)
		return 0;
	for (i = 0; i < m->ncand; i++) {
		c = &m->rules[m->cand[i]];
		rc = next_match(m, c, s, len, from);
		if (rc < 0)
			return rc;
		if (c->state == NEXT_FOUND &&
		    (best == NULL || c->start < best->start))
			best = c;
	}
	if (best == NULL)
		return 0;
	h->start = best->start;
	h->end = best->end;
	h->rule = best->rule;
	h->num_start = best->num_start;
	h->num_end = best->num_end;
	return 1;
}

size_t
matcher_failed_rule(const struct matcher *m)
{
	return m->failed_rule;
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
	for (i = 0; i < m->nrules; i++)
		pcre2_code_free(m->rules[i].re);
	for (i = 0; i < m->nprefixes; i++)
		pcre2_code_free(m->prefixes[i].re);
	free(m->rules);
	free(m->prefixes);
	free(m->cand);
	prefilter_free(&m->prefilter);
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jit_stack);
	free(m);
}

/*
 * RCANNOTATE_NO_JIT set and not "0" runs the PCRE2 interpreter for every
 * matcher: the same answers, slower.  For valgrind, which cannot follow
 * JIT code, and for checking that both give the same output.
 */
static bool
jit_forbidden(void)
{
	const char *v = getenv("RCANNOTATE_NO_JIT");

	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

/*
 * Compile rule i: report a bad pattern at its own position, and refuse
 * patterns that can match nothing at all or that lack the group a
 * number rule needs.
 */
static int
compile_rule(struct matcher *m, size_t i, struct compiled *c)
{
	const struct rule *r = &m->set->v[i];
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff;
	uint32_t minlen = 0, groups = 0, opts = 0;
	int err;

	memset(c, 0, sizeof(*c));
	c->rule = i;
	c->kind = r->kind;
	c->re = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
	    r->kind == RULE_PREFIX ? PREFIX_OPTIONS | PCRE2_ANCHORED :
	    MATCHER_OPTIONS, &err, &erroff, NULL);
	if (c->re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		diag("%s:%u:%zu: %s", r->file, r->line,
		    (size_t)r->column + erroff, (char *)msg);
		return -1;
	}
	pcre2_pattern_info(c->re, PCRE2_INFO_MINLENGTH, &minlen);
	pcre2_pattern_info(c->re, PCRE2_INFO_CAPTURECOUNT, &groups);
	pcre2_pattern_info(c->re, PCRE2_INFO_ALLOPTIONS, &opts);
	/* (*NO_START_OPT) leaves the minimum length unworked: 0. */
	if (opts & PCRE2_NO_START_OPTIMIZE)
		minlen = 1;
	if (r->kind == RULE_PREFIX)
		first_bytes(r->pattern, c->first);
	c->minlen = minlen;
	if (r->kind != RULE_PREFIX && minlen == 0)
		diag("%s:%u:%u: pattern can match an empty string",
		    r->file, r->line, r->column);
	else if (r->kind == RULE_NUMBER && groups == 0)
		diag("%s:%u:%u: number rule needs a group that captures "
		    "the code", r->file, r->line, r->column);
	else
		return 0;
	pcre2_code_free(c->re);
	c->re = NULL;
	return -1;
}

/*
 * The bytes a match of pattern can start with, as a bit set: every byte
 * when PCRE2 cannot tell.  PCRE2 works this out only for patterns that
 * are not anchored, so a prefix rule is compiled once more, without
 * PCRE2_ANCHORED, to ask.
 */
static void
first_bytes(const char *pattern, uint8_t *set)
{
	const uint8_t *map = NULL;
	uint32_t type = 0, unit = 0;
	PCRE2_SIZE erroff;
	pcre2_code *re;
	int err;

	memset(set, 0xff, 32);
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PREFIX_OPTIONS, &err, &erroff, NULL);
	if (re == NULL)
		return;
	pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type);
	if (type == 1) {
		pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &unit);
		memset(set, 0, 32);
		set[unit / 8] |= 1u << (unit % 8);
		if (unit < 0x80)	/* a caseless letter may be either */
			set[(unit ^ 0x20) / 8] |= 1u << ((unit ^ 0x20) % 8);
	} else if (type == 0 &&
	    pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &map) == 0 &&
	    map != NULL)
		memcpy(set, map, 32);
	pcre2_code_free(re);
}

/*
 * Can c match at from?  Only if the byte there is one it can start with;
 * a set of first bytes also means it never matches empty.
 */
static bool
can_start(const struct compiled *c, const char *s, size_t len, size_t from)
{
	unsigned char b;

	if (from < len) {
		b = s[from];
		return (c->first[b / 8] >> (b % 8)) & 1;
	}
	return memchr(c->first, 0, 32) == NULL;	/* all bytes: unknown */
}

/* Number rules first, then longer texts; file order breaks ties. */
static int
by_priority(const void *a, const void *b)
{
	const struct compiled *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind == RULE_NUMBER ? -1 : 1;
	if (x->minlen != y->minlen)
		return x->minlen > y->minlen ? -1 : 1;
	return (x->rule > y->rule) - (x->rule < y->rule);
}

/* Bring c's remembered match up to from. */
static int
next_match(struct matcher *m, struct compiled *c, const char *s,
    size_t len, size_t from)
{
	PCRE2_SIZE *ov;
	int rc;

	if (c->state == NEXT_NONE ||
	    (c->state == NEXT_FOUND && c->start >= from))
		return 0;
	if (from > c->last_literal) {
		c->state = NEXT_NONE;	/* no literal left for a match */
		return 0;
	}
	rc = run_match(m, c, s, len, from);
	if (rc == PCRE2_ERROR_NOMATCH) {
		c->state = NEXT_NONE;
		return 0;
	}
	if (rc < 0)
		return rc;
	ov = pcre2_get_ovector_pointer(m->md);
	c->state = NEXT_FOUND;
	c->start = ov[0];
	c->end = ov[1];
	c->num_start = c->num_end = 0;
	if (rc > 1 && ov[2] != PCRE2_UNSET) {
		c->num_start = ov[2];
		c->num_end = ov[3];
	}
	return 0;
}

/*
 * A rule is JIT-compiled when it first runs: most rules never meet a
 * line with their literals, and start-up stays short.  pcre2_jit_match
 * skips pcre2_match's checks, which the subject needs none of.  A JIT
 * failure is not an error; pcre2_match then interprets, with the same
 * answers.  So does a JIT match that ran out of stack on a long line:
 * the interpreter keeps its backtracking on the heap, within
 * HEAP_LIMIT_KIB.  Any other error names the rule that failed.
 */
static int
run_match(struct matcher *m, struct compiled *c, const char *s,
    size_t len, size_t from)
{
	int rc = PCRE2_ERROR_NOMATCH;
	bool interpret = true;
	size_t jit_size = 0;

	if (m->use_jit && !c->jit_tried) {
		/* (*NO_JIT) in a pattern: success, but no JIT code. */
		c->jit_ok = pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE) == 0 &&
		    pcre2_pattern_info(c->re, PCRE2_INFO_JITSIZE, &jit_size) ==
		    0 && jit_size > 0;
		c->jit_tried = true;
	}
	if (c->jit_ok) {
		rc = pcre2_jit_match(c->re, (PCRE2_SPTR)s, len, from, 0,
		    m->md, m->mctx);
		interpret = rc == PCRE2_ERROR_JIT_STACKLIMIT;
	}
	if (interpret)
		rc = pcre2_match(c->re, (PCRE2_SPTR)s, len, from, PCRE2_NO_JIT,
		    m->md, m->mctx);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		m->failed_rule = c->rule;
	return rc;
}
