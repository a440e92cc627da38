/* SPDX-License-Identifier: MIT */
/*
 * journalctl JSON, parsed with jansson.  The message bytes of every
 * MESSAGE shape go through the same annotator as log lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "journal.h"

struct journal {
	struct annotator	*a;
	const struct catalogue	*cat;
	enum lang		 lang;
	bool			 json;
	bool			 short_format;
	bool			 only_matching;
	struct buf		 text;		/* a decoded MESSAGE */
	struct buf		 scratch;
	unsigned long		 not_json;
	unsigned long		 no_text;	/* MESSAGE null or missing */
};

static bool	message_text(const json_t *, struct buf *);
static void	write_text(struct journal *, json_t *, const json_t *,
		    struct buf *);
static void	write_json(struct journal *, json_t *, const json_t *,
		    struct buf *);
static void	short_prefix(json_t *, struct buf *);
static size_t	text_count(const json_t *);
static bool	nth_text(const json_t *, size_t, struct buf *);
static void	add_fields(struct journal *, json_t *,
		    const struct code_info *);
static const char *field(json_t *, const char *);

struct journal *
journal_new(struct annotator *a, const struct catalogue *cat,
    enum lang lang, bool json, bool short_format, bool only_matching)
{
	struct journal *j = xcalloc(1, sizeof(*j));

	j->only_matching = only_matching;
	j->a = a;
	j->cat = cat;
	j->lang = lang;
	j->json = json;
	j->short_format = short_format;
	return j;
}

void
journal_use(struct journal *j, struct annotator *a,
    const struct catalogue *cat)
{
	j->a = a;
	j->cat = cat;
}

void
journal_line(struct journal *j, const char *s, size_t len,
    const char *eol, size_t eol_len, struct buf *out)
{
	json_t *entry, *msg;

	entry = json_loadb(s, len, 0, NULL);
	if (entry == NULL || !json_is_object(entry)) {
		json_decref(entry);
		if (j->not_json++ == 0)
			diag("a line is not journal JSON; such lines pass "
			    "through unchanged");
		buf_append(out, s, len);
		buf_append(out, eol, eol_len);
		return;
	}
	msg = json_object_get(entry, "MESSAGE");
	if (text_count(msg) == 0) {
		/* null, missing, or a shape journald does not write */
		if (j->no_text++ == 0 && json_is_null(msg))
			diag("a MESSAGE is null (longer than 4096 bytes): run "
			    "journalctl with --all");
	}
	if (j->json)
		write_json(j, entry, msg, out);
	else
		write_text(j, entry, msg, out);
	json_decref(entry);
}

void
journal_report(const struct journal *j)
{
	if (j->not_json > 0)
		diag("%lu lines were not journal JSON and passed through "
		    "unchanged", j->not_json);
	if (j->no_text > 0)
		diag("%lu entries had no MESSAGE text (null, missing or "
		    "not text; for null use journalctl --all)", j->no_text);
}

void
journal_free(struct journal *j)
{
	if (j == NULL)
		return;
	buf_free(&j->text);
	buf_free(&j->scratch);
	free(j);
}

/*
 * The bytes of a string or byte-array MESSAGE.  Return false for other
 * shapes (an array of strings is handled by the callers, per string).
 */
static bool
message_text(const json_t *msg, struct buf *out)
{
	const json_t *v;
	json_int_t byte;
	size_t i;
	char c;

	buf_clear(out);
	if (json_is_string(msg)) {
		buf_append(out, json_string_value(msg), json_string_length(msg));
		return true;
	}
	if (!json_is_array(msg) || json_array_size(msg) == 0 ||
	    !json_is_integer(json_array_get(msg, 0)))
		return false;
	json_array_foreach(msg, i, v) {
		byte = json_integer_value(v);
		if (!json_is_integer(v) || byte < 0 || byte > 255)
			return false;
		c = (char)byte;
		buf_append(out, &c, 1);
	}
	return true;
}

