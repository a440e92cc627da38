/* SPDX-License-Identifier: MIT */
/*
 * rcannotate: annotate RTIDB/OpenMLDB return codes in log streams.
 * main() only sequences: parse the options, load and check the patterns,
 * run the loop, return the status.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "ci.h"
#include "diag.h"
#include "journal.h"
#include "lines.h"
#include "lookup.h"
#include "matcher.h"
#include "mmexternal.h"
#include "options.h"
#include "patterns.h"
#include "report.h"
#include "rules.h"
#include "run.h"

static void		open_std_fds(void);
static int		show_help(const struct options *);
static int		configure(const struct options *, struct run_config *,
			    struct failon **);
static int		run_and_report(struct run_config *,
			    const struct failon *);
static enum run_names	source_names(const struct options *);
static bool		use_color(const struct options *);
static bool		names_an_input(const struct options *, const char *,
			    const char *);
static int		open_summary(const struct options *,
			    struct run_config *);
static int		run_lookup(struct options *, struct patterns *);
static const char	*data_dir(void);
static int		startup_failed(struct buf *, int);

int
main(int argc, char **argv)
{
	struct options o;
	struct patterns_source src;
	struct run_config cfg = { 0 };
	struct failon *failon = NULL;
	struct buf errors = { 0 };
	int status;

	open_std_fds();
	signal(SIGPIPE, SIG_IGN);
	if (mmexternal_in_args(argc, argv))
		diag_capture(&errors);	/* rsyslog reads stderr as replies */
	if (options_parse(&o, argc, argv) != 0)
		return startup_failed(&errors, EXIT_USAGE);
	if (o.help || o.version)
		return show_help(&o);
	src = (struct patterns_source){ .data_dir = data_dir(),
	    .option_dir = o.patterns, .print_config = o.print_config,
	    .template = o.template, .lang = o.lang,
	    .color = !o.json && use_color(&o), .fail_on = o.fail_on };
	if ((cfg.patterns = patterns_load(&src)) == NULL)
		return startup_failed(&errors, EXIT_USAGE);
	if (o.print_config)
		status = EXIT_OK;
	else if (o.list || o.lookup)
		status = o.list ? lookup_list(&cfg.patterns->cat, o.lang,
		    o.json) : run_lookup(&o, cfg.patterns);
	else if ((status = configure(&o, &cfg, &failon)) == EXIT_OK)
		status = run_and_report(&cfg, failon);
	if (ci_close(cfg.ci) != 0 && status == EXIT_OK)
		status = EXIT_IO;
	journal_free(cfg.journal);
	failon_free(failon);
	patterns_free(cfg.patterns);	/* the last one loaded */
	buf_free(&errors);
	return status;
}

/*
 * Under --mmexternal a plugin that cannot start answers every message
 * with its error (see mmexternal.h); otherwise the error is on stderr.
 */
static int
startup_failed(struct buf *errors, int status)
{
	if (errors->data != NULL) {
		diag_capture(NULL);
		while (errors->len > 0 && errors->data[errors->len - 1] == '\n')
			errors->len--;
		mmexternal_failed(errors->data, errors->len);
	}
	buf_free(errors);
	return status;
}

/* --help or --version. */
static int
show_help(const struct options *o)
{
	if (o->help)
		options_usage();
	else
		printf("%s %s\n", PROGRAM_NAME, RCANNOTATE_VERSION);
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_OK;
	diag("write error: %s", strerror(errno));
	return EXIT_IO;
}

/*
 * Fill the run configuration from the options and open what it writes
 * besides standard output.  Return EXIT_OK or the status to exit with.
 */
static int
configure(const struct options *o, struct run_config *cfg,
    struct failon **failon)
{
	struct patterns *p = cfg->patterns;

	cfg->files = o->files;
	cfg->max_line = LINES_DEFAULT_MAX;
	cfg->out_fd = 1;
	cfg->follow = o->follow;
	cfg->follow_opt = o->follow_opt;
	cfg->follow_opt.max_line = cfg->max_line;
	cfg->names = source_names(o);
	cfg->only_matching = o->only_matching;
	cfg->line_number = o->line_number;
	cfg->line_mode = o->line_mode || o->mmexternal;
	cfg->mmexternal = o->mmexternal;
	cfg->summary = o->summary;
	cfg->json = o->json;
	cfg->lang = o->lang;
	if (o->fail_on != NULL &&
	    (*failon = failon_parse(o->fail_on, &p->cat)) == NULL)
		return EXIT_USAGE;
	if (names_an_input(o, o->summary_file, "--summary-file") ||
	    names_an_input(o, o->ci == CI_GITLAB ? (o->ci_report != NULL ?
	    o->ci_report : CI_GITLAB_REPORT) : NULL, "--ci-report"))
		return EXIT_USAGE;
	if (o->ci != CI_NONE &&
	    (cfg->ci = ci_open(o->ci, o->ci_report)) == NULL)
		return EXIT_IO;
	if (o->journal)
		cfg->journal = journal_new(p->annotator, &p->cat, o->lang,
		    o->json, o->journal_short, o->only_matching);
	return open_summary(o, cfg) == 0 ? EXIT_OK : EXIT_IO;
}

