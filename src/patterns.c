/* SPDX-License-Identifier: MIT */
/*
 * Loading a pattern set, and loading it again on SIGHUP.  A reload
 * checks everything a first load checks, and that --fail-on still names
 * codes and subsystems of the new catalogue.  Its problems are gathered
 * and reported as one message, so a bad edit cannot flood the log of a
 * long-running rcannotate.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "buf.h"
#include "diag.h"
#include "matcher.h"
#include "patterns.h"
#include "report.h"

static struct patterns *load_set(const struct patterns_source *, bool);
static int	load(struct patterns *, bool);
static bool	in_dir(const char *, const char *);
static bool	fail_on_valid(const struct patterns *);
static void	report_failure(const struct buf *);

struct patterns *
patterns_load(const struct patterns_source *src)
{
	return load_set(src, src->print_config);
}

struct patterns *
patterns_reload(const struct patterns *old)
{
	struct buf problems = { 0 }, *sink;
	struct patterns *p;

	sink = diag_capture(&problems);
	p = load_set(old->source, false);
	if (p != NULL && !fail_on_valid(p)) {
		patterns_free(p);
		p = NULL;
	}
	diag_capture(sink);
	if (p == NULL) {
		report_failure(&problems);
		buf_free(&problems);
		return NULL;
	}
	buf_free(&problems);
	annotator_carry_stats(p->annotator, old->annotator);
	diag("SIGHUP: patterns reloaded: %zu codes, %zu rules from %zu "
	    "%s", p->cat.n, p->rules.n, p->files.nrules,
	    p->files.nrules == 1 ? "file" : "files");
	return p;
}

void
patterns_free(struct patterns *p)
{
	if (p == NULL)
		return;
	annotator_free(p->annotator);
	matcher_free(p->matcher);
	rules_free(&p->rules);
	catalogue_free(&p->cat);
	config_free(&p->files);
	free(p);
}

static struct patterns *
load_set(const struct patterns_source *src, bool show)
{
	struct patterns *p = xcalloc(1, sizeof(*p));

	p->source = src;
	if (load(p, show) != 0) {
		patterns_free(p);
		return NULL;
	}
	p->annotator = annotator_new(&p->cat, &p->rules, p->matcher,
	    src->template, src->lang, src->color);
	return p;
}

/*
 * Find the files in their layers (and show them), load the catalogue,
 * then every rule file; the patterns of good rule lines are compiled
 * (and checked) even if other lines are bad.
 */
static int
load(struct patterns *p, bool show)
{
	const struct patterns_source *src = p->source;
	size_t i;
	int rc = 0;

	if (config_find(&p->files, src->data_dir, src->option_dir) != 0)
		return -1;
	if (show && config_print(&p->files, 1) != 0) {
		diag("write error: %s", strerror(errno));
		return -1;
	}
	if (catalogue_load(&p->cat, p->files.catalogue) != 0)
		return -1;
	if (p->files.nrules == 0) {
		diag("%s: no rule files (*.rules)",
		    p->files.dirs[LAYER_DATA].path);
		return -1;
	}
	for (i = 0; i < p->files.nrules; i++)
		if (rules_load(&p->rules, p->files.rules[i].path,
		    &p->cat) != 0)
			rc = -1;
	if (p->rules.missing > 0 && !in_dir(p->files.catalogue,
	    p->files.dirs[LAYER_DATA].path))
		diag("%zu rules name codes missing from %s: a codes.tsv "
		    "replaces the catalogue of earlier layers whole, so add "
		    "codes to a copy of the bundled one", p->rules.missing,
		    p->files.catalogue);
	p->matcher = matcher_new(&p->rules, true);
	return rc == 0 && p->matcher != NULL ? 0 : -1;
}

/* Is path a file right in directory dir? */
static bool
in_dir(const char *path, const char *dir)
{
	size_t n = dir != NULL ? strlen(dir) : 0;

	return n > 0 && strncmp(path, dir, n) == 0 && path[n] == '/' &&
	    strchr(path + n + 1, '/') == NULL;
}

static bool
fail_on_valid(const struct patterns *p)
{
	struct failon *f;

	if (p->source->fail_on == NULL)
		return true;
	f = failon_parse(p->source->fail_on, &p->cat);
	failon_free(f);
	return f != NULL;
}

/* The first problem, and how many more there were. */
static void
report_failure(const struct buf *problems)
{
	const char *first = problems->data, *nl;
	size_t prefix = strlen(PROGRAM_NAME ": "), n = 0, i, len;

	for (i = 0; i < problems->len; i++)
		if (problems->data[i] == '\n')
			n++;
	if (n == 0) {
		diag("SIGHUP: patterns not reloaded, the old ones stay");
		return;
	}
	nl = memchr(first, '\n', problems->len);
	len = nl - first;
	if (len >= prefix && memcmp(first, PROGRAM_NAME ": ", prefix) == 0) {
		first += prefix;
		len -= prefix;
	}
	if (n == 1)
		diag("SIGHUP: patterns not reloaded, the old ones stay: "
		    "%.*s", (int)len, first);
	else
		diag("SIGHUP: patterns not reloaded, the old ones stay: "
		    "%.*s (and %zu more)", (int)len, first, n - 1);
}
