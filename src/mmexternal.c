/* SPDX-License-Identifier: MIT */
/*
 * Replies for rsyslog's mmexternal interface (see mmexternal.h).  The
 * JSON is written by hand rather than with jansson: a message may hold
 * bytes that are not UTF-8, and they must reach rsyslog unchanged, so
 * only the quote, the backslash and control bytes are escaped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "mmexternal.h"

static void	append_string(struct buf *, const char *, size_t);
static void	append_variables(struct buf *, const struct catalogue *,
		    const struct annotate_match *, size_t);
static int	write_all(const char *, size_t);

void
mmexternal_reply(struct annotator *a, const struct catalogue *cat,
    const char *s, size_t len, const char *cr, size_t cr_len,
    struct buf *out)
{
	const struct annotate_match *m;
	struct buf annotated = { 0 };
	size_t n;

	annotate_line(a, s, len, &annotated);
	buf_append(&annotated, cr, cr_len);
	n = annotator_matches(a, &m);
	if (n == 0) {
		mmexternal_unchanged(out);
		buf_free(&annotated);
		return;
	}
	buf_append_str(out, "{");
	if (annotated.len != len + cr_len ||
	    memcmp(annotated.data, s, len) != 0) {
		buf_append_str(out, "\"msg\":");
		append_string(out, annotated.data, annotated.len);
		buf_append_str(out, ",");
	}
	append_variables(out, cat, m, n);
	buf_append_str(out, "}\n");
	buf_free(&annotated);
}

bool
mmexternal_in_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--mmexternal") == 0)
			return true;
	return false;
}

void
mmexternal_unchanged(struct buf *out)
{
	buf_append_str(out, "{}\n");
}

int
mmexternal_failed(const char *error, size_t len)
{
	struct buf reply = { 0 };
	char chunk[65536];
	ssize_t n, i;
	int rc = 0;

	buf_append_str(&reply, "{\"$!\":{\"rcannotate_error\":");
	append_string(&reply, error, len);
	buf_append_str(&reply, "}}\n");
	while (rc == 0 && (n = read(0, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = -1;
		for (i = 0; rc == 0 && i < n; i++)
			if (chunk[i] == '\n')
				rc = write_all(reply.data, reply.len);
	}
	buf_free(&reply);
	return rc;
}

/*
 * "$!":{"rc":{...}}: the first code in full, and the list of all codes
 * the message names.
 */
static void
append_variables(struct buf *out, const struct catalogue *cat,
    const struct annotate_match *m, size_t n)
{
	const struct code_info *ci = &cat->v[m[0].entry];
	char num[32];
	size_t i;

	snprintf(num, sizeof(num), "%ld", ci->code);
	buf_append_str(out, "\"$!\":{\"rc\":{\"code\":");
	buf_append_str(out, num);
	buf_append_str(out, ",\"subsystem\":");
	append_string(out, ci->subsystem, strlen(ci->subsystem));
	buf_append_str(out, ",\"name\":");
	append_string(out, ci->name, strlen(ci->name));
	buf_append_str(out, ",\"message\":");
	append_string(out, ci->en, strlen(ci->en));
	buf_append_str(out, ",\"message_zh\":");
	append_string(out, ci->zh, strlen(ci->zh));
	buf_append_str(out, ",\"codes\":[");
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%s%ld", i > 0 ? "," : "",
		    m[i].code);
		buf_append_str(out, num);
	}
	buf_append_str(out, "]}}");
}

/* A JSON string; bytes from 0x80 up pass through as they are. */
static void
append_string(struct buf *out, const char *s, size_t len)
{
	char esc[8];
	size_t i, run = 0;

	buf_append(out, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(out, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		buf_append_str(out, esc);
	}
	buf_append(out, s + run, len - run);
	buf_append(out, "\"", 1);
}

static int
write_all(const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(1, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
