/* SPDX-License-Identifier: MIT */
/*
 * Writing the output descriptor.
 */
#define _GNU_SOURCE		/* F_SETPIPE_SZ */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "output.h"
#include "signals.h"

static int	write_all(int, const char *, size_t);

void
output_init(struct output *o, int fd)
{
	o->fd = fd;
	o->buf = (struct buf){ 0 };
	o->error = 0;
#ifdef F_SETPIPE_SZ
	/*
	 * A pipe of 64 KiB takes a 256 KiB chunk in four rounds of sleep and
	 * wake-up.  A larger pipe (a property of the pipe, not of anyone's
	 * descriptor flags) lets a chunk go at once.  Failure is harmless.
	 */
	(void)fcntl(fd, F_SETPIPE_SZ, OUTPUT_PIPE_SIZE);
#endif
}

int
output_flush(struct output *o)
{
	if (o->error == 0 && o->buf.len > 0)
		o->error = write_all(o->fd, o->buf.data, o->buf.len);
	buf_clear(&o->buf);
	return o->error;
}

int
output_maybe_flush(struct output *o)
{
	if (o->buf.len >= OUTPUT_HIGH_WATER)
		return output_flush(o);
	return o->error;
}

void
output_free(struct output *o)
{
	buf_free(&o->buf);
}

/*
 * Write everything.  A signal that ends rcannotate may cut a write
 * short; writing goes on for the signal's grace period, then gives up.
 */
static int
write_all(int fd, const char *p, size_t len)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n >= 0) {
			p += n;
			len -= n;
		} else if (errno == EAGAIN) {
			if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
				return -errno;
		} else if (errno != EINTR) {
			return -errno;
		}
		if (len > 0 && signals_give_up())
			return -EINTR;
	}
	return 0;
}
