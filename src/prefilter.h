/* SPDX-License-Identifier: MIT */
/*
 * The prefilter answers "can any rule match this line?" without running
 * a regex.  From each rule's pattern it derives literals, at least one of
 * which every match must contain (for "\btable (?:is|does) not exist\b"
 * that is "table "... or the set {"is", "does"}, whichever is stronger).
 * A line that contains none of them cannot match, and most log lines are
 * rejected by one fast scan.  Deriving is conservative: a pattern it does
 * not understand gives no literal, and then every line is a candidate.
 */
#ifndef RCANNOTATE_PREFILTER_H
#define RCANNOTATE_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Literals shorter than this cannot be indexed. */
#define PREFILTER_MIN 4

struct prefilter_literal {
	const char	*s;	/* into struct prefilter.text */
	size_t		 len;
	unsigned	 key;	/* its last PREFILTER_MIN bytes, as a word */
};

struct prefilter {
	struct buf		  text;		/* the literals' bytes */
	size_t			 *offsets;	/* per literal, into text */
	struct prefilter_literal *lits;		/* sorted by key */
	size_t			  n;
	unsigned char		 *bloom;	/* keys seen, hashed */
	bool			  always;	/* some rule has no literal */
};

/*
 * Derive the literals of pattern and add them.  Return false (and make
 * every line a candidate) when the pattern yields no usable literal.
 */
bool	prefilter_add(struct prefilter *pf, const char *pattern);

/* Finish adding; the prefilter is then read-only. */
void	prefilter_build(struct prefilter *pf);

/* False only if no rule can match s. */
bool	prefilter_maybe(const struct prefilter *pf, const char *s,
	    size_t len);

void	prefilter_free(struct prefilter *pf);

/*
 * Append the literals derived from pattern to out, separated by '\n'.
 * Return how many there are, 0 when the pattern yields none.  Exposed
 * for the unit tests.
 */
size_t	prefilter_derive(const char *pattern, struct buf *out);

#endif
