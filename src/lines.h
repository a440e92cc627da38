/* SPDX-License-Identifier: MIT */
/*
 * Line splitting: turns the chunks a reader delivers into lines, carrying
 * a partial line over to the next chunk.  A line is handed over without
 * its ending ("\n", "\r\n", or nothing for a last line without newline),
 * which is passed beside it.  A line longer than the cap is handed over
 * in two parts: its first max bytes as a line with no ending, then the
 * rest, up to and including the newline, as raw bytes to pass through
 * unchanged.  Plain C, no I/O.
 */
#ifndef RCANNOTATE_LINES_H
#define RCANNOTATE_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define LINES_DEFAULT_MAX (1024 * 1024)

enum line_part {
	LINE_WHOLE,		/* a line, its ending beside it */
	LINE_HEAD,		/* the first max bytes of a longer line */
	LINE_TAIL		/* raw bytes of its rest, newline included */
};

/*
 * Called for each line or part: s/len is the content, eol/eol_len the
 * ending of a whole line (eol_len 0 for a last line without newline, and
 * for heads and tails).
 */
typedef void	lines_cb(void *arg, const char *s, size_t len,
		    const char *eol, size_t eol_len, enum line_part part);

/*
 * Optional, for speed: a scan of many lines s that returns the offset of
 * the first byte that may need work (len if none), and a callback that
 * takes the lines before the line holding that byte at once, in place
 * of one call a line.  Unless fresh, s is the rest of the range of the
 * previous scan, and what the scan learnt of that range still holds.
 */
typedef size_t	lines_scan_cb(void *arg, const char *s, size_t len,
		    bool fresh);
typedef void	lines_run_cb(void *arg, const char *s, size_t len);

struct lines {
	struct buf	 carry;		/* the partial line so far */
	size_t		 max;		/* longest line that is annotated */
	bool		 overflow;	/* inside the tail of a long line */
	lines_cb	*cb;
	lines_scan_cb	*scan;
	lines_run_cb	*run;
	void		*arg;
};

void	lines_init(struct lines *l, size_t max, lines_cb *cb, void *arg);

/* Pass runs of lines that need no work of their own to run at once. */
void	lines_set_runs(struct lines *l, lines_scan_cb *scan,
	    lines_run_cb *run);

/* Split data, calling the callback for every line it completes. */
void	lines_feed(struct lines *l, const char *data, size_t len);

/* True when a partial line is being held. */
bool	lines_pending(const struct lines *l);

/*
 * Give up waiting for the end of the partial line: hand it over as raw
 * bytes (unannotated) and pass the rest of that line through raw too.
 */
void	lines_release(struct lines *l);

/*
 * The file ended in the middle of a line and another follows it (its
 * file was rotated or truncated): hand the partial line over with a
 * newline, so it does not run into the next one.
 */
void	lines_terminate(struct lines *l);

/* End of input: hand over the partial line, if any. */
void	lines_finish(struct lines *l);

void	lines_free(struct lines *l);

#endif
