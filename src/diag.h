/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics: the one place that writes messages for the user.  Every
 * message is a single line "rcannotate: <text>" written to standard error
 * in one write(2), so that messages from concurrent processes do not
 * interleave.  Tests can capture the messages instead.
 */
#ifndef RCANNOTATE_DIAG_H
#define RCANNOTATE_DIAG_H

#include <stdarg.h>

struct buf;

#define PROGRAM_NAME "rcannotate"

/* Print "rcannotate: " followed by the formatted text and a newline. */
void	diag(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * Send later messages to the buffer instead of stderr (up to 64 KiB of
 * them; later ones are dropped).  Pass NULL to restore stderr.  Return
 * the buffer used until now (NULL: stderr), so that a caller can put it
 * back.
 */
struct buf	*diag_capture(struct buf *sink);

/* Print "rcannotate: out of memory" and exit with status 1. */
_Noreturn void	diag_oom(void);

#endif
