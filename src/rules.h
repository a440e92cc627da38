/* SPDX-License-Identifier: MIT */
/*
 * Rule files: each line "KIND CODE PATTERN" says how a return code is
 * found in a log line (the format is described in patterns/README.md).
 * This module only reads and checks the files; compiling the PCRE2
 * patterns is the matcher's job.
 */
#ifndef RCANNOTATE_RULES_H
#define RCANNOTATE_RULES_H

#include <stddef.h>

struct catalogue;

enum rule_kind {
	RULE_PREFIX,		/* a line prefix to skip before matching */
	RULE_NUMBER,		/* group 1 captures the code itself */
	RULE_TEXT		/* a match means the rule's code */
};

struct rule {
	enum rule_kind	 kind;
	long		 code;		/* RULE_TEXT only, else -1 */
	char		*pattern;
	const char	*file;		/* owned by the rule set */
	unsigned	 line;
	unsigned	 column;	/* of the pattern's first byte, from 1 */
};

struct ruleset {
	struct rule	*v;
	size_t		 n;
	char		**files;
	size_t		 nfiles;
	size_t		 missing;	/* rules refused: code not in catalogue */
};

/*
 * Append the rules of one file to set, checking text codes against the
 * catalogue.  Return 0, or -1 after reporting every problem.
 */
int	rules_load(struct ruleset *set, const char *path,
	    const struct catalogue *cat);

/*
 * Load every "*.rules" file of dir in name order.  Return 0, or -1 after
 * reporting every problem (also when dir holds no rule file).
 */
int	rules_load_dir(struct ruleset *set, const char *dir,
	    const struct catalogue *cat);

void	rules_free(struct ruleset *set);

#endif
