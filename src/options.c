/* SPDX-License-Identifier: MIT */
/*
 * Option parsing with getopt_long(3), driven by one table.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "options.h"

enum {
	OPT_LANG = 256,
	OPT_TEMPLATE,
	OPT_PATTERNS,
	OPT_FOLLOW,
	OPT_RETRY,
	OPT_PID,
	OPT_POLL,
	OPT_ROTATE_WAIT,
	OPT_PARTIAL,
	OPT_PREFIX,
	OPT_LOOKUP,
	OPT_LIST,
	OPT_COLOR,
	OPT_SUMMARY,
	OPT_SUMMARY_FILE,
	OPT_ONLY_MATCHING,
	OPT_LINE_NUMBER,
	OPT_LINE_MODE,
	OPT_FAIL_ON,
	OPT_OUTPUT,
	OPT_CI,
	OPT_CI_REPORT,
	OPT_INPUT,
	OPT_JOURNAL_SHORT,
	OPT_MMEXTERNAL,
	OPT_PRINT_CONFIG
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
	  "read codes.tsv, *.rules and rules.d/*.rules from DIR\n"
	  "too, after the data directory, /etc/rcannotate and\n"
	  "~/.config/rcannotate; a file replaces an earlier one\n"
	  "of the same name" },
	{ "print-config", no_argument, OPT_PRINT_CONFIG, NULL,
	  "show the pattern directories looked at and the files\n"
	  "loaded, then exit" },
	{ "color", optional_argument, OPT_COLOR, "WHEN",
	  "colour the annotations by subsystem: auto (default: on\n"
	  "a terminal, unless TERM=dumb or NO_COLOR is set),\n"
	  "always (also --color alone) or never; --colour too" },
	{ "colour", optional_argument, OPT_COLOR, "WHEN", NULL },
	{ "follow", optional_argument, OPT_FOLLOW, "HOW",
	  "keep reading the FILEs as they grow; HOW is descriptor\n"
	  "(default: the open file, even once renamed) or name\n"
	  "(reopen the name after rotation)" },
	{ NULL, no_argument, 'f', NULL, "same as --follow=descriptor" },
	{ NULL, no_argument, 'F', NULL, "same as --follow=name --retry" },
	{ "retry", no_argument, OPT_RETRY, NULL,
	  "keep trying to open a FILE that is missing" },
	{ "lines", required_argument, 'n', "N",
	  "when following, start N lines before the end (default\n"
	  "10), or at line N with +N (+1: from the start)" },
	{ "pid", required_argument, OPT_PID, "PID",
	  "when following, stop after process PID has ended" },
	{ "sleep-interval", required_argument, 's', "SECS",
	  "look at every followed file this often, as a safety\n"
	  "net for missed events (default 1)" },
	{ "poll", no_argument, OPT_POLL, NULL,
	  "no inotify, only look every --sleep-interval (for\n"
	  "network file systems)" },
	{ "rotate-wait", required_argument, OPT_ROTATE_WAIT, "SECS",
	  "keep reading a rotated-away file this long (default 5)" },
	{ "partial-timeout", required_argument, OPT_PARTIAL, "SECS",
	  "let a line without newline out, unannotated, after\n"
	  "SECS without new data (default: wait for the newline)" },
	{ "quiet", no_argument, 'q', NULL,
	  "no ==> NAME <== headers between followed files\n"
	  "(also --silent)" },
	{ "silent", no_argument, 'q', NULL, NULL },
	{ "prefix", no_argument, OPT_PREFIX, NULL,
	  "put NAME: before every line instead of headers" },
	{ "input", required_argument, OPT_INPUT, "FORMAT",
	  "text (default): log lines; journal-json: the output of\n"
	  "journalctl -o json --all, annotated in its MESSAGE" },
	{ "journal-short", no_argument, OPT_JOURNAL_SHORT, NULL,
	  "with journal-json text output: time, host and\n"
	  "identifier before the message, like journalctl -o short" },
	{ "output", required_argument, OPT_OUTPUT, "FORMAT",
	  "text (default): the annotated lines; json: one JSON\n"
	  "object per line with the codes, offsets and rules" },
	{ "only-matching", no_argument, OPT_ONLY_MATCHING, NULL,
	  "write only the lines that name a code" },
	{ "line-number", no_argument, OPT_LINE_NUMBER, NULL,
	  "put each line's number (in its file) and ':' before it" },
	{ "line-mode", no_argument, OPT_LINE_MODE, NULL,
	  "one output line per input line, flushed at once (for\n"
	  "co-processes that send a line and wait for the answer)" },
	{ "mmexternal", no_argument, OPT_MMEXTERNAL, NULL,
	  "run as an rsyslog mmexternal plugin: one JSON reply per\n"
	  "line, {} when it names no code; never writes to\n"
	  "standard error" },
	{ "summary", optional_argument, OPT_SUMMARY, "FORMAT",
	  "at the end (and on SIGUSR1) write lines read, lines\n"
	  "annotated and codes by count, as text (default) or json" },
	{ "summary-file", required_argument, OPT_SUMMARY_FILE, "FILE",
	  "write the summary to FILE instead of standard error" },
	{ "fail-on", required_argument, OPT_FAIL_ON, "LIST",
	  "exit 3 if a code of LIST was seen: codes, ranges like\n"
	  "300-326, subsystems, separated by commas" },
	{ "ci", required_argument, OPT_CI, "SYSTEM",
	  "github: an ::error line after each line naming a code;\n"
	  "gitlab: a code quality report (see --ci-report)" },
	{ "ci-report", required_argument, OPT_CI_REPORT, "FILE",
	  "where --ci=gitlab writes its report (default\n"
	  "gl-code-quality-report.json)" },
	{ "lookup", optional_argument, OPT_LOOKUP, "ARG",
	  "explain return codes instead of reading logs: each ARG\n"
	  "(and FILE operand) is a code, an enum name or message\n"
	  "words, English or Chinese" },
	{ "list", no_argument, OPT_LIST, NULL,
	  "print the whole catalogue and exit" },
	{ "help", no_argument, 'h', NULL, "show this help and exit" },
	{ "version", no_argument, 'V', NULL, "show the version and exit" },
};

#define NOPTIONS (sizeof(option_table) / sizeof(option_table[0]))
#define USAGE_LEFT 22		/* columns for the option names */
#define USAGE_TEXT 53		/* columns for the help beside them */

