/* SPDX-License-Identifier: MIT */
/*
 * The main loop: reads the inputs in order, splits them into lines,
 * annotates each line and writes it out, and handles the signals:
 * SIGINT and SIGTERM end it, SIGHUP reloads the patterns.
 */
#ifndef RCANNOTATE_RUN_H
#define RCANNOTATE_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "follow.h"
#include "report.h"
#include "template.h"

struct ci;
struct journal;
struct patterns;

/* How the source of each line is shown. */
enum run_names {
	NAMES_NONE,
	NAMES_HEADERS,		/* "==> NAME <==" when the source changes */
	NAMES_PREFIX		/* "NAME: " before every line */
};

struct run_config {
	char		**files;	/* NULL-terminated; "-" is stdin */
	struct patterns	 *patterns;	/* replaced by each reload */
	size_t		  max_line;	/* cap on an annotated line */
	int		  out_fd;
	bool		  follow;	/* follow the files (needs files) */
	struct follow_options follow_opt;
	enum run_names	  names;
	bool		  only_matching; /* lines that name a code only */
	bool		  line_number;	/* "N:" before each line */
	bool		  line_mode;	/* flush after every line */
	enum summary_format summary;
	int		  summary_fd;
	bool		  json;		/* --output=json */
	struct ci	 *ci;		/* --ci, or NULL */
	struct journal	 *journal;	/* --input=journal-json, or NULL */
	bool		  mmexternal;	/* rsyslog replies (line_mode too) */
	enum lang	  lang;
};

/* Write the summary now, if one was asked for (also at the end). */
void	run_summary(const struct run_config *cfg);

/*
 * Process every input, or follow the files.  Return the exit status: 0,
 * or 1 when an input could not be read or the output could not be
 * written.  A reader that goes away (EPIPE) ends the run quietly with
 * status 0.  On SIGHUP the patterns are loaded again; if that works,
 * the new set replaces cfg->patterns (the old one is freed) before the
 * next line.
 */
int	run(struct run_config *cfg);

#endif
