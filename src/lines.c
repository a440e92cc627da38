/* SPDX-License-Identifier: MIT */
/*
 * Line splitting.  Complete lines inside a chunk are handed over in place,
 * without copying; only a line that spans chunks goes through the carry
 * buffer, which never grows beyond the cap.
 */
#define _GNU_SOURCE		/* memrchr */
#include <string.h>

#include "lines.h"

static void	deliver(struct lines *, const char *, size_t, bool);
static size_t	feed_overflow(struct lines *, const char *, size_t);
static size_t	feed_carry(struct lines *, const char *, size_t);
static size_t	feed_line(struct lines *, const char *, size_t);
static size_t	feed_run(struct lines *, const char *, const char *,
		    const char **);
static const char *whole_lines_end(const char *, const char *);

void
lines_init(struct lines *l, size_t max, lines_cb *cb, void *arg)
{
	memset(l, 0, sizeof(*l));
	l->max = max > 0 ? max : LINES_DEFAULT_MAX;
	l->cb = cb;
	l->arg = arg;
}

void
lines_set_runs(struct lines *l, lines_scan_cb *scan, lines_run_cb *run)
{
	l->scan = scan;
	l->run = run;
}

void
lines_feed(struct lines *l, const char *data, size_t len)
{
	const char *end = data + len;
	const char *whole = l->scan != NULL ? whole_lines_end(data, end) : data;
	const char *busy = NULL;	/* a byte that needs work */
	size_t used;

	for (const char *p = data; p < end; p += used) {
		if (l->overflow)
			used = feed_overflow(l, p, end - p);
		else if (l->carry.len > 0)
			used = feed_carry(l, p, end - p);
		else if (p < whole &&
		    (used = feed_run(l, p, whole, &busy)) > 0)
			;	/* a run of lines went at once */
		else
			used = feed_line(l, p, end - p);
	}
}

bool
lines_pending(const struct lines *l)
{
	return l->carry.len > 0;
}

void
lines_release(struct lines *l)
{
	if (l->carry.len == 0)
		return;
	l->cb(l->arg, l->carry.data, l->carry.len, NULL, 0, LINE_TAIL);
	buf_clear(&l->carry);
	l->overflow = true;
}

void
lines_terminate(struct lines *l)
{
	if (l->carry.len > 0)
		deliver(l, l->carry.data, l->carry.len, true);
	else if (l->overflow)
		l->cb(l->arg, "\n", 1, NULL, 0, LINE_TAIL);
	buf_clear(&l->carry);
	l->overflow = false;
}

void
lines_finish(struct lines *l)
{
	if (l->carry.len > 0)
		deliver(l, l->carry.data, l->carry.len, false);
	buf_clear(&l->carry);
	l->overflow = false;
}

void
lines_free(struct lines *l)
{
	buf_free(&l->carry);
}

/*
 * Hand over one line; with_nl tells whether a "\n" ended it.  A "\r"
 * before the end belongs to the ending, so rules never see it.
 */
static void
deliver(struct lines *l, const char *s, size_t len, bool with_nl)
{
	static const char crlf[] = "\r\n";
	size_t cr = len > 0 && s[len - 1] == '\r';

	if (with_nl)
		l->cb(l->arg, s, len - cr, cr ? crlf : crlf + 1, cr + 1,
		    LINE_WHOLE);
	else
		l->cb(l->arg, s, len - cr, crlf, cr, LINE_WHOLE);
}

/*
 * Hand over the lines from p that need no work, all at once; return how
 * many bytes they take (maybe 0).  *busy is the start of the line where
 * the last scan stopped (NULL before the first): nothing before it needs
 * scanning again, and that line goes alone.
 */
static size_t
feed_run(struct lines *l, const char *p, const char *whole,
    const char **busy)
{
	const char *nl;

	if (*busy == NULL || *busy < p) {
		*busy = p + l->scan(l->arg, p, whole - p, *busy == NULL);
		nl = memrchr(p, '\n', *busy - p);
		*busy = nl != NULL ? nl + 1 : p;
	}
	if (*busy > p)
		l->run(l->arg, p, *busy - p);
	return *busy - p;
}

/* Where the whole lines in [data, end) end: after the last newline. */
static const char *
whole_lines_end(const char *data, const char *end)
{
	const char *nl = memrchr(data, '\n', end - data);

	return nl != NULL ? nl + 1 : data;
}

/* Hand over the line at the start of data, or start a partial one. */
static size_t
feed_line(struct lines *l, const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);

	if (nl == NULL || (size_t)(nl - data) > l->max)
		return feed_carry(l, data, len);
	deliver(l, data, nl - data, true);
	return nl - data + 1;
}

/* Pass through the tail of an over-long line, up to its newline. */
static size_t
feed_overflow(struct lines *l, const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);
	size_t n = nl != NULL ? (size_t)(nl - data) + 1 : len;

	l->cb(l->arg, data, n, NULL, 0, LINE_TAIL);
	if (nl != NULL)
		l->overflow = false;
	return n;
}

/*
 * Add to the partial line until it ends or reaches the cap.  At the cap
 * the first max bytes go out as a line and the rest becomes raw tail.
 */
static size_t
feed_carry(struct lines *l, const char *data, size_t len)
{
	const char *nl = memchr(data, '\n', len);
	size_t room = l->max - l->carry.len, n;

	n = nl != NULL ? (size_t)(nl - data) : len;
	if (n > room) {
		buf_append(&l->carry, data, room);
		l->cb(l->arg, l->carry.data, l->carry.len, NULL, 0, LINE_HEAD);
		buf_clear(&l->carry);
		l->overflow = true;
		return room;
	}
	buf_append(&l->carry, data, n);
	if (nl == NULL)
		return n;
	deliver(l, l->carry.data, l->carry.len, true);
	buf_clear(&l->carry);
	return n + 1;
}
