/* SPDX-License-Identifier: MIT */
/*
 * Command-line options.  One table holds every option with its help text;
 * parsing and --help are both driven by it.  This module only fills a
 * struct options; it reads the environment for the language default.
 */
#ifndef RCANNOTATE_OPTIONS_H
#define RCANNOTATE_OPTIONS_H

#include <stdbool.h>

#include "follow.h"
#include "report.h"
#include "template.h"

/* Exit statuses, documented in --help and README.md. */
#define EXIT_OK		0
#define EXIT_IO		1	/* an input or the output failed */
#define EXIT_USAGE	2	/* bad option, or bad patterns */

enum ci_kind {
	CI_NONE,
	CI_GITHUB,		/* ::error workflow commands on stdout */
	CI_GITLAB		/* a code quality report file */
};

enum color {
	COLOR_AUTO,		/* a terminal, TERM not dumb, no NO_COLOR */
	COLOR_ALWAYS,
	COLOR_NEVER
};

struct options {
	enum lang	 lang;
	const char	*template;
	const char	*patterns;	/* --patterns: the last layer */
	enum color	 color;
	char		**files;	/* NULL-terminated, maybe empty */
	bool		 follow;	/* -f, -F, --follow */
	struct follow_options follow_opt;
	bool		 quiet;		/* -q: no ==> NAME <== headers */
	bool		 prefix;	/* --prefix: NAME: before each line */
	bool		 lookup;	/* --lookup: explain the operands */
	const char	*lookup_arg;	/* --lookup=ARG */
	bool		 list;		/* --list: print the catalogue */
	enum summary_format summary;
	const char	*summary_file;	/* NULL: standard error */
	bool		 only_matching;
	bool		 line_number;
	bool		 line_mode;	/* flush after every line */
	const char	*fail_on;	/* the --fail-on list, unparsed */
	bool		 json;		/* --output=json */
	bool		 journal;	/* --input=journal-json */
	bool		 journal_short;	/* --journal-short */
	enum ci_kind	 ci;		/* --ci */
	const char	*ci_report;	/* --ci-report for gitlab */
	bool		 mmexternal;	/* rsyslog's external module */
	bool		 print_config;	/* show the pattern files */
	bool		 help;
	bool		 version;
};

/*
 * Parse argv into o.  Return 0, or -1 after reporting the problem (the
 * caller exits with EXIT_USAGE).
 */
int	options_parse(struct options *o, int argc, char **argv);

/* The language the environment asks for: LC_ALL, LC_MESSAGES, LANG. */
enum lang	options_env_lang(void);

/* Print the --help text to standard output. */
void	options_usage(void);

#endif
