/* SPDX-License-Identifier: MIT */
/*
 * Writing the output descriptor.
 */
#define _GNU_SOURCE		/* F_SETPIPE_SZ */

#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "output.h"
#include "signals.h"

static int	write_all(int, const char *, size_t);
static int	write_refs(struct output *);
static int	writev_all(int, struct iovec *, int);

void
output_init(struct output *o, int fd)
{
	o->fd = fd;
	o->buf = (struct buf){ 0 };
	o->error = 0;
	o->nrefs = o->ref_bytes = 0;
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
	if (o->error == 0 && o->nrefs > 0)
		o->error = write_refs(o);
	else if (o->error == 0 && o->buf.len > 0)
		o->error = write_all(o->fd, o->buf.data, o->buf.len);
	buf_clear(&o->buf);
	o->nrefs = o->ref_bytes = 0;
	return o->error;
}

void
output_add_ref(struct output *o, const char *p, size_t len)
{
	if (o->nrefs == OUTPUT_REFS)
		output_flush(o);
	o->refs[o->nrefs++] = (struct output_ref){ o->buf.len, p, len };
	o->ref_bytes += len;
}

int
output_maybe_flush(struct output *o)
{
	if (o->buf.len + o->ref_bytes >= OUTPUT_HIGH_WATER)
		return output_flush(o);
	return o->error;
}

/* The buffer and the references, in order, in one writev. */
static int
write_refs(struct output *o)
{
	struct iovec iov[2 * OUTPUT_REFS + 1];
	size_t i, own = 0;
	int n = 0;

	for (i = 0; i < o->nrefs; i++) {
		if (o->refs[i].own_end > own)
			iov[n++] = (struct iovec){ o->buf.data + own,
			    o->refs[i].own_end - own };
		own = o->refs[i].own_end;
		iov[n++] = (struct iovec){ (void *)o->refs[i].p,
		    o->refs[i].len };
	}
	if (o->buf.len > own)
		iov[n++] = (struct iovec){ o->buf.data + own,
		    o->buf.len - own };
	return writev_all(o->fd, iov, n);
}

void
output_free(struct output *o)
{
	buf_free(&o->buf);
}

static int
write_all(int fd, const char *p, size_t len)
{
	struct iovec one = { (void *)p, len };

	return writev_all(fd, &one, 1);
}

/*
 * Write everything.  A signal that ends rcannotate may cut a write
 * short; writing goes on for the signal's grace period, then gives up.
 */
static int
writev_all(int fd, struct iovec *iov, int n)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t done;

	while (n > 0) {
		done = writev(fd, iov, n);
		if (done < 0 && errno == EAGAIN) {
			if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
				return -errno;
		} else if (done < 0 && errno != EINTR) {
			return -errno;
		}
		for (done = done > 0 ? done : 0;
		    n > 0 && (size_t)done >= iov->iov_len; iov++, n--)
			done -= iov->iov_len;
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + done;
			iov->iov_len -= done;
		}
		if (n > 0 && signals_give_up())
			return -EINTR;
	}
	return 0;
}
