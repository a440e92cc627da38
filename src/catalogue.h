/* SPDX-License-Identifier: MIT */
/*
 * The catalogue of return codes: for each code its subsystem, enum name
 * and message in English and Chinese, loaded from a tab-separated file
 * (patterns/codes.tsv, described in patterns/README.md).  Loading checks
 * every line and reports each problem as "file:line: what".
 */
#ifndef RCANNOTATE_CATALOGUE_H
#define RCANNOTATE_CATALOGUE_H

#include <stddef.h>

struct code_info {
	long	 code;
	char	*subsystem;
	char	*name;
	char	*en;		/* English message */
	char	*zh;		/* Chinese message */
	unsigned line;		/* line of the catalogue file */
};

struct catalogue {
	struct code_info *v;	/* sorted by code */
	size_t		  n;
};

/*
 * Load the catalogue at path into cat (which must be zeroed).  Return 0,
 * or -1 after reporting every problem found through diag().
 */
int	catalogue_load(struct catalogue *cat, const char *path);

/* Return the entry for code, or NULL if the catalogue does not have it. */
const struct code_info *catalogue_find(const struct catalogue *cat,
	    long code);

void	catalogue_free(struct catalogue *cat);

#endif
