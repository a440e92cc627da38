/* SPDX-License-Identifier: MIT */
/*
 * The matcher compiles the rules into PCRE2 patterns and finds them in a
 * line.  It is the only module that knows PCRE2.  Each rule is compiled
 * on its own and JIT-compiled.  For each line the prefilter names the
 * rules whose literals occur in it; only those run.  Matches are found
 * leftmost first; at one position, number rules come before text rules,
 * and text rules by their minimum match length, longest first, so that
 * a longer message wins.
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
 * false forces the interpreter, and so does RCANNOTATE_NO_JIT set and
 * not "0".  Return NULL after reporting each bad
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
 * Start on a line: find the rules that can match it.  Return false if
 * none can; then matcher_find must not be called for this line.
 */
bool	matcher_begin_line(struct matcher *m, const char *s, size_t len);

/*
 * Where in s, which may hold many lines, the first literal of any rule
 * starts: lines before that offset cannot match.  len when there is
 * none, 0 when some rule has no literal.
 */
size_t	matcher_first_literal(struct matcher *m, const char *s,
	    size_t len);

/*
 * Find the leftmost match in s at or after from, of the rules found by
 * matcher_begin_line for this same s.  Return 1 and fill *h, 0 when
 * there is none, or a negative PCRE2 error code.
 */
int	matcher_find(struct matcher *m, const char *s, size_t len,
	    size_t from, struct hit *h);

/*
 * After a negative code from the functions above: the index into the
 * rule set of the rule that failed.
 */
size_t	matcher_failed_rule(const struct matcher *m);

/* Describe a negative code returned by the functions above. */
void	matcher_strerror(int err, char *msg, size_t size);

void	matcher_free(struct matcher *m);

#endif
