/* SPDX-License-Identifier: MIT */
/*
 * The matcher compiles the rules into PCRE2 patterns and finds them in a
 * line.  It is the only module that knows PCRE2.  Number and text rules
 * form one JIT-compiled alternation, tried leftmost first: number rules
 * before text rules, and text rules by their minimum match length,
 * longest first, so that at one position a longer message wins.  Prefix
 * rules form a second, anchored alternation.
 */
#ifndef RCANNOTATE_MATCHER_H
#define RCANNOTATE_MATCHER_H

#include <stdbool.h>
#include <stddef.h>

struct ruleset;
struct matcher;

struct hit {
	size_t	start;		/* the match, as byte offsets */
	size_t	end;
	size_t	rule;		/* index into the rule set */
	size_t	num_start;	/* number rules: the captured code */
	size_t	num_end;
};

/*
 * Compile every rule of set, which must outlive the matcher.  use_jit
 * false forces the interpreter.  Return NULL after reporting each bad
 * pattern as "file:line:column: PCRE2's message".
 */
struct matcher	*matcher_new(const struct ruleset *set, bool use_jit);

/*
 * Skip the log prefixes at the start of s: set *off to the first byte
 * after them (0 when there is none).  Return 0, or a negative PCRE2 error
 * code (a resource limit was hit; *off is then 0).
 */
int	matcher_skip_prefix(struct matcher *m, const char *s, size_t len,
	    size_t *off);

/*
 * False only if no number or text rule can match s: a cheap test of the
 * rules' required literals (see prefilter.h), made before the others.
 */
bool	matcher_may_match(const struct matcher *m, const char *s,
	    size_t len);

/*
 * Find the leftmost rule match in s at or after from.  Return 1 and fill
 * *h, 0 when there is none, or a negative PCRE2 error code.
 */
int	matcher_find(struct matcher *m, const char *s, size_t len,
	    size_t from, struct hit *h);

/* Describe a negative code returned by the functions above. */
void	matcher_strerror(int err, char *msg, size_t size);

void	matcher_free(struct matcher *m);

#endif
