/* SPDX-License-Identifier: MIT */
/*
 * Catalogue loading and lookup.  The file is small (about a hundred
 * lines), so it is read whole and checked line by line; all problems are
 * reported in one pass before the load fails.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "utf8.h"

#define CATALOGUE_FIELDS 5

static const char *const field_names[CATALOGUE_FIELDS] = {
	"code", "subsystem", "name", "English message", "Chinese message"
};

struct field {
	const char	*p;
	size_t		 len;
};

/* What catalogue_line needs besides the line. */
struct load {
	struct catalogue	*cat;
	const char		*path;
};

static int	catalogue_line(void *, unsigned, const char *, size_t);
static int	split_fields(const char *, unsigned, const char *, size_t,
		    struct field *);
static int	check_fields(const char *, unsigned, const struct field *);
static int	check_duplicates(const struct catalogue *, const char *);
static bool	is_code(const struct field *);
static bool	is_word(const struct field *, const char *);
static int	compare_code(const void *, const void *);
static int	compare_entry_code(const void *, const void *);
static int	compare_entry_name(const void *, const void *);
static unsigned	*find_repeats(const struct catalogue *,
		    int (*)(const void *, const void *));
static int	same_key(int (*)(const void *, const void *),
		    const struct code_info *, const struct code_info *);

int
catalogue_load(struct catalogue *cat, const char *path)
{
	struct load ld = { cat, path };
	int bad;

	bad = buf_each_line(path, catalogue_line, &ld);
	if (bad < 0)
		return -1;
	if (bad == 0 && cat->n == 0) {
		diag("%s: no return codes", path);
		bad = 1;
	}
	if (check_duplicates(cat, path) != 0)
		bad = 1;
	if (bad) {
		catalogue_free(cat);
		return -1;
	}
	qsort(cat->v, cat->n, sizeof(*cat->v), compare_code);
	return 0;
}

const struct code_info *
catalogue_find(const struct catalogue *cat, long code)
{
	struct code_info key = { .code = code };

	if (cat->n == 0)
		return NULL;
	return bsearch(&key, cat->v, cat->n, sizeof(*cat->v), compare_code);
}

void
catalogue_free(struct catalogue *cat)
{
	size_t i;

	for (i = 0; i < cat->n; i++) {
		free(cat->v[i].subsystem);
		free(cat->v[i].name);
		free(cat->v[i].en);
		free(cat->v[i].zh);
	}
	free(cat->v);
	cat->v = NULL;
	cat->n = 0;
}

/* Parse one line; comments and blank lines are skipped. */
static int
catalogue_line(void *arg, unsigned lineno, const char *p, size_t len)
{
	struct catalogue *cat = ((struct load *)arg)->cat;
	const char *path = ((struct load *)arg)->path;
	struct field f[CATALOGUE_FIELDS];
	struct code_info *ci;
	size_t bad;

	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len == 0 || p[0] == '#')
		return 0;
	if (!utf8_valid(p, len, &bad)) {
		diag("%s:%u:%zu: invalid UTF-8", path, lineno, bad + 1);
		return -1;
	}
	if (memchr(p, '\0', len) != NULL) {
		diag("%s:%u:%zu: NUL byte", path, lineno,
		    (size_t)((const char *)memchr(p, '\0', len) - p) + 1);
		return -1;
	}
	if (split_fields(path, lineno, p, len, f) != 0 ||
	    check_fields(path, lineno, f) != 0)
		return -1;
	cat->v = xreallocarray(cat->v, cat->n + 1, sizeof(*cat->v));
	ci = &cat->v[cat->n++];
	ci->code = strtol(f[0].p, NULL, 10);
	ci->subsystem = xstrndup(f[1].p, f[1].len);
	ci->name = xstrndup(f[2].p, f[2].len);
	ci->en = xstrndup(f[3].p, f[3].len);
	ci->zh = xstrndup(f[4].p, f[4].len);
	ci->line = lineno;
	return 0;
}

static int
split_fields(const char *path, unsigned lineno, const char *p, size_t len,
    struct field *f)
{
	const char *end = p + len, *tab;
	size_t n = 0;

	for (;;) {
		tab = memchr(p, '\t', end - p);
		if (tab == NULL)
			tab = end;
		if (n < CATALOGUE_FIELDS) {
			f[n].p = p;
			f[n].len = tab - p;
		}
		n++;
		if (tab == end)
			break;
		p = tab + 1;
	}
	if (n != CATALOGUE_FIELDS) {
		diag("%s:%u: expected %d tab-separated fields, found %zu",
		    path, lineno, CATALOGUE_FIELDS, n);
		return -1;
	}
	return 0;
}

