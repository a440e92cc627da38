/* SPDX-License-Identifier: MIT */
/*
 * Finding the pattern files in the layered directories (see config.h).
 * Nothing here reads a file's contents: it lists directories, keeps the
 * last catalogue and the last rule file of each name, and says what it
 * found for --print-config.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "diag.h"

#ifndef RCANNOTATE_SYSCONF_DIR
#define RCANNOTATE_SYSCONF_DIR "/etc/rcannotate"
#endif

static const char *const layer_names[LAYER_COUNT] = {
	"data dir", "system dir", "user dir", "--patterns"
};

static char	*system_dir(void);
static char	*user_dir(void);
static char	*join(const char *, const char *);
static int	add_layer(struct config *, enum config_layer);
static int	add_rules_in(struct config *, const char *, bool);
static void	add_rule(struct config *, const char *, const char *);
static int	rules_filter(const struct dirent *);
static int	by_name(const void *, const void *);
static int	print_line(int, const char *, const char *, const char *);

int
config_find(struct config *c, const char *data_dir, const char *option_dir)
{
	int i;

	c->dirs[LAYER_DATA].path = xstrdup(data_dir);
	c->dirs[LAYER_SYSTEM].path = system_dir();
	c->dirs[LAYER_USER].path = user_dir();
	if (option_dir != NULL)
		c->dirs[LAYER_OPTION].path = xstrdup(option_dir);
	for (i = 0; i < LAYER_COUNT; i++)
		if (c->dirs[i].path != NULL && add_layer(c, i) != 0)
			return -1;
	if (c->catalogue == NULL)
		c->catalogue = join(data_dir, "codes.tsv");
	if (c->nrules > 1)	/* qsort must not get NULL (UBSan) */
		qsort(c->rules, c->nrules, sizeof(*c->rules), by_name);
	return 0;
}

int
config_print(const struct config *c, int fd)
{
	const char *note;
	size_t i;
	int rc = 0;

	for (i = 0; i < LAYER_COUNT; i++) {
		note = c->dirs[i].path == NULL ? NULL :
		    c->dirs[i].present ? "" : " (absent)";
		rc |= print_line(fd, layer_names[i], note == NULL ?
		    "(none)" : c->dirs[i].path, note);
	}
	rc |= print_line(fd, "catalogue", c->catalogue,
	    access(c->catalogue, R_OK) == 0 ? "" : " (absent)");
	for (i = 0; i < c->nrules; i++) {
		rc |= print_line(fd, "rules", c->rules[i].path, NULL);
		if (c->rules[i].replaced != NULL)
			rc |= print_line(fd, "  replaces",
			    c->rules[i].replaced, "");
	}
	return rc == 0 ? 0 : -1;
}

void
config_free(struct config *c)
{
	size_t i;

	for (i = 0; i < LAYER_COUNT; i++)
		free(c->dirs[i].path);
	for (i = 0; i < c->nrules; i++) {
		free(c->rules[i].name);
		free(c->rules[i].path);
		free(c->rules[i].replaced);
	}
	free(c->rules);
	free(c->catalogue);
	memset(c, 0, sizeof(*c));
}

/* $RCANNOTATE_SYSCONFDIR if set (empty: no system layer), else /etc. */
static char *
system_dir(void)
{
	const char *env = getenv("RCANNOTATE_SYSCONFDIR");

	if (env == NULL)
		return xstrdup(RCANNOTATE_SYSCONF_DIR);
	return env[0] == '\0' ? NULL : xstrdup(env);
}

/*
 * $XDG_CONFIG_HOME/rcannotate when that is an absolute path (the XDG
 * rule), else $HOME/.config/rcannotate; none without either (rsyslog
 * starts its plugins with an empty environment).
 */
static char *
user_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *config, *dir;

	if (xdg != NULL && xdg[0] == '/')
		return join(xdg, "rcannotate");
	if (home == NULL || home[0] == '\0')
		return NULL;
	config = join(home, ".config");
	dir = join(config, "rcannotate");
	free(config);
	return dir;
}

static char *
join(const char *dir, const char *name)
{
	struct buf b = { 0 };

	buf_append_str(&b, dir);
	buf_append_str(&b, "/");
	buf_append_str(&b, name);
	buf_append(&b, "", 1);
	return b.data;
}

/*
 * One layer: its codes.tsv, *.rules and the *.rules in rules.d.  Only the
 * --patterns directory must exist.
 */
static int
add_layer(struct config *c, enum config_layer layer)
{
	struct config_dir *d = &c->dirs[layer];
	char *catalogue, *sub;
	struct stat st;
	int rc;

	if (stat(d->path, &st) != 0 && errno == ENOENT &&
	    layer != LAYER_OPTION)
		return 0;
	rc = add_rules_in(c, d->path, true);
	if (rc != 0)
		return rc;
	d->present = true;
	catalogue = join(d->path, "codes.tsv");
	if (access(catalogue, F_OK) == 0) {
		free(c->catalogue);
		c->catalogue = catalogue;
	} else {
		free(catalogue);
	}
	sub = join(d->path, "rules.d");
	rc = add_rules_in(c, sub, false);
	free(sub);
	return rc;
}

/* Add the rule files of dir; a missing dir is an error if must_exist. */
static int
add_rules_in(struct config *c, const char *dir, bool must_exist)
{
	struct dirent **names;
	int i, n;

	n = scandir(dir, &names, rules_filter, alphasort);
	if (n < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		diag("cannot open pattern directory %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		add_rule(c, dir, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return 0;
}

/* A rule file replaces the one of the same name found before it. */
static void
add_rule(struct config *c, const char *dir, const char *name)
{
	struct config_file *f = NULL;
	size_t i;

	for (i = 0; i < c->nrules && f == NULL; i++)
		if (strcmp(c->rules[i].name, name) == 0)
			f = &c->rules[i];
	if (f == NULL) {
		c->rules = xreallocarray(c->rules, c->nrules + 1,
		    sizeof(*c->rules));
		f = &c->rules[c->nrules++];
		f->name = xstrdup(name);
		f->path = NULL;
		f->replaced = NULL;
	}
	free(f->replaced);
	f->replaced = f->path;
	f->path = join(dir, name);
}

static int
rules_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 6 && d->d_name[0] != '.' &&
	    strcmp(d->d_name + len - 6, ".rules") == 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct config_file *)a)->name,
	    ((const struct config_file *)b)->name);
}

/* "label: text note\n"; a NULL note means none. */
static int
print_line(int fd, const char *label, const char *text, const char *note)
{
	struct buf b = { 0 };
	size_t off = 0;
	ssize_t n;

	buf_append_str(&b, label);
	buf_append_str(&b, ": ");
	buf_append_str(&b, text);
	if (note != NULL)
		buf_append_str(&b, note);
	buf_append(&b, "\n", 1);
	while (off < b.len) {
		n = write(fd, b.data + off, b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		off += (size_t)n;
	}
	n = off == b.len ? 0 : -1;
	buf_free(&b);
	return (int)n;
}
