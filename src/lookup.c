/* SPDX-License-Identifier: MIT */
/*
 * Lookup.  Arguments are sorted into codes, names and words first, so a
 * bad one stops the run before anything is printed.  Words are looked up
 * as a log line would be: by the catalogue texts and by the rules, so
 * the servers' own wording ("table does not exist") finds its code too.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "annotate.h"
#include "catalogue.h"
#include "diag.h"
#include "lookup.h"

#define MAX_WORD_CODES 8

enum arg_kind {
	ARG_CODE,		/* decimal digits, maybe a minus */
	ARG_NAME,		/* one identifier */
	ARG_WORDS,		/* anything with a blank or non-ASCII */
	ARG_BAD
};

static enum arg_kind	classify(const char *);
static bool		well_formed(const struct catalogue *, const char *);
static int		lookup_one(const struct catalogue *, struct annotator *,
			    const char *, enum lang);
static const struct code_info *find_name(const struct catalogue *,
			    const char *);
static const struct code_info *find_text(const struct catalogue *,
			    const char *);
static void		squash_name(const char *, char *, size_t);
static void		print_entry(const struct code_info *, enum lang);
static void		print_also(long);

int
lookup_run(const struct catalogue *cat, struct annotator *a, char **args,
    enum lang lang)
{
	size_t i;
	int status = 0;

	if (args[0] == NULL) {
		diag("--lookup needs a code, a name or message words");
		return 2;
	}
	for (i = 0; args[i] != NULL; i++) {
		if (!well_formed(cat, args[i])) {
			diag("--lookup: '%s' is not a code, an enum name or "
			    "message words", args[i]);
			return 2;
		}
	}
	for (i = 0; args[i] != NULL; i++)
		if (lookup_one(cat, a, args[i], lang) != 0)
			status = 1;
	return fflush(stdout) == 0 && !ferror(stdout) ? status : 1;
}

int
lookup_list(const struct catalogue *cat, enum lang lang, bool json)
{
	const struct code_info *ci;
	json_t *obj;
	char *text;
	size_t i;

	for (i = 0; i < cat->n; i++) {
		ci = &cat->v[i];
		if (!json) {
			printf("%ld\t%s\t%s\t%s\n", ci->code, ci->subsystem,
			    ci->name, lang == LANG_ZH ? ci->zh : ci->en);
			continue;
		}
		obj = json_pack("{s:I,s:s,s:s,s:s,s:s}", "code",
		    (json_int_t)ci->code, "subsystem", ci->subsystem, "name",
		    ci->name, "message", ci->en, "message_zh", ci->zh);
		text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (text == NULL)
			diag_oom();
		printf("%s\n", text);
		free(text);
		json_decref(obj);
	}
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

/*
 * Codes are plain decimal: "0x64", "100x" and leading zeros are not
 * codes, and such arguments are not taken for words either.
 */
static enum arg_kind
classify(const char *s)
{
	const char *p = s[0] == '-' ? s + 1 : s;
	bool ident = true;

	if (s[strspn(s, " \t")] == '\0' || s[0] == '+')
		return ARG_BAD;		/* blank, or a sign codes never have */
	if (*p >= '0' && *p <= '9') {
		if (p[0] == '0' && p[1] != '\0')
			return ARG_BAD;
		for (; *p != '\0'; p++)
			if (*p < '0' || *p > '9')
				return ARG_BAD;
		return strlen(s) > 10 ? ARG_BAD : ARG_CODE;
	}
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || (unsigned char)*p >= 0x80)
			return ARG_WORDS;
		if (!isalnum((unsigned char)*p) && *p != '_')
			ident = false;
	}
	if (ident && s[0] != '\0' && s[0] != '-')
		return ARG_NAME;
	return s[0] != '\0' && s[0] != '-' ? ARG_WORDS : ARG_BAD;
}

/*
 * A single identifier must be a name or a message ("ok"): "abc" is a
 * mistake, not words that happen to name nothing.
 */
