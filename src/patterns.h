/* SPDX-License-Identifier: MIT */
/*
 * A pattern set: the catalogue and the rules found in the pattern
 * layers (config.h), their matcher, and the annotator over them.  It is
 * loaded once at start, and again on SIGHUP: a reload builds a whole new
 * set beside the old one, so the caller can swap them between two
 * chunks of input, or keep the old one if anything is wrong with the
 * new.
 */
#ifndef RCANNOTATE_PATTERNS_H
#define RCANNOTATE_PATTERNS_H

#include <stdbool.h>

#include "catalogue.h"
#include "config.h"
#include "rules.h"
#include "template.h"

struct annotator;
struct matcher;

/* Where a set comes from, and how its annotations look. */
struct patterns_source {
	const char	*data_dir;	/* the first layer */
	const char	*option_dir;	/* --patterns, or NULL */
	bool		 print_config;	/* --print-config: list the files */
	const char	*template;	/* passed template_check() */
	enum lang	 lang;
	bool		 color;
	const char	*fail_on;	/* a reload must keep it valid */
};

struct patterns {
	struct config		 files;
	struct catalogue	 cat;
	struct ruleset		 rules;
	struct matcher		*matcher;
	struct annotator	*annotator;
	const struct patterns_source *source; /* must outlive the set */
};

/*
 * Find the files of the set src describes (and list them on standard
 * output with print_config), then load them.  Return the set, or NULL
 * after reporting every problem of the catalogue and the rule files.
 */
struct patterns	*patterns_load(const struct patterns_source *src);

/*
 * Find and load old's files again (nothing is listed).  Return the new
 * set, whose annotator carries
 * on old's counts, after one notice saying so; or NULL after one
 * message saying why not (old is then still the set to use).
 */
struct patterns	*patterns_reload(const struct patterns *old);

void	patterns_free(struct patterns *p);

#endif
