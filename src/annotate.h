/* SPDX-License-Identifier: MIT */
/*
 * The annotator decides which return codes a line names and writes the
 * line with an annotation after each of them.  Its policy:
 *   - a number rule that captures a catalogue code beats every text rule
 *     on the same line (the server's number is the truth);
 *   - negative numbers, numbers outside the catalogue and code 0 are
 *     never annotated;
 *   - each code is annotated once per line, at its first match;
 *   - a match already followed by its own annotation is left alone, so
 *     running rcannotate over its own output changes nothing;
 *   - escape sequences in the line (colour) are ignored for matching and
 *     kept in the output.
 * The annotator knows nothing of files, streams or line endings.
 */
#ifndef RCANNOTATE_ANNOTATE_H
#define RCANNOTATE_ANNOTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "template.h"

struct buf;
struct catalogue;
struct matcher;
struct ruleset;

/* A code a line names, for callers that report matches. */
struct annotate_match {
	long	code;
	size_t	entry;		/* catalogue index */
	size_t	rule;		/* index into the rule set */
	size_t	start;		/* byte offsets in the line */
	size_t	end;
	bool	present;	/* the line already had the annotation */
};

/* A number a number rule captured that the catalogue does not have. */
struct unknown_code {
	long		code;
	unsigned long	count;
};

#define ANNOTATE_MAX_UNKNOWN 64

struct annotate_stats {
	unsigned long	lines;		/* lines seen */
	unsigned long	annotated;	/* lines that got an annotation */
	unsigned long	named;		/* lines that name a code */
	unsigned long	failed;		/* lines a PCRE2 limit left alone */
	unsigned long	*counts;	/* per catalogue entry: lines naming it */
	struct unknown_code unknown[ANNOTATE_MAX_UNKNOWN];
	size_t		nunknown;	/* distinct unknown codes kept */
	size_t		last_named;	/* codes named by the last line */
};

/*
 * Create an annotator over a loaded catalogue, rule set and matcher (all
 * must outlive it).  tpl must have passed template_check().  With color,
 * each annotation is wrapped in an SGR colour for its subsystem.
 */
struct annotator *annotator_new(const struct catalogue *cat,
	    const struct ruleset *set, struct matcher *m, const char *tpl,
	    enum lang lang, bool color);

/*
 * Append the line s (len bytes, without its line ending) to out, with
 * the annotations inserted.  Return the number of annotations added.
 */
size_t	annotate_line(struct annotator *a, const char *s, size_t len,
	    struct buf *out);

/*
 * The same for the head of a line cut at the length cap: a match ending
 * in its last ANNOTATE_HEAD_GUARD bytes may be the start of a longer
 * message past the cut, so it is not annotated.
 */
size_t	annotate_head(struct annotator *a, const char *s, size_t len,
	    struct buf *out);

#define ANNOTATE_HEAD_GUARD 8192

/*
 * s holds many lines.  Return the offset of the first byte where one may
 * need annotating: where a literal of some rule starts, or an escape
 * character; len if there is none.  The lines before the one holding
 * that byte come out unchanged: they may be copied as they are, and
 * counted with annotator_skip.  Unless fresh, s is the rest of the
 * range of the previous call, whose end it shares.
 */
size_t	annotator_scan(struct annotator *a, const char *s, size_t len,
	    bool fresh);

/* Count n lines that were copied unchanged after annotator_scan. */
void	annotator_skip(struct annotator *a, unsigned long n);

/*
 * Store in codes (room for max) the codes the line s names, by the same
 * policy, in order of appearance; return how many.  Nothing is counted.
 */
size_t	annotate_codes(struct annotator *a, const char *s, size_t len,
	    long *codes, size_t max);

/*
 * The codes the last annotated line named, in order (valid until the
 * next line).  Return how many; *v points at them.
 */
size_t	annotator_matches(const struct annotator *a,
	    const struct annotate_match **v);

const struct annotate_stats *annotator_stats(const struct annotator *a);

/*
 * Add from's counts to to's, so that a summary after a reload covers the
 * whole run.  Codes are matched by number: a code the new catalogue
 * lacks is counted as unknown.
 */
void	annotator_carry_stats(struct annotator *to,
	    const struct annotator *from);

void	annotator_free(struct annotator *a);

#endif
