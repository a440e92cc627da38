/* SPDX-License-Identifier: MIT */
/*
 * Option parsing with getopt_long(3), driven by one table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "options.h"

enum {
	OPT_LANG = 256,
	OPT_TEMPLATE,
	OPT_PATTERNS
};

struct option_row {
	const char	*name;
	int		 has_arg;
	int		 val;
	const char	*arg;		/* argument name for --help */
	const char	*help;
};

static const struct option_row option_table[] = {
	{ "lang", required_argument, OPT_LANG, "LANG",
	  "message language: en, zh or both (default: from LC_ALL,\n"
	  "LC_MESSAGES, LANG; zh* means zh, anything else en)" },
	{ "template", required_argument, OPT_TEMPLATE, "TEXT",
	  "annotation text; placeholders {code} {subsystem} {name}\n"
	  "{message} {en} {zh}, {{ and }} for braces\n"
	  "(default: \"" TEMPLATE_DEFAULT "\")" },
	{ "patterns", required_argument, OPT_PATTERNS, "DIR",
	  "read codes.tsv and *.rules from DIR (default:\n"
	  "$RCANNOTATE_PATTERNS, else patterns/ of the source tree\n"
	  "when run from the build tree, else the installed data)" },
	{ "help", no_argument, 'h', NULL, "show this help and exit" },
	{ "version", no_argument, 'V', NULL, "show the version and exit" },
};

#define NOPTIONS (sizeof(option_table) / sizeof(option_table[0]))

static void	bad_option(const char *, int);
static int	parse_lang(const char *, enum lang *);
static int	set_template(struct options *, const char *);

int
options_parse(struct options *o, int argc, char **argv)
{
	struct option longopts[NOPTIONS + 1];
	size_t i;
	int c;

	memset(o, 0, sizeof(*o));
	o->lang = options_env_lang();
	o->template = TEMPLATE_DEFAULT;
	memset(longopts, 0, sizeof(longopts));
	for (i = 0; i < NOPTIONS; i++) {
		longopts[i].name = option_table[i].name;
		longopts[i].has_arg = option_table[i].has_arg;
		longopts[i].val = option_table[i].val;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_LANG:
			if (parse_lang(optarg, &o->lang) != 0)
				return -1;
			break;
		case OPT_TEMPLATE:
			if (set_template(o, optarg) != 0)
				return -1;
			break;
		case OPT_PATTERNS:
			if (optarg[0] == '\0') {
				diag("--patterns: the directory name is empty");
				return -1;
			}
			o->patterns = optarg;
			break;
		case 'h':
			o->help = true;
			break;
		case 'V':
			o->version = true;
			break;
		case ':':
			diag("option %s needs an argument (see --help)",
			    argv[optind - 1]);
			return -1;
		default:
			bad_option(argv[optind - 1], optopt);
			return -1;
		}
	}
	o->files = argv + optind;
	return 0;
}

enum lang
options_env_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		v = getenv(vars[i]);
		if (v != NULL && v[0] != '\0')
			return strncmp(v, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
	}
	return LANG_EN;
}

void
options_usage(void)
{
	char left[64];
	const char *p, *nl;
	size_t i;

	printf("usage: %s [OPTION]... [FILE]...\n"
	    "Annotate RTIDB/OpenMLDB return codes in log lines.  Reads each "
	    "FILE in turn,\nor standard input when there is none or FILE is "
	    "-.\n\n", PROGRAM_NAME);
	for (i = 0; i < NOPTIONS; i++) {
		if (option_table[i].val < 256)
			snprintf(left, sizeof(left), "-%c, --%s",
			    option_table[i].val, option_table[i].name);
		else
			snprintf(left, sizeof(left), "    --%s=%s",
			    option_table[i].name, option_table[i].arg);
		for (p = option_table[i].help; p != NULL; p = nl) {
			nl = strchr(p, '\n');
			printf("  %-20s  %.*s\n", left,
			    nl ? (int)(nl - p) : (int)strlen(p), p);
			left[0] = '\0';
			if (nl != NULL)
				nl++;
		}
	}
	printf("\nA line is annotated up to its first 1 MiB; the rest of a "
	    "longer line passes\nthrough unchanged.\n"
	    "\nExit status: 0 success, 1 an input or the output failed, "
	    "2 bad usage\nor bad patterns, 128+N killed by signal N after "
	    "writing what was read.\n");
}

/* Explain why getopt_long refused arg (optopt: the short option). */
static void
bad_option(const char *arg, int optopt_seen)
{
	const char *eq = strchr(arg, '=');
	size_t i;

	if (strncmp(arg, "--", 2) != 0) {
		diag("unknown option -%c (see --help)", optopt_seen);
		return;
	}
	for (i = 0; eq != NULL && i < NOPTIONS; i++) {
		if (option_table[i].has_arg == no_argument &&
		    strlen(option_table[i].name) == (size_t)(eq - arg - 2) &&
		    strncmp(option_table[i].name, arg + 2, eq - arg - 2) == 0) {
			diag("option --%s takes no argument (see --help)",
			    option_table[i].name);
			return;
		}
	}
	diag("unknown option %s (see --help)", arg);
}

static int
parse_lang(const char *arg, enum lang *lang)
{
	if (strcmp(arg, "en") == 0)
		*lang = LANG_EN;
	else if (strcmp(arg, "zh") == 0)
		*lang = LANG_ZH;
	else if (strcmp(arg, "both") == 0)
		*lang = LANG_BOTH;
	else {
		diag("--lang: '%s' is not en, zh or both", arg);
		return -1;
	}
	return 0;
}

static int
set_template(struct options *o, const char *arg)
{
	size_t bad;

	if (template_check(arg, &bad) == 0) {
		o->template = arg;
		return 0;
	}
	if (arg[bad] == '\n' || arg[bad] == '\r')
		diag("--template: a line break is not allowed (column %zu)",
		    bad + 1);
	else
		diag("--template: unknown placeholder or stray brace at "
		    "column %zu: %s", bad + 1, arg + bad);
	return -1;
}