static int	apply_option(struct options *, int, const char *);
static int	parse_follow(struct options *, const char *);
static int	parse_color(struct options *, const char *);
static int	parse_lines(struct options *, const char *);
static int	parse_seconds(const char *, const char *, double, double *);
static int	parse_pid(struct options *, const char *);
static void	bad_option(const char *, int);
static int	check_combinations(const struct options *);
static void	usage_row(const struct option_row *);
static int	parse_lang(const char *, enum lang *);
static int	set_template(struct options *, const char *);

int
options_parse(struct options *o, int argc, char **argv)
{
	struct option longopts[NOPTIONS + 1];
	size_t i, n = 0;
	int c;

	memset(o, 0, sizeof(*o));
	o->lang = options_env_lang();
	o->template = TEMPLATE_DEFAULT;
	o->follow_opt.lines = 10;
	o->follow_opt.sleep = 1;
	o->follow_opt.rotate_wait = 5;
	memset(longopts, 0, sizeof(longopts));
	for (i = 0; i < NOPTIONS; i++) {
		if (option_table[i].name == NULL)
			continue;
		longopts[n].name = option_table[i].name;
		longopts[n].has_arg = option_table[i].has_arg;
		longopts[n++].val = option_table[i].val;
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hVfFn:s:q", longopts, NULL))
	    != -1) {
		if (c == ':') {
			diag("option %s needs an argument (see --help)",
			    argv[optind - 1]);
			return -1;
		}
		if (c == '?') {
			bad_option(argv[optind - 1], optopt);
			return -1;
		}
		if (apply_option(o, c, optarg) != 0)
			return -1;
	}
	o->files = argv + optind;
	return check_combinations(o);
}

