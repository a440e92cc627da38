/* SPDX-License-Identifier: MIT */
/*
 * Following files as they grow, like tail -f and tail -F.  The follower
 * watches the directories of the files (inotify through libuv) and, as a
 * safety net that also serves file systems without inotify, stats every
 * file on a timer.  It notices:
 *   - growth: new bytes are read and split into lines;
 *   - truncation (copytruncate): the size fell below the read offset, or
 *     the first bytes changed; the file is read again from the start;
 *   - replacement (rename + create, delete + create, a repointed
 *     symlink), when following by name: the old file is kept open and
 *     drained, including lines its writer still appends, for the rotate
 *     wait; the new file is read from its start at once;
 *   - a file that is missing, at start or for a while: with retry it is
 *     picked up as soon as it appears.
 * Each open file has its own line splitter, so a partial line is held
 * until its newline arrives and never mixes with another file's lines.
 * Notices for the user go through diag(); lines go to a callback.
 */
#ifndef RCANNOTATE_FOLLOW_H
#define RCANNOTATE_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

#include <uv.h>

#include "lines.h"

struct follow_options {
	bool		 by_name;	/* --follow=name: reopen on rotation */
	bool		 retry;		/* keep trying missing files */
	bool		 from_start;	/* -n +K: start at line K */
	unsigned long	 lines;		/* -n: N lines before the end, or K */
	double		 sleep;		/* seconds between safety-net stats */
	bool		 poll_only;	/* no inotify */
	double		 rotate_wait;	/* seconds to drain a rotated file */
	double		 partial_wait;	/* 0, or seconds before a partial
					   line goes out unannotated */
	long		 pid;		/* stop after this process, or 0 */
	size_t		 max_line;
};

struct follower;

/* A line (or part) of file number file, as lines_cb describes. */
typedef void	follow_line_cb(void *arg, size_t file, const char *s,
		    size_t len, const char *eol, size_t eol_len,
		    enum line_part part);

/* A batch of lines was delivered: a good moment to write them out. */
typedef void	follow_flush_cb(void *arg);

/* Following ended (the --pid process died, or nothing is followable). */
typedef void	follow_end_cb(void *arg);

/* Every safety-net tick, for the owner's own checks (may be NULL). */
typedef void	follow_tick_cb(void *arg);

/*
 * File number file starts again: its next line is line lines + 1 of the
 * file now open (a new file after rotation or truncation starts at 0;
 * -n +K starts at K - 1; -n N counts from where reading starts).
 */
typedef void	follow_restart_cb(void *arg, size_t file, unsigned long lines);

/*
 * Optional, as lines_scan_cb and lines_run_cb describe: scan lines of
 * file number file for the first byte that needs work, and take a run of
 * whole lines that need none at once.
 */
typedef size_t	follow_scan_cb(void *arg, size_t file, const char *s,
		    size_t len, bool fresh);
typedef void	follow_run_cb(void *arg, size_t file, const char *s,
		    size_t len);

struct follow_callbacks {
	follow_line_cb	*line;
	follow_scan_cb	*scan;		/* with run, or NULL */
	follow_run_cb	*run;
	follow_flush_cb	*flush;
	follow_end_cb	*end;
	follow_tick_cb	*tick;
	follow_restart_cb *restart;
	void		*arg;
};

/*
 * Start following the NULL-terminated files on loop.  Files present now
 * are read from their -n position at once.  Return the follower, which
 * reports files it cannot open through diag() (see follow_failed).
 */
struct follower	*follow_start(uv_loop_t *loop, char **files,
		    const struct follow_options *opt,
		    const struct follow_callbacks *cb);

/* True if some file could not be opened or read at some point. */
bool	follow_failed(const struct follower *fw);

/* Hand over every partial line held, as at the end of the files. */
void	follow_finish_lines(struct follower *fw);

/* Close every handle; the loop ends once they are closed. */
void	follow_stop(struct follower *fw);

/* Free the follower after the loop has ended. */
void	follow_free(struct follower *fw);

#endif
