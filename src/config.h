/* SPDX-License-Identifier: MIT */
/*
 * Where the patterns come from.  Up to four directories are layered, in
 * this order: the built-in data directory, the system directory
 * (/etc/rcannotate), the user's ($XDG_CONFIG_HOME/rcannotate) and the
 * one given with --patterns.  In each, codes.tsv replaces the catalogue
 * of the layers before it; *.rules and the *.rules in rules.d add rule files,
 * and a rule file replaces an earlier one of the same name.  This module
 * only finds the files; loading them is the catalogue's and the rules'.
 */
#ifndef RCANNOTATE_CONFIG_H
#define RCANNOTATE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum config_layer {
	LAYER_DATA,		/* built-in data, or $RCANNOTATE_PATTERNS */
	LAYER_SYSTEM,		/* /etc/rcannotate, or $RCANNOTATE_SYSCONFDIR */
	LAYER_USER,		/* $XDG_CONFIG_HOME/rcannotate */
	LAYER_OPTION,		/* --patterns */
	LAYER_COUNT
};

struct config_dir {
	char	*path;		/* NULL: this layer is not looked at */
	bool	 present;	/* the directory exists */
};

struct config_file {
	char	*name;		/* the base name, the key for replacing */
	char	*path;
	char	*replaced;	/* the earlier file it replaces, or NULL */
};

struct config {
	struct config_dir	 dirs[LAYER_COUNT];
	char			*catalogue;	/* the codes.tsv in use */
	struct config_file	*rules;		/* sorted by name */
	size_t			 nrules;
};

/*
 * Fill c (which must be zeroed) for the data directory data_dir and the
 * --patterns directory option_dir (or NULL).  The system and user
 * directories come from the environment as described above.  Return 0,
 * or -1 after reporting why: --patterns names no directory, or a
 * directory cannot be read.  A missing catalogue or no rule file at all
 * is left for the loaders to report; catalogue then names the data
 * directory's codes.tsv.
 */
int	config_find(struct config *c, const char *data_dir,
	    const char *option_dir);

/*
 * Write the directories looked at and the files in use to fd, one per
 * line.  Return 0, or -1 if the write failed.
 */
int	config_print(const struct config *c, int fd);

void	config_free(struct config *c);

#endif