/* Options that make no sense together are usage errors, not ignored. */
static int
check_combinations(const struct options *o)
{
	const char *bad = NULL;
	size_t i;

	for (i = 0; o->follow && o->files[i] != NULL; i++) {
		if (strcmp(o->files[i], "-") == 0) {
			diag("standard input (-) cannot be followed; name "
			    "files with -f");
			return -1;
		}
	}
	if (o->ci == CI_GITHUB && o->json)
		bad = "--ci=github and --output=json (commands would break "
		    "the JSON stream)";
	else if (o->json && (o->prefix || o->line_number))
		bad = "--output=json and --prefix or --line-number (file and "
		    "number are fields)";
	else if (o->journal && (o->ci != CI_NONE || o->line_number ||
	    o->prefix))
		bad = "--input=journal-json and --ci, --line-number or "
		    "--prefix";
	else if (o->journal_short && !o->journal)
		bad = "--journal-short without --input=journal-json";
	else if (o->ci_report != NULL && o->ci != CI_GITLAB)
		bad = "--ci-report without --ci=gitlab";
	else if ((o->lookup || o->list) && (o->follow || o->journal))
		bad = "--lookup or --list and reading logs (-f, --input)";
	else if (o->lookup && o->list)
		bad = "--lookup and --list";
	else if (o->mmexternal && (o->follow || o->journal || o->json ||
	    o->ci != CI_NONE || o->prefix || o->line_number ||
	    o->only_matching || o->lookup || o->list || o->files[0] != NULL ||
	    (o->summary != SUMMARY_NONE && o->summary_file == NULL)))
		bad = "--mmexternal and a FILE, -f, --input=journal-json, "
		    "--output=json, --ci, --prefix, --line-number, "
		    "--only-matching, --lookup, --list or --summary without "
		    "--summary-file";
	else if (o->print_config && (o->lookup || o->list))
		bad = "--print-config and --lookup or --list";
	if (bad == NULL)
		return 0;
	diag("cannot combine %s (see --help)", bad);
	return -1;
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
	size_t i;

	printf("usage: %s [OPTION]... [FILE]...\n"
	    "Annotate RTIDB/OpenMLDB return codes in log lines.  Reads each "
	    "FILE in turn,\nor standard input when there is none or FILE is "
	    "-.\n\n", PROGRAM_NAME);
	for (i = 0; i < NOPTIONS; i++)
		if (option_table[i].help != NULL)
			usage_row(&option_table[i]);
	printf("\nA line is annotated up to its first 1 MiB (less 8 KiB at "
	    "the cut); the rest of\na longer line passes through "
	    "unchanged.\n"
	    "\nSignals: SIGHUP loads the patterns again (if they have a "
	    "problem, the old ones\nstay); SIGUSR1 writes the summary so "
	    "far; SIGINT and SIGTERM end rcannotate.\n"
	    "\nExit status: 0 success, 1 an input or the output failed "
	    "(or --lookup found\nno code), 2 bad usage or bad patterns, "
	    "3 a --fail-on code was seen, 128+N\nkilled by signal N after "
	    "writing what was read.\n");
}

/*
 * One option of --help: its names on the left, its help beside, wrapped
 * to fit 80 columns (a line break in the table's text is a blank).
 */
static void
usage_row(const struct option_row *row)
{
	char left[64];
	const char *p = row->help, *word;
	size_t n, used = 0;

	if (row->name == NULL)
		snprintf(left, sizeof(left), "-%c", row->val);
	else if (row->val < 256 && row->arg != NULL)
		snprintf(left, sizeof(left), "-%c, --%s=%s", row->val,
		    row->name, row->arg);
	else if (row->val < 256)
		snprintf(left, sizeof(left), "-%c, --%s", row->val, row->name);
	else if (row->has_arg == optional_argument)
		snprintf(left, sizeof(left), "    --%s[=%s]", row->name,
		    row->arg);
	else if (row->arg != NULL)
		snprintf(left, sizeof(left), "    --%s=%s", row->name,
		    row->arg);
	else
		snprintf(left, sizeof(left), "    --%s", row->name);
	if (strlen(left) > USAGE_LEFT) {
		printf("  %s\n", left);
		left[0] = '\0';
	}
	printf("  %-*s ", USAGE_LEFT, left);
	while (*(p += strspn(p, " \n")) != '\0') {
		word = p;
		n = strcspn(p, " \n");
		if (used > 0 && used + 1 + n > USAGE_TEXT) {
			printf("\n  %-*s ", USAGE_LEFT, "");
			used = 0;
		}
		printf("%s%.*s", used > 0 ? " " : "", (int)n, word);
		used += (used > 0) + n;
		p += n;
	}
	printf("\n");
}