/* One output line per message (per string of a repeated field). */
static void
write_text(struct journal *j, json_t *entry, const json_t *msg,
    struct buf *out)
{
	size_t i, n = text_count(msg);

	for (i = 0; i < n; i++) {
		if (!nth_text(msg, i, &j->text))
			continue;
		buf_clear(&j->scratch);
		if (j->short_format)
			short_prefix(entry, &j->scratch);
		annotate_line(j->a, j->text.data, j->text.len, &j->scratch);
		if (j->only_matching &&
		    annotator_stats(j->a)->last_named == 0)
			continue;
		buf_append(out, j->scratch.data, j->scratch.len);
		buf_append(out, "\n", 1);
	}
}

/* The entry as it was, plus RC_* fields for the first code named. */
static void
write_json(struct journal *j, json_t *entry, const json_t *msg,
    struct buf *out)
{
	const struct annotate_match *m = NULL;
	size_t i, n = 0, count = text_count(msg);
	char *text;

	for (i = 0; i < count && n == 0; i++) {
		if (!nth_text(msg, i, &j->text))
			continue;
		buf_clear(&j->scratch);
		annotate_line(j->a, j->text.data, j->text.len, &j->scratch);
		n = annotator_matches(j->a, &m);
	}
	if (n > 0)
		add_fields(j, entry, &j->cat->v[m[0].entry]);
	else if (j->only_matching)
		return;
	text = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		diag_oom();
	buf_append_str(out, text);
	buf_append(out, "\n", 1);
	free(text);
}

/* How many texts MESSAGE holds: 1, or one per element of an array. */
static size_t
text_count(const json_t *msg)
{
	struct buf tmp = { 0 };
	size_t n = 0;

	if (msg == NULL || json_is_null(msg))
		n = 0;
	else if (message_text(msg, &tmp))
		n = 1;
	else if (json_is_array(msg))
		n = json_array_size(msg);
	buf_free(&tmp);
	return n;
}

/* Text i of MESSAGE (see text_count). */
static bool
nth_text(const json_t *msg, size_t i, struct buf *out)
{
	if (message_text(msg, out))
		return i == 0;
	return json_is_array(msg) && i < json_array_size(msg) &&
	    message_text(json_array_get(msg, i), out);
}

static void
add_fields(struct journal *j, json_t *entry, const struct code_info *ci)
{
	char code[32];

	snprintf(code, sizeof(code), "%ld", ci->code);
	json_object_set_new(entry, "RC_CODE", json_string(code));
	json_object_set_new(entry, "RC_SUBSYSTEM", json_string(ci->subsystem));
	json_object_set_new(entry, "RC_NAME", json_string(ci->name));
	json_object_set_new(entry, "RC_MESSAGE",
	    json_string(j->lang == LANG_ZH ? ci->zh : ci->en));
}

/* "Dec 03 10:00:00 host ident[pid]: ", as journalctl -o short. */
static void
short_prefix(json_t *entry, struct buf *out)
{
	const char *us = field(entry, "__REALTIME_TIMESTAMP");
	const char *host = field(entry, "_HOSTNAME");
	const char *ident = field(entry, "SYSLOG_IDENTIFIER");
	const char *pid = field(entry, "_PID");
	char when[64] = "", line[512];
	time_t t;
	struct tm tm;

	if (ident == NULL)
		ident = field(entry, "_COMM");
	if (us != NULL) {
		t = (time_t)(strtoll(us, NULL, 10) / 1000000);
		if (localtime_r(&t, &tm) != NULL)
			strftime(when, sizeof(when), "%b %d %H:%M:%S ", &tm);
	}
	snprintf(line, sizeof(line), "%s%s%s%s%s%s%s: ", when,
	    host ? host : "", host ? " " : "", ident ? ident : "",
	    pid ? "[" : "", pid ? pid : "", pid ? "]" : "");
	buf_append_str(out, line);
}

static const char *
field(json_t *entry, const char *name)
{
	json_t *v = json_object_get(entry, name);

	return json_is_string(v) ? json_string_value(v) : NULL;
}
