/* SPDX-License-Identifier: MIT */
/*
 * --output=json: one JSON object per input line (NDJSON), for Vector's
 * exec source, Fluent Bit's exec input, Logstash's pipe input and jq.
 * Each object holds the line, the annotated line, its ending, and for
 * each code it names the code, subsystem, enum name, messages, byte
 * offsets and the rule.  A line that is not valid UTF-8 is given with
 * U+FFFD for its bad bytes, plus the exact bytes in base64.
 */
#ifndef RCANNOTATE_JSONOUT_H
#define RCANNOTATE_JSONOUT_H

#include <stdbool.h>
#include <stddef.h>

struct annotate_match;
struct buf;
struct catalogue;
struct ruleset;

struct json_line {
	const char	*file;		/* its file, or NULL for stdin */
	unsigned long	 number;	/* its line number in that file */
	const char	*line;		/* the input line, without ending */
	size_t		 len;
	const char	*annotated;	/* the same with annotations */
	size_t		 annotated_len;
	const char	*eol;		/* its ending */
	size_t		 eol_len;
	const struct annotate_match *matches;
	size_t		 nmatches;
	bool		 partial;	/* part of a line over the cap */
};

/* Append the object for one line, and a newline, to out. */
void	jsonout_line(struct buf *out, const struct json_line *jl,
	    const struct catalogue *cat, const struct ruleset *set);

/* Base64 of len bytes (RFC 4648, with padding), appended to out. */
void	jsonout_base64(struct buf *out, const char *p, size_t len);

#endif