static int
apply_option(struct options *o, int c, const char *arg)
{
	struct follow_options *f = &o->follow_opt;

	switch (c) {
	case OPT_LANG:
		return parse_lang(arg, &o->lang);
	case OPT_TEMPLATE:
		return set_template(o, arg);
	case OPT_PATTERNS:
		if (arg[0] == '\0') {
			diag("--patterns: the directory name is empty");
			return -1;
		}
		o->patterns = arg;
		return 0;
	case OPT_FOLLOW:
		return parse_follow(o, arg);
	case 'f':
		return parse_follow(o, "descriptor");
	case 'F':
		f->retry = true;
		return parse_follow(o, "name");
	case OPT_RETRY:
		f->retry = true;
		return 0;
	case 'n':
		return parse_lines(o, arg);
	case OPT_PID:
		return parse_pid(o, arg);
	case 's':
		return parse_seconds("--sleep-interval", arg, 0.001, &f->sleep);
	case OPT_POLL:
		f->poll_only = true;
		return 0;
	case OPT_ROTATE_WAIT:
		return parse_seconds("--rotate-wait", arg, 0, &f->rotate_wait);
	case OPT_PARTIAL:
		return parse_seconds("--partial-timeout", arg, 0.001,
		    &f->partial_wait);
	case 'q':
		o->quiet = true;
		return 0;
	case OPT_PREFIX:
		o->prefix = true;
		return 0;
	case OPT_LOOKUP:
		o->lookup = true;
		o->lookup_arg = arg;
		return 0;
	case OPT_LIST:
		o->list = true;
		return 0;
	case OPT_COLOR:
		return parse_color(o, arg);
	case OPT_SUMMARY:
		if (arg == NULL || strcmp(arg, "text") == 0)
			o->summary = SUMMARY_TEXT;
		else if (strcmp(arg, "json") == 0)
			o->summary = SUMMARY_JSON;
		else {
			diag("--summary: '%s' is not text or json", arg);
			return -1;
		}
		return 0;
	case OPT_SUMMARY_FILE:
		o->summary_file = arg;
		if (o->summary == SUMMARY_NONE)
			o->summary = SUMMARY_TEXT;
		return 0;
	case OPT_ONLY_MATCHING:
		o->only_matching = true;
		return 0;
	case OPT_LINE_NUMBER:
		o->line_number = true;
		return 0;
	case OPT_LINE_MODE:
		o->line_mode = true;
		return 0;
	case OPT_FAIL_ON:
		o->fail_on = arg;
		return 0;
	case OPT_CI:
		if (strcmp(arg, "github") == 0)
			o->ci = CI_GITHUB;
		else if (strcmp(arg, "gitlab") == 0)
			o->ci = CI_GITLAB;
		else {
			diag("--ci: '%s' is not github or gitlab", arg);
			return -1;
		}
		return 0;
	case OPT_INPUT:
		if (strcmp(arg, "text") == 0 || strcmp(arg, "journal-json") == 0) {
			o->journal = strcmp(arg, "journal-json") == 0;
			return 0;
		}
		diag("--input: '%s' is not text or journal-json", arg);
		return -1;
	case OPT_JOURNAL_SHORT:
		o->journal_short = true;
		return 0;
	case OPT_MMEXTERNAL:
		o->mmexternal = true;
		return 0;
	case OPT_PRINT_CONFIG:
		o->print_config = true;
		return 0;
	case OPT_CI_REPORT:
		o->ci_report = arg;
		return 0;
	case OPT_OUTPUT:
		if (strcmp(arg, "text") == 0 || strcmp(arg, "json") == 0) {
			o->json = strcmp(arg, "json") == 0;
			return 0;
		}
		diag("--output: '%s' is not text or json", arg);
		return -1;
	case 'h':
		o->help = true;
		return 0;
	case 'V':
		o->version = true;
		return 0;
	}
	return -1;
}

static int
parse_follow(struct options *o, const char *arg)
{
	o->follow = true;
	if (arg == NULL || strcmp(arg, "descriptor") == 0)
		o->follow_opt.by_name = false;
	else if (strcmp(arg, "name") == 0)
		o->follow_opt.by_name = true;
	else {
		diag("--follow: '%s' is not descriptor or name", arg);
		return -1;
	}
	return 0;
}

static int
parse_color(struct options *o, const char *arg)
{
	if (arg == NULL || strcmp(arg, "always") == 0)
		o->color = COLOR_ALWAYS;
	else if (strcmp(arg, "auto") == 0)
		o->color = COLOR_AUTO;
	else if (strcmp(arg, "never") == 0)
		o->color = COLOR_NEVER;
	else {
		diag("--color: '%s' is not auto, always or never", arg);
		return -1;
	}
	return 0;
}

/* -n N or -n +N, N decimal digits only. */
static int
parse_lines(struct options *o, const char *arg)
{
	const char *p = arg[0] == '+' ? arg + 1 : arg;
	unsigned long n = 0;

	if (*p == '\0')
		goto bad;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > (ULONG_MAX - 9) / 10)
			goto bad;
		n = n * 10 + (unsigned long)(*p - '0');
	}
	o->follow_opt.from_start = arg[0] == '+';
	o->follow_opt.lines = n;
	return 0;
bad:
	diag("-n: '%s' is not a number of lines (N or +N)", arg);
	return -1;
}

/* A number of seconds, decimals allowed, at least min. */
static int
parse_seconds(const char *name, const char *arg, double min, double *out)
{
	char *end;
	double v;

	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || !isfinite(v) || v < min ||
	    v > 86400 * 365) {
		diag("%s: '%s' is not a number of seconds%s", name, arg,
		    min > 0 ? " above 0" : "");
		return -1;
	}
	*out = v;
	return 0;
}

static int
parse_pid(struct options *o, const char *arg)
{
	char *end;
	long v;

	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || v <= 0 || arg[0] == '+' ||
	    arg[0] == ' ') {
		diag("--pid: '%s' is not a process id", arg);
		return -1;
	}
	o->follow_opt.pid = v;
	return 0;
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
		if (option_table[i].name == NULL)
			continue;
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
