/* SPDX-License-Identifier: MIT */
/*
 * rsyslog's external message modification protocol (mmexternal): rsyslog
 * writes one message per line and waits for exactly one JSON object per
 * line in reply, holding only what changes.  A message that names no
 * code gets {}; one that does gets its variables under "$!" (rc: code,
 * subsystem, name, message, message_zh, and every code it names), and
 * "msg" with the annotated text when the text changed.
 */
#ifndef RCANNOTATE_MMEXTERNAL_H
#define RCANNOTATE_MMEXTERNAL_H

#include <stdbool.h>
#include <stddef.h>

struct annotator;
struct buf;
struct catalogue;

/*
 * Append to out the reply, with its newline, for the message s (len
 * bytes) followed by cr (cr_len bytes: a carriage return the line
 * splitter kept apart, or nothing), without the newline rsyslog ends
 * the message with.
 */
void	mmexternal_reply(struct annotator *a, const struct catalogue *cat,
	    const char *s, size_t len, const char *cr, size_t cr_len,
	    struct buf *out);

/* True if --mmexternal is among the options (before any "--"). */
bool	mmexternal_in_args(int argc, char **argv);

/* The reply for a line too long to annotate: {} and a newline. */
void	mmexternal_unchanged(struct buf *out);

/*
 * Answer every line of standard input with a reply that sets only
 * $!rcannotate_error to error, until end of input.  This is how a
 * plugin that could not start (a bad option or pattern file) reports
 * it: rsyslog reads standard error as replies, and a plugin that exits
 * is started again for the next message.  Return 0 at end of input,
 * -1 on a read or write error.
 */
int	mmexternal_failed(const char *error, size_t len);

#endif
