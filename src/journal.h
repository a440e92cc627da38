/* SPDX-License-Identifier: MIT */
/*
 * --input=journal-json: reads the output of "journalctl -o json --all".
 * MESSAGE may be a string, an array of byte values (journald uses that
 * for invalid UTF-8, control bytes or a trailing CR), an array of
 * strings (the field was repeated) or null (longer than 4096 bytes,
 * without --all).  Text output is the message, annotated, optionally
 * with time, host and identifier like "journalctl -o short"; JSON output
 * is the entry with every field kept and RC_CODE, RC_SUBSYSTEM, RC_NAME
 * and RC_MESSAGE added.  A line that is not a JSON object passes through
 * unchanged and is counted.
 */
#ifndef RCANNOTATE_JOURNAL_H
#define RCANNOTATE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "template.h"

struct annotator;
struct buf;
struct catalogue;
struct journal;

/* With only_matching, messages (entries) that name no code are left out. */
struct journal	*journal_new(struct annotator *a,
		    const struct catalogue *cat, enum lang lang, bool json,
		    bool short_format, bool only_matching);

/* Use another annotator and catalogue from now on (a reload). */
void	journal_use(struct journal *j, struct annotator *a,
	    const struct catalogue *cat);

/* Convert one input line (without its ending) and append it to out. */
void	journal_line(struct journal *j, const char *s, size_t len,
	    const char *eol, size_t eol_len, struct buf *out);

/* Say how many lines were not journal JSON, and how many had no text. */
void	journal_report(const struct journal *j);

void	journal_free(struct journal *j);

#endif
