/* SPDX-License-Identifier: MIT */
/*
 * Line splitting.  Complete lines inside a chunk are handed over in place,
 * without copying; only a line that spans chunks goes through the carry
 * buffer, which never grows beyond the cap.
 */
#include <string.h>

#include "lines.h"

static void	deliver(struct lines *, const char *, size_t, bool);
static size_t	feed_overflow(struct lines *, const char *, size_t);
static size_t	feed_carry(struct lines *, const char *, size_t);

void
lines_init(struct lines *l, size_t max, lines_cb *cb, void *arg)
{
	memset(l, 0, sizeof(*l));
	l->max = max > 0 ? max : LINES_DEFAULT_MAX;
	l->cb = cb;
	l->arg = arg;
}

void
lines_feed(struct lines *l, const char *data, size_t len)
{
	const char *end = data + len, *nl;
	size_t used;

	while (data < end) {
		if (l->overflow)
			used = feed_overflow(l, data, end - data);
		else if (l->carry.len > 0)
			used = feed_carry(l, data, end - data);
		else if ((nl = memchr(data, '\n', end - data)) != NULL &&
		    (size_t)(nl - data) <= l->max) {
			deliver(l, data, nl - data, true);
			used = nl - data + 1;
		} else {
			used = feed_carry(l, data, end - data);
		}
		data += used;
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
