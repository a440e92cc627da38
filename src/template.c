/* SPDX-License-Identifier: MIT */
/*
 * Template checking and rendering.  Rendering happens once per catalogue
 * code when the annotator starts, never per line.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "catalogue.h"
#include "template.h"

enum field {
	FIELD_CODE,
	FIELD_SUBSYSTEM,
	FIELD_NAME,
	FIELD_MESSAGE,
	FIELD_EN,
	FIELD_ZH,
	FIELD_NONE
};

static const char *const field_names[] = {
	"code", "subsystem", "name", "message", "en", "zh"
};

static enum field	placeholder(const char *, size_t *);
static void		render_field(enum field, const struct code_info *,
			    enum lang, struct buf *);

int
template_check(const char *tpl, size_t *bad)
{
	const char *p = tpl;
	size_t len;

	while (*p != '\0') {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			p += 2;
			continue;
		}
		if (*p == '}' || *p == '\n' || *p == '\r' ||
		    (*p == '{' && placeholder(p, &len) == FIELD_NONE)) {
			*bad = p - tpl;
			return -1;
		}
		p += *p == '{' ? len : 1;
	}
	return 0;
}

void
template_render(const char *tpl, const struct code_info *ci, enum lang lang,
    struct buf *out)
{
	const char *p = tpl;
	enum field f;
	size_t len;

	while (*p != '\0') {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			buf_append(out, p, 1);
			p += 2;
		} else if (*p == '{' &&
		    (f = placeholder(p, &len)) != FIELD_NONE) {
			render_field(f, ci, lang, out);
			p += len;
		} else {
			buf_append(out, p++, 1);
		}
	}
}

/* Recognise "{name}" at p; set *len to its length. */
static enum field
placeholder(const char *p, size_t *len)
{
	size_t i, n;

	for (i = 0; i < FIELD_NONE; i++) {
		n = strlen(field_names[i]);
		if (strncmp(p + 1, field_names[i], n) == 0 &&
		    p[n + 1] == '}') {
			*len = n + 2;
			return (enum field)i;
		}
	}
	return FIELD_NONE;
}

static void
render_field(enum field f, const struct code_info *ci, enum lang lang,
    struct buf *out)
{
	char num[32];

	switch (f) {
	case FIELD_CODE:
		snprintf(num, sizeof(num), "%ld", ci->code);
		buf_append_str(out, num);
		break;
	case FIELD_SUBSYSTEM:
		buf_append_str(out, ci->subsystem);
		break;
	case FIELD_NAME:
		buf_append_str(out, ci->name);
		break;
	case FIELD_MESSAGE:
		if (lang == LANG_ZH)
			buf_append_str(out, ci->zh);
		else
			buf_append_str(out, ci->en);
		if (lang == LANG_BOTH) {
			buf_append_str(out, " | ");
			buf_append_str(out, ci->zh);
		}
		break;
	case FIELD_EN:
		buf_append_str(out, ci->en);
		break;
	case FIELD_ZH:
		buf_append_str(out, ci->zh);
		break;
	case FIELD_NONE:
		break;
	}
}
