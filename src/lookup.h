/* SPDX-License-Identifier: MIT */
/*
 * Code lookup, like perror(1): --lookup explains codes, enum names or
 * message words; --list prints the whole catalogue.
 */
#ifndef RCANNOTATE_LOOKUP_H
#define RCANNOTATE_LOOKUP_H

#include <stdbool.h>

#include "template.h"

struct annotator;
struct catalogue;

/*
 * Explain each of the NULL-terminated args: a code ("100"), an enum name
 * ("kTableIsNotExist", also the rtidb spelling "TABLE_IS_NOT_EXIST"), or
 * message words, English or Chinese, also as the servers send them
 * ("table does not exist").  Arguments that are none of these ("abc",
 * "100x", "0x64") are usage errors, reported before anything is printed.
 * Return the exit status: 0, 1 if some argument named no code, 2.
 */
int	lookup_run(const struct catalogue *cat, struct annotator *a,
	    char **args, enum lang lang);

/*
 * Print every code of the catalogue, one per line: tab-separated text,
 * or with json one JSON object per code.  Return 0 or 1.
 */
int	lookup_list(const struct catalogue *cat, enum lang lang, bool json);

#endif
