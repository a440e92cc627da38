/* SPDX-License-Identifier: MIT */
/*
 * Annotation templates: the text inserted after a match, with
 * placeholders {code}, {subsystem}, {name}, {message}, {en} and {zh};
 * "{{" and "}}" stand for literal braces.  {message} is the English, the
 * Chinese, or both ("English | 中文"), as the language asks.
 */
#ifndef RCANNOTATE_TEMPLATE_H
#define RCANNOTATE_TEMPLATE_H

#include <stddef.h>

struct buf;
struct code_info;

enum lang {
	LANG_EN,
	LANG_ZH,
	LANG_BOTH
};

#define TEMPLATE_DEFAULT " [{subsystem} {code}: {message}]"

/*
 * Check a template.  Return 0, or -1 with *bad set to the offset of the
 * first brace that does not start a known placeholder or an escape, or
 * of a line break (an annotation must not split the line).
 */
int	template_check(const char *tpl, size_t *bad);

/* Append the template, filled for ci in lang, to out. */
void	template_render(const char *tpl, const struct code_info *ci,
	    enum lang lang, struct buf *out);

#endif