static int
check_fields(const char *path, unsigned lineno, const struct field *f)
{
	int i;

	for (i = 0; i < CATALOGUE_FIELDS; i++) {
		if (f[i].len == 0) {
			diag("%s:%u: missing %s", path, lineno,
			    field_names[i]);
			return -1;
		}
		if (f[i].p[0] == ' ' || f[i].p[f[i].len - 1] == ' ') {
			diag("%s:%u: %s has leading or trailing spaces",
			    path, lineno, field_names[i]);
			return -1;
		}
	}
	if (!is_code(&f[0])) {
		diag("%s:%u: invalid code '%.*s'", path, lineno,
		    (int)f[0].len, f[0].p);
		return -1;
	}
	if (!is_word(&f[1], "abcdefghijklmnopqrstuvwxyz0123456789-") ||
	    f[1].p[0] < 'a' || f[1].p[0] > 'z') {
		diag("%s:%u: invalid subsystem '%.*s'", path, lineno,
		    (int)f[1].len, f[1].p);
		return -1;
	}
	if (!is_word(&f[2], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_") ||
	    (f[2].p[0] >= '0' && f[2].p[0] <= '9')) {
		diag("%s:%u: invalid name '%.*s'", path, lineno,
		    (int)f[2].len, f[2].p);
		return -1;
	}
	return 0;
}

/*
 * Codes and names must be unique.  Sorting pointers to the entries finds
 * the duplicates in n log n; they are then reported in file order, each
 * against the first line with the same code or name.
 */
static int
check_duplicates(const struct catalogue *cat, const char *path)
{
	unsigned *first_code, *first_name;
	size_t i;
	int bad = 0;

	first_code = find_repeats(cat, compare_entry_code);
	first_name = find_repeats(cat, compare_entry_name);
	for (i = 0; i < cat->n; i++) {
		if (first_code[i] != 0)
			diag("%s:%u: duplicate code %ld (first on line %u)",
			    path, cat->v[i].line, cat->v[i].code,
			    first_code[i]);
		if (first_name[i] != 0)
			diag("%s:%u: duplicate name %s (first on line %u)",
			    path, cat->v[i].line, cat->v[i].name,
			    first_name[i]);
		if (first_code[i] != 0 || first_name[i] != 0)
			bad = 1;
	}
	free(first_code);
	free(first_name);
	return bad ? -1 : 0;
}

/*
 * For each entry that repeats an earlier one (as cmp sees them), the line
 * of the first; 0 for the others.
 */
static unsigned *
find_repeats(const struct catalogue *cat,
    int (*cmp)(const void *, const void *))
{
	const struct code_info **v = xcalloc(cat->n, sizeof(*v));
	unsigned *first = xcalloc(cat->n, sizeof(*first));
	size_t i, head = 0;

	for (i = 0; i < cat->n; i++)
		v[i] = &cat->v[i];
	qsort(v, cat->n, sizeof(*v), cmp);
	for (i = 1; i < cat->n; i++) {
		if (same_key(cmp, v[head], v[i]))
			first[v[i] - cat->v] = v[head]->line;
		else
			head = i;
	}
	free(v);
	return first;
}

/* Do a and b have the same key?  (cmp breaks ties by line.) */
static int
same_key(int (*cmp)(const void *, const void *), const struct code_info *a,
    const struct code_info *b)
{
	if (cmp == compare_entry_code)
		return a->code == b->code;
	return strcmp(a->name, b->name) == 0;
}

/* A code is a decimal number of at most six digits, without sign. */
static bool
is_code(const struct field *f)
{
	size_t i;

	if (f->len > 6 || (f->len > 1 && f->p[0] == '0'))
		return false;
	for (i = 0; i < f->len; i++)
		if (f->p[i] < '0' || f->p[i] > '9')
			return false;
	return true;
}

static bool
is_word(const struct field *f, const char *allowed)
{
	size_t i;

	for (i = 0; i < f->len; i++)
		if (f->p[i] == '\0' || strchr(allowed, f->p[i]) == NULL)
			return false;
	return true;
}

static int
compare_code(const void *a, const void *b)
{
	const struct code_info *x = a, *y = b;

	return (x->code > y->code) - (x->code < y->code);
}

/* Order entry pointers by code, then by line (so the first comes first). */
static int
compare_entry_code(const void *a, const void *b)
{
	const struct code_info *x = *(const struct code_info *const *)a;
	const struct code_info *y = *(const struct code_info *const *)b;

	if (x->code != y->code)
		return (x->code > y->code) - (x->code < y->code);
	return (x->line > y->line) - (x->line < y->line);
}

static int
compare_entry_name(const void *a, const void *b)
{
	const struct code_info *x = *(const struct code_info *const *)a;
	const struct code_info *y = *(const struct code_info *const *)b;
	int c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}
