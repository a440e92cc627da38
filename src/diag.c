/* SPDX-License-Identifier: MIT */
/*
 * Diagnostics.  Messages are formatted into a bounded local buffer and
 * written with one write(2).  A write that fails is ignored: there is no
 * better place to report it.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"

/* A capture keeps this much at most (--mmexternal never reads it). */
#define DIAG_CAPTURE_MAX (64 * 1024)

static struct buf *diag_sink;

static void	diag_write(const char *p, size_t len);

void
diag(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	int n, m;

	n = snprintf(msg, sizeof(msg), "%s: ", PROGRAM_NAME);
	va_start(ap, fmt);
	m = vsnprintf(msg + n, sizeof(msg) - n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(msg) - 2)
		n = sizeof(msg) - 2;
	msg[n++] = '\n';
	if (diag_sink == NULL)
		diag_write(msg, n);
	else if (diag_sink->len < DIAG_CAPTURE_MAX)
		buf_append(diag_sink, msg, n);
	/* else dropped: a capture nobody reads must not grow forever */
}

struct buf *
diag_capture(struct buf *sink)
{
	struct buf *old = diag_sink;

	diag_sink = sink;
	return old;
}

void
diag_oom(void)
{
	diag("out of memory");
	exit(1);
}

/*
 * stderr may share its open file description with a non-blocking
 * descriptor of another process, so EAGAIN is waited out.
 */
static void
diag_write(const char *p, size_t len)
{
	struct pollfd pfd = { .fd = 2, .events = POLLOUT };
	ssize_t n;

	while (len > 0) {
		n = write(2, p, len);
		if (n >= 0) {
			p += n;
			len -= n;
		} else if (errno == EAGAIN) {
			if (poll(&pfd, 1, 1000) <= 0)
				return;
		} else if (errno != EINTR) {
			return;
		}
	}
}
