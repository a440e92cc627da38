/* SPDX-License-Identifier: MIT */
/*
 * The prefilter answers "which rules can match this line?" without
 * running a regex.  From each rule's pattern it derives literals, at
 * least one of which every match must contain (for "ReturnCode\[(\d+)\]"
 * that is "ReturnCode[", for "x(?:is not|does not) exist" the set of
 * "is not" and "does not", or " exist", whichever is stronger).  A rule
 * none of whose literals occur in a line cannot match it, and most log
 * lines are rejected by one fast scan.  Deriving is conservative: a
 * pattern it does not understand gives no literal, and that rule is then
 * a candidate on every line.
 */
#ifndef RCANNOTATE_PREFILTER_H
#define RCANNOTATE_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * The literals are indexed again, by the windows least seen, after this
 * many bytes of text have been scanned.
 */
#define PREFILTER_SAMPLE (256 * 1024)

/* Literals shorter than this cannot be indexed. */
#define PREFILTER_MIN 4

/* One 4-byte window of a literal: every window of every literal is kept. */
struct prefilter_literal {
	const char	*s;	/* the literal, into struct prefilter.text */
	size_t		 len;
	unsigned	 key;	/* the window's PREFILTER_MIN bytes, a word */
	size_t		 at;	/* where in the literal the window is */
	size_t		 rule;	/* the id the literal was added for */
};

/* A short literal, found through its anchor: its rarest byte. */
struct prefilter_short {
	const char	*s;	/* the literal, into struct prefilter.text */
	size_t		 len;
	size_t		 at;	/* where in the literal the anchor is */
	size_t		 rule;
};

/* Anchors at most: each costs a memchr over all text. */
#define PREFILTER_ANCHORS 4

struct prefilter {
	struct buf		  text;		/* the literals' bytes */
	size_t			 *offsets;	/* per literal, into text */
	size_t			 *rules;	/* per literal, its rule id */
	struct prefilter_literal *lits;		/* windows, sorted by hash */
	size_t			  nlits;
	size_t			  n;		/* literals */
	size_t			  stride;	/* windows looked at */
	uint8_t			 *bloom;	/* keys seen, by hash */
	size_t			 *buckets;	/* first window of each */
	size_t			 *always;	/* rules without literals */
	size_t			  nalways;
	unsigned char		 *seen;		/* per rule id, scratch */
	size_t			 *last;		/* per rule id: last literal */
	uint32_t		 *freq;		/* windows met, by hash */
	size_t			  sample_left;	/* bytes until re-indexing */
	uint64_t		  bytes[256];	/* bytes met, by value */
	uint64_t		  sampled;	/* bytes met in all */
	struct prefilter_short	 *shorts;	/* sorted by anchor */
	size_t			  nshorts;
	unsigned char		  anchor[PREFILTER_ANCHORS];
	size_t			  anchor_end[PREFILTER_ANCHORS]; /* in shorts */
	size_t			  nanchors;
	size_t			  maxat;	/* of the shorts' anchors */
	size_t			  nids;
};

/*
 * Derive the literals of pattern and add them for rule id.  Return
 * false when the pattern yields no usable literal: that rule is then a
 * candidate on every line.
 */
bool	prefilter_add(struct prefilter *pf, const char *pattern, size_t id);

/* Finish adding; ids run from 0 to nids - 1. */
void	prefilter_build(struct prefilter *pf, size_t nids);

/*
 * Store in ids (room for nids) the rules that can match s, ascending,
 * and return how many there are.
 */
size_t	prefilter_candidates(struct prefilter *pf, const char *s,
	    size_t len, size_t *ids);

/*
 * Where the last literal of rule id starts in the line the last call of
 * prefilter_candidates found it a candidate in; SIZE_MAX for a rule
 * without literals.  A match of the rule that starts after that offset
 * cannot be, for every match holds a literal.
 */
size_t	prefilter_last(const struct prefilter *pf, size_t id);

/*
 * Where the first literal of any rule starts in s, which may hold many
 * lines; len if none does.  Lines before the one holding that offset
 * cannot match.  0 when some rule has no literal.
 */
size_t	prefilter_first(struct prefilter *pf, const char *s,
	    size_t len);

void	prefilter_free(struct prefilter *pf);

/*
 * Append the literals derived from pattern to out, separated by '\n'.
 * Return how many there are, 0 when the pattern yields none.  Exposed
 * for the unit tests.
 */
size_t	prefilter_derive(const char *pattern, struct buf *out);

#endif
