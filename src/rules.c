/* SPDX-License-Identifier: MIT */
/*
 * Rule file parsing.  Fields are separated by runs of blanks; the pattern
 * is everything after the blanks that follow the code, with trailing
 * blanks removed.  Problems are reported as "file:line:column: what".
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "rules.h"
#include "utf8.h"

struct cursor {
	const char	*start;		/* the line */
	const char	*p;
	const char	*end;
};

/* What rules_line needs besides the line. */
struct load {
	struct ruleset		*set;
	const char		*name;	/* the file, owned by the set */
	const struct catalogue	*cat;
};

static int	rules_line(void *, unsigned, const char *, size_t);
static int	parse_kind(const char *, size_t, enum rule_kind *);
static int	parse_code(struct rule *, const char *, size_t,
		    const struct catalogue *);
static void	next_field(struct cursor *, const char **, size_t *);
static int	rules_file_filter(const struct dirent *);

int
rules_load(struct ruleset *set, const char *path,
    const struct catalogue *cat)
{
	struct load ld = { set, NULL, cat };

	set->files = xreallocarray(set->files, set->nfiles + 1,
	    sizeof(*set->files));
	ld.name = set->files[set->nfiles++] = xstrdup(path);
	return buf_each_line(path, rules_line, &ld) == 0 ? 0 : -1;
}

int
rules_load_dir(struct ruleset *set, const char *dir,
    const struct catalogue *cat)
{
	struct dirent **names;
	struct buf path = { 0 };
	int i, n, bad = 0;

	n = scandir(dir, &names, rules_file_filter, alphasort);
	if (n < 0) {
		diag("cannot open %s: %s", dir, strerror(errno));
		return -1;
	}
	if (n == 0) {
		diag("%s: no rule files (*.rules)", dir);
		bad = 1;
	}
	for (i = 0; i < n; i++) {
		buf_clear(&path);
		buf_append_str(&path, dir);
		buf_append_str(&path, "/");
		buf_append_str(&path, names[i]->d_name);
		buf_append(&path, "", 1);
		if (rules_load(set, path.data, cat) != 0)
			bad = 1;
		free(names[i]);
	}
	free(names);
	buf_free(&path);
	return bad ? -1 : 0;
}

void
rules_free(struct ruleset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->v[i].pattern);
	for (i = 0; i < set->nfiles; i++)
		free(set->files[i]);
	free(set->v);
	free(set->files);
	memset(set, 0, sizeof(*set));
}

static int
rules_line(void *arg, unsigned lineno, const char *p, size_t len)
{
	struct ruleset *set = ((struct load *)arg)->set;
	const char *path = ((struct load *)arg)->name;
	const struct catalogue *cat = ((struct load *)arg)->cat;
	struct cursor c = { p, p, p + len };
	struct rule r = { .file = path, .line = lineno, .code = -1 };
	const char *kind, *code;
	size_t kind_len, code_len, bad;

	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t' ||
	    c.end[-1] == '\r'))
		c.end--;
	next_field(&c, &kind, &kind_len);
	if (kind_len == 0 || kind[0] == '#')
		return 0;
	if (!utf8_valid(p, c.end - p, &bad)) {
		diag("%s:%u:%zu: invalid UTF-8", path, lineno, bad + 1);
		return -1;
	}
	if (memchr(p, '\0', c.end - p) != NULL) {
		diag("%s:%u:%zu: NUL byte", path, lineno,
		    (size_t)((const char *)memchr(p, '\0', len) - p) + 1);
		return -1;
	}
	if (parse_kind(kind, kind_len, &r.kind) != 0) {
		diag("%s:%u:%zu: unknown rule kind '%.*s' (expected text, "
		    "number or prefix)", path, lineno, kind - p + 1,
		    (int)kind_len, kind);
		return -1;
	}
	next_field(&c, &code, &code_len);
	if (code_len == 0 || c.p == c.end) {
		diag("%s:%u:%zu: missing %s", path, lineno,
		    (size_t)(c.end - p) + 1, code_len == 0 ? "code" :
		    "pattern");
		return -1;
	}
	if (parse_code(&r, code, code_len, cat) != 0) {
		if (r.kind == RULE_TEXT && r.code > 0)
			set->missing++;
		diag("%s:%u:%zu: %s", path, lineno, code - p + 1,
		    r.kind != RULE_TEXT ? "expected '-' as the code of a "
		    "number or prefix rule" : r.code == 0 ? "code 0 means "
		    "success and is never annotated" : r.code > 0 ?
		    "code is not in the catalogue" : "invalid code");
		return -1;
	}
	r.pattern = xstrndup(c.p, c.end - c.p);
	r.column = c.p - p + 1;
	set->v = xreallocarray(set->v, set->n + 1, sizeof(*set->v));
	set->v[set->n++] = r;
	return 0;
}

static int
parse_kind(const char *p, size_t len, enum rule_kind *kind)
{
	if (len == 4 && memcmp(p, "text", 4) == 0)
		*kind = RULE_TEXT;
	else if (len == 6 && memcmp(p, "number", 6) == 0)
		*kind = RULE_NUMBER;
	else if (len == 6 && memcmp(p, "prefix", 6) == 0)
		*kind = RULE_PREFIX;
	else
		return -1;
	return 0;
}

/* On failure r->code tells why: 0, a code not in the catalogue, or -1. */
static int
parse_code(struct rule *r, const char *p, size_t len,
    const struct catalogue *cat)
{
	size_t i;

	if (r->kind != RULE_TEXT)
		return len == 1 && p[0] == '-' ? 0 : -1;
	if (len > 6 || (len > 1 && p[0] == '0'))
		return -1;
	for (i = 0; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			return -1;
	r->code = strtol(p, NULL, 10);
	if (r->code == 0 || catalogue_find(cat, r->code) == NULL)
		return -1;
	return 0;
}

/* Skip blanks, then return the next blank-delimited field. */
static void
next_field(struct cursor *c, const char **field, size_t *len)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
	*field = c->p;
	while (c->p < c->end && *c->p != ' ' && *c->p != '\t')
		c->p++;
	*len = c->p - *field;
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
		c->p++;
}

static int
rules_file_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 6 && d->d_name[0] != '.' &&
	    strcmp(d->d_name + len - 6, ".rules") == 0;
}
