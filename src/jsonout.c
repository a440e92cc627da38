/* SPDX-License-Identifier: MIT */
/*
 * NDJSON output, built with jansson.  jansson wants valid UTF-8, so a
 * line that is not gets a lossy copy for reading and a base64 copy for
 * the exact bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "jsonout.h"
#include "rules.h"
#include "utf8.h"

static void	set_text(json_t *, const char *, const char *, size_t);
static json_t	*match_object(const struct annotate_match *,
		    const struct catalogue *, const struct ruleset *);
static void	lossy_copy(struct buf *, const char *, size_t);

void
jsonout_line(struct buf *out, const struct json_line *jl,
    const struct catalogue *cat, const struct ruleset *set)
{
	json_t *obj = json_object(), *matches = json_array();
	size_t i;
	char *text;

	if (jl->file != NULL)
		json_object_set_new(obj, "file", json_string(jl->file));
	json_object_set_new(obj, "number", json_integer(jl->number));
	set_text(obj, "line", jl->line, jl->len);
	set_text(obj, "annotated", jl->annotated, jl->annotated_len);
	set_text(obj, "eol", jl->eol, jl->eol_len);
	for (i = 0; i < jl->nmatches; i++)
		json_array_append_new(matches,
		    match_object(&jl->matches[i], cat, set));
	json_object_set_new(obj, "matches", matches);
	if (jl->partial)
		json_object_set_new(obj, "partial", json_true());
	text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		diag_oom();
	buf_append_str(out, text);
	buf_append(out, "\n", 1);
	free(text);
	json_decref(obj);
}

void
jsonout_base64(struct buf *out, const char *p, size_t len)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)p;
	char quad[4];
	unsigned long v;
	size_t i;

	for (i = 0; i < len; i += 3) {
		v = (unsigned long)u[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)u[i + 1] << 8;
		if (i + 2 < len)
			v |= u[i + 2];
		quad[0] = digits[(v >> 18) & 63];
		quad[1] = digits[(v >> 12) & 63];
		quad[2] = i + 1 < len ? digits[(v >> 6) & 63] : '=';
		quad[3] = i + 2 < len ? digits[v & 63] : '=';
		buf_append(out, quad, 4);
	}
}

/*
 * key holds the text; if it is not valid UTF-8, key holds a copy with
 * U+FFFD for the bad bytes and key_base64 the exact bytes.
 */
static void
set_text(json_t *obj, const char *key, const char *p, size_t len)
{
	struct buf tmp = { 0 }, name = { 0 };

	if (utf8_valid(p, len, NULL)) {
		json_object_set_new(obj, key, json_stringn(p, len));
		return;
	}
	lossy_copy(&tmp, p, len);
	json_object_set_new(obj, key, json_stringn(tmp.data, tmp.len));
	buf_clear(&tmp);
	jsonout_base64(&tmp, p, len);
	buf_append_str(&name, key);
	buf_append_str(&name, "_base64");
	buf_append(&name, "", 1);
	json_object_set_new(obj, name.data, json_stringn(tmp.data, tmp.len));
	buf_free(&tmp);
	buf_free(&name);
}

static json_t *
match_object(const struct annotate_match *m, const struct catalogue *cat,
    const struct ruleset *set)
{
	const struct code_info *ci = &cat->v[m->entry];
	const struct rule *r = &set->v[m->rule];
	const char *base = strrchr(r->file, '/');
	char where[512];

	snprintf(where, sizeof(where), "%s:%u", base ? base + 1 : r->file,
	    r->line);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:b}",
	    "code", (json_int_t)m->code, "subsystem", ci->subsystem,
	    "name", ci->name, "message", ci->en, "message_zh", ci->zh,
	    "start", (json_int_t)m->start, "end", (json_int_t)m->end,
	    "rule", where, "present", m->present);
}

/* Copy with each byte of an invalid sequence replaced by U+FFFD. */
static void
lossy_copy(struct buf *out, const char *p, size_t len)
{
	size_t bad, done = 0;

	while (!utf8_valid(p + done, len - done, &bad)) {
		buf_append(out, p + done, bad);
		buf_append_str(out, "\xef\xbf\xbd");
		done += bad + 1;
	}
	buf_append(out, p + done, len - done);
}
