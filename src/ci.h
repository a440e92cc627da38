/* SPDX-License-Identifier: MIT */
/*
 * --ci: codes found in a CI log shown where the CI system shows
 * problems.  GitHub Actions reads "::error file=...,line=...::message"
 * workflow commands from the job's output; GitLab reads a code quality
 * report (a JSON array) named in the job's artifacts.
 */
#ifndef RCANNOTATE_CI_H
#define RCANNOTATE_CI_H

#include <stddef.h>

#include "options.h"

#define CI_GITLAB_REPORT "gl-code-quality-report.json"

struct annotate_match;
struct buf;
struct catalogue;
struct ci;

/* Start; for gitlab, create the report at path.  NULL after a message. */
struct ci	*ci_open(enum ci_kind kind, const char *path);

/*
 * Report the codes of one output line (file NULL for stdin).  GitHub
 * commands are appended to out, after the line.
 */
void	ci_line(struct ci *ci, struct buf *out, const char *file,
	    unsigned long number, const struct annotate_match *m, size_t n,
	    const struct catalogue *cat);

/* Finish the report.  Return 0, or -1 after a message. */
int	ci_close(struct ci *ci);

#endif