/* Run, then the reports; --fail-on turns a clean run into status 3. */
static int
run_and_report(struct run_config *cfg, const struct failon *failon)
{
	int status = run(cfg);

	if (cfg->journal != NULL)
		journal_report(cfg->journal);
	run_summary(cfg);
	if (status == EXIT_OK && failon != NULL && failon_hit(failon,
	    &cfg->patterns->cat, annotator_stats(cfg->patterns->annotator)))
		status = EXIT_FAIL_ON;
	return status;
}

/*
 * Give closed standard descriptors a harmless stand-in, so that no file
 * rcannotate opens lands on 0, 1 or 2.  A closed stdout is opened for
 * reading only, so that writing to it still fails as it should.
 */
static void
open_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1)
			continue;
		if (open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY) != fd)
			exit(EXIT_IO);
	}
}

/* auto: colour only for a terminal that can show it, unless NO_COLOR. */
static bool
use_color(const struct options *o)
{
	const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return isatty(1) && term != NULL && term[0] != '\0' &&
	    strcmp(term, "dumb") != 0 &&
	    (no_color == NULL || no_color[0] == '\0');
}

/*
 * A report file that is also an input would be emptied before it is
 * read: refuse it (a usage error).
 */
static bool
names_an_input(const struct options *o, const char *path, const char *opt)
{
	struct stat st, in;
	size_t i;

	if (path == NULL || stat(path, &st) != 0)
		return false;
	for (i = 0; o->files[i] != NULL; i++) {
		if (strcmp(o->files[i], "-") == 0 ? fstat(0, &in) != 0 :
		    stat(o->files[i], &in) != 0)
			continue;
		if (in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
			diag("%s: %s is also an input", opt, path);
			return true;
		}
	}
	return false;
}

/* The summary goes to standard error, or to --summary-file. */
static int
open_summary(const struct options *o, struct run_config *cfg)
{
	cfg->summary_fd = 2;
	if (o->summary_file == NULL)
		return 0;
	cfg->summary_fd = open(o->summary_file, O_WRONLY | O_CREAT |
	    O_TRUNC | O_CLOEXEC, 0644);
	if (cfg->summary_fd >= 0)
		return 0;
	diag("cannot open %s: %s", o->summary_file, strerror(errno));
	return -1;
}

/* --lookup=ARG comes first, then the operands. */
static int
run_lookup(struct options *o, struct patterns *p)
{
	char **args;
	size_t n = 0, i;
	int status;

	while (o->files[n] != NULL)
		n++;
	args = xcalloc(n + 2, sizeof(*args));
	i = 0;
	if (o->lookup_arg != NULL)
		args[i++] = (char *)o->lookup_arg;
	memcpy(args + i, o->files, n * sizeof(*args));
	status = lookup_run(&p->cat, p->annotator, args, o->lang);
	free(args);
	return status;
}

/*
 * --prefix names every line; following several files shows tail's
 * headers unless -q; otherwise lines are not named.
 */
static enum run_names
source_names(const struct options *o)
{
	size_t n = 0;

	while (o->files[n] != NULL)
		n++;
	if (o->prefix)
		return NAMES_PREFIX;
	if (o->follow && n > 1 && !o->quiet)
		return NAMES_HEADERS;
	return NAMES_NONE;
}

/*
 * The first layer of patterns (see config.h): $RCANNOTATE_PATTERNS, then
 * the source tree's patterns/ when this binary runs from its build tree,
 * then the data directory chosen at configure time, or, if that has no
 * catalogue, the one beside the binary (../share/rcannotate) for an
 * install that was moved.
 */
static const char *
data_dir(void)
{
	static char exe[PATH_MAX], moved[PATH_MAX + 64];
	char catalogue[PATH_MAX + 128], *slash;
	const char *env = getenv("RCANNOTATE_PATTERNS");
	ssize_t n;

	if (env != NULL && env[0] != '\0')
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return RCANNOTATE_DATADIR;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return RCANNOTATE_DATADIR;
	*slash = '\0';
	if (strcmp(exe, RCANNOTATE_BUILD_DIR) == 0)
		return RCANNOTATE_SOURCE_PATTERNS;
	if (access(RCANNOTATE_DATADIR "/codes.tsv", R_OK) == 0)
		return RCANNOTATE_DATADIR;
	snprintf(moved, sizeof(moved), "%s/../share/rcannotate", exe);
	snprintf(catalogue, sizeof(catalogue), "%s/codes.tsv", moved);
	return access(catalogue, R_OK) == 0 ? moved : RCANNOTATE_DATADIR;
}