static bool
well_formed(const struct catalogue *cat, const char *arg)
{
	switch (classify(arg)) {
	case ARG_BAD:
		return find_text(cat, arg) != NULL;
	case ARG_NAME:
		return find_name(cat, arg) != NULL ||
		    find_text(cat, arg) != NULL;
	default:
		return true;
	}
}

/* Print what arg names; return -1 (after saying so) if nothing. */
static int
lookup_one(const struct catalogue *cat, struct annotator *a,
    const char *arg, enum lang lang)
{
	const struct code_info *ci = NULL;
	long codes[MAX_WORD_CODES];
	size_t i, n;

	switch (classify(arg)) {
	case ARG_CODE:
		if (arg[0] == '-') {
			diag("%s: negative numbers are no return codes (the "
			    "ZooKeeper client prints some)", arg);
			return -1;
		}
		ci = catalogue_find(cat, strtol(arg, NULL, 10));
		break;
	case ARG_NAME:
		ci = find_name(cat, arg);
		break;
	default:
		break;
	}
	if (ci == NULL)
		ci = find_text(cat, arg);
	if (ci != NULL) {
		print_entry(ci, lang);
		return 0;
	}
	n = annotate_codes(a, arg, strlen(arg), codes, MAX_WORD_CODES);
	for (i = 0; i < n; i++)
		print_entry(catalogue_find(cat, codes[i]), lang);
	if (n > 0)
		return 0;
	diag("%s: no return code", arg);
	if (classify(arg) == ARG_CODE)
		print_also(strtol(arg, NULL, 10));
	return -1;
}

/* kTableIsNotExist, TABLE_IS_NOT_EXIST and tableisnotexist are one. */
static const struct code_info *
find_name(const struct catalogue *cat, const char *name)
{
	char want[256], have[256];
	size_t i;

	squash_name(name, want, sizeof(want));
	for (i = 0; i < cat->n; i++) {
		squash_name(cat->v[i].name, have, sizeof(have));
		if (strcmp(want, have) == 0)
			return &cat->v[i];
	}
	return NULL;
}

static const struct code_info *
find_text(const struct catalogue *cat, const char *text)
{
	size_t i;

	for (i = 0; i < cat->n; i++)
		if (strcmp(cat->v[i].en, text) == 0 ||
		    strcmp(cat->v[i].zh, text) == 0)
			return &cat->v[i];
	return NULL;
}

/* Lower case, without underscores and without the "k" of kCamelCase. */
static void
squash_name(const char *name, char *out, size_t size)
{
	size_t n = 0;

	if (name[0] == 'k' && isupper((unsigned char)name[1]))
		name++;
	for (; *name != '\0' && n + 1 < size; name++)
		if (*name != '_')
			out[n++] = (char)tolower((unsigned char)*name);
	out[n] = '\0';
}

static void
print_entry(const struct code_info *ci, enum lang lang)
{
	printf("%ld %s %s\n", ci->code, ci->subsystem, ci->name);
	if (lang == LANG_ZH)
		printf("    %s\n    %s\n", ci->zh, ci->en);
	else
		printf("    %s\n    %s\n", ci->en, ci->zh);
	print_also(ci->code);
}

/*
 * Numbers in the same streams that mean something else: Linux errno
 * values (brpc prints them as [E111]) and hybridse's status codes 100
 * and 101, which share numbers with tablet codes.
 */
static void
print_also(long code)
{
	static const char *const hybridse[] = { "kUnSupport",
	    "kUnsupportSql" };

	if (code >= 100 && code <= 101)
		printf("    also hybridse status %ld (%s), printed as "
		    "[%ld]\n", code, hybridse[code - 100], code);
	if (code > 0 && code < 134)
		printf("    also Linux errno %ld (%s), printed by brpc as "
		    "[E%ld]\n", code, strerror((int)code), code);
}
