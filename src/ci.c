/* SPDX-License-Identifier: MIT */
/*
 * CI annotations.  The GitLab report is written as it grows (one entry
 * per code found), so memory does not grow with the log.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "ci.h"
#include "diag.h"


struct ci {
	enum ci_kind	 kind;
	FILE		*report;
	char		*path;
	unsigned long	 entries;
};

static void	github(struct buf *, const char *, unsigned long,
		    const struct code_info *);
static void	gitlab(struct ci *, const char *, unsigned long,
		    const struct code_info *);
static void	escape(struct buf *, const char *, bool);

struct ci *
ci_open(enum ci_kind kind, const char *path)
{
	struct ci *ci = xcalloc(1, sizeof(*ci));

	ci->kind = kind;
	if (kind != CI_GITLAB)
		return ci;
	ci->path = xstrdup(path != NULL ? path : CI_GITLAB_REPORT);
	ci->report = fopen(ci->path, "w");
	if (ci->report == NULL) {
		diag("cannot open %s: %s", ci->path, strerror(errno));
		free(ci->path);
		free(ci);
		return NULL;
	}
	fputs("[", ci->report);
	fflush(ci->report);
	return ci;
}

void
ci_line(struct ci *ci, struct buf *out, const char *file,
    unsigned long number, const struct annotate_match *m, size_t n,
    const struct catalogue *cat)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (ci->kind == CI_GITHUB)
			github(out, file, number, &cat->v[m[i].entry]);
		else
			gitlab(ci, file, number, &cat->v[m[i].entry]);
	}
}

int
ci_close(struct ci *ci)
{
	int rc = 0;

	if (ci == NULL)
		return 0;
	if (ci->report != NULL) {
		fputs(ci->entries > 0 ? "\n]\n" : "]\n", ci->report);
		rc = ferror(ci->report) ? -1 : 0;
		if (fclose(ci->report) != 0 || rc != 0) {
			diag("cannot write %s: %s", ci->path,
			    strerror(errno));
			rc = -1;
		}
	}
	free(ci->path);
	free(ci);
	return rc;
}

/* ::error file=F,line=N,title=SUBSYSTEM CODE NAME::MESSAGE */
static void
github(struct buf *out, const char *file, unsigned long number,
    const struct code_info *ci)
{
	char text[512];

	buf_append_str(out, "::error ");
	if (file != NULL) {
		buf_append_str(out, "file=");
		escape(out, file, true);
		snprintf(text, sizeof(text), ",line=%lu,", number);
		buf_append_str(out, text);
	}
	snprintf(text, sizeof(text), "%s %ld %s", ci->subsystem, ci->code,
	    ci->name);
	buf_append_str(out, "title=");
	escape(out, text, true);
	buf_append_str(out, "::");
	escape(out, ci->en, false);
	buf_append_str(out, "\n");
}

/* One entry of GitLab's code quality report (a CodeClimate issue). */
static void
gitlab(struct ci *ci, const char *file, unsigned long number,
    const struct code_info *code)
{
	char check[64], desc[512], print[32];
	uint64_t h = 1469598103934665603ULL;
	const char *p;
	json_t *entry;
	char *text;

	snprintf(check, sizeof(check), "rcannotate-%ld", code->code);
	snprintf(desc, sizeof(desc), "%s %ld %s: %s", code->subsystem,
	    code->code, code->name, code->en);
	for (p = file != NULL ? file : "-"; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ number) * 1099511628211ULL;
	h = (h ^ (uint64_t)code->code) * 1099511628211ULL;
	snprintf(print, sizeof(print), "%016llx", (unsigned long long)h);
	entry = json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:{s:I}}}",
	    "description", desc, "check_name", check, "fingerprint", print,
	    "severity", "major", "location", "path",
	    file != NULL ? file : "standard input", "lines", "begin",
	    (json_int_t)number);
	text = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		diag_oom();
	fprintf(ci->report, "%s\n%s", ci->entries++ > 0 ? "," : "", text);
	fflush(ci->report);
	free(text);
	json_decref(entry);
}

/* GitHub's escaping: %, CR, LF always; ':' and ',' in properties. */
static void
escape(struct buf *out, const char *s, bool property)
{
	for (; *s != '\0'; s++) {
		if (*s == '%')
			buf_append_str(out, "%25");
		else if (*s == '\r')
			buf_append_str(out, "%0D");
		else if (*s == '\n')
			buf_append_str(out, "%0A");
		else if (property && *s == ':')
			buf_append_str(out, "%3A");
		else if (property && *s == ',')
			buf_append_str(out, "%2C");
		else
			buf_append(out, s, 1);
	}
}
