/* SPDX-License-Identifier: MIT */
/*
 * Reports for CI: the --summary of what was seen (lines, codes by count,
 * numbers the catalogue lacks), as text or JSON, and --fail-on, which
 * turns codes seen into exit status 3.
 */
#ifndef RCANNOTATE_REPORT_H
#define RCANNOTATE_REPORT_H

#include <stdbool.h>

#include "template.h"

struct annotate_stats;
struct catalogue;

enum summary_format {
	SUMMARY_NONE,
	SUMMARY_TEXT,
	SUMMARY_JSON
};

/* Exit status when a --fail-on code was seen. */
#define EXIT_FAIL_ON 3

struct failon;

/*
 * Parse a --fail-on list: codes (100), ranges (300-326) and subsystems
 * (nameserver), separated by commas.  Return NULL after reporting a bad
 * item (a usage error).
 */
struct failon	*failon_parse(const char *list, const struct catalogue *cat);

/* True if a code of the list was seen. */
bool	failon_hit(const struct failon *f, const struct catalogue *cat,
	    const struct annotate_stats *st);

void	failon_free(struct failon *f);

/*
 * Write the summary to fd.  Return 0, or a negative errno value if it
 * could not be written.
 */
int	report_summary(int fd, enum summary_format format,
	    const struct catalogue *cat, const struct annotate_stats *st,
	    enum lang lang);

#endif
