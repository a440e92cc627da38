/* SPDX-License-Identifier: MIT */
/*
 * Reading inputs on the thread pool.  A blocking read(2) in a worker
 * returns as soon as a pipe has data, so lines arrive with no added delay,
 * and a regular file (which epoll cannot watch) needs no special case.
 * Two chunks take turns: while the loop thread works on one, a worker
 * already reads into the other.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "input.h"

static void	open_cb(uv_fs_t *);
static void	read_cb(uv_fs_t *);
static void	read_next(struct input *);
static void	finish(struct input *, int);
static int	start_read(struct input *);
static bool	is_regular(struct input *, int);
static bool	is_output(struct input *);

int
input_start(struct input *in, uv_loop_t *loop, const char *path,
    input_data_cb *on_data, input_done_cb *on_done, void *arg)
{
	in->loop = loop;
	in->path = path;
	in->fd = -1;
	in->stopped = false;
	in->opened = false;
	in->on_data = on_data;
	in->on_done = on_done;
	in->arg = arg;
	in->req.data = in;
	if (in->chunks[0] == NULL) {
		in->chunks[0] = xmalloc(INPUT_CHUNK);
		in->chunks[1] = xmalloc(INPUT_CHUNK);
	}
	if (path == NULL) {
		in->fd = 0;
		in->opened = true;
		in->regular = is_regular(in, 0);
		if (is_output(in))
			finish(in, INPUT_IS_OUTPUT);
		else
			read_next(in);
		return 0;
	}
	return uv_fs_open(loop, &in->req, path, O_RDONLY | O_CLOEXEC, 0,
	    open_cb);
}

void
input_guard_output(struct input *in, int out_fd)
{
	uv_fs_t req;

	in->guard = uv_fs_fstat(NULL, &req, out_fd, NULL) == 0 &&
	    S_ISREG(req.statbuf.st_mode);
	if (in->guard)
		in->output = req.statbuf;
	uv_fs_req_cleanup(&req);
}

void
input_stop(struct input *in)
{
	in->stopped = true;
}

const char *
input_name(const struct input *in)
{
	return in->path != NULL ? in->path : "standard input";
}

static void
open_cb(uv_fs_t *req)
{
	struct input *in = req->data;
	ssize_t result = req->result;

	uv_fs_req_cleanup(req);
	if (result < 0) {
		finish(in, (int)result);
		return;
	}
	in->fd = (uv_file)result;
	in->opened = true;
	in->regular = is_regular(in, in->fd);
	if (is_output(in))
		finish(in, INPUT_IS_OUTPUT);
	else
		read_next(in);
}

/* Start reading into the chunk whose turn it is. */
static void
read_next(struct input *in)
{
	int rc;

	if (in->stopped) {
		finish(in, 0);
		return;
	}
	rc = start_read(in);
	if (rc < 0)
		finish(in, rc);
}

static int
start_read(struct input *in)
{
	uv_buf_t b = uv_buf_init(in->chunks[in->next], INPUT_CHUNK);
	int rc;

	rc = uv_fs_read(in->loop, &in->req, in->fd, &b, 1,
	    in->regular ? in->at : -1, read_cb);
	in->reading = rc == 0;
	return rc;
}

/*
 * A chunk arrived.  From a regular file, whose reads never wait for
 * long, the next read into the other chunk starts before this one is
 * handed over; if the owner stops meanwhile, that read's callback
 * finishes.  Those reads go by offset (pread), and the file's own
 * offset, which a parent shell may share, is moved to the end of the
 * chunk handed over: it never counts bytes read ahead, so a signal that
 * ends rcannotate leaves unread exactly what was not written.  A pipe is
 * read again only after the hand-over, so that stopping never waits for
 * a writer that may never write.
 */
static void
read_cb(uv_fs_t *req)
{
	struct input *in = req->data;
	ssize_t result = req->result;
	char *chunk = in->chunks[in->next];
	int rc = 0;

	uv_fs_req_cleanup(req);
	in->reading = false;
	if (result <= 0 || in->stopped) {
		finish(in, result < 0 ? (int)result : 0);
		return;
	}
	in->next = !in->next;
	if (in->regular) {
		in->at += result;
		(void)lseek(in->fd, in->at, SEEK_SET);
		rc = start_read(in);
	}
	in->on_data(in, chunk, (size_t)result);
	if (rc < 0)
		finish(in, rc);
	else if (!in->regular)
		read_next(in);
	else if (in->stopped && !in->reading)
		finish(in, 0);
}

/*
 * A regular file, read ahead from its current offset (a file that
 * cannot seek is read like a pipe).
 */
static bool
is_regular(struct input *in, int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	in->at = lseek(fd, 0, SEEK_CUR);
	return in->at >= 0;
}

/* Close the file and report the end, unless the owner stopped us. */
static void
finish(struct input *in, int status)
{
	uv_fs_t close_req;
	bool stopped = in->stopped;

	if (in->path != NULL && in->fd >= 0) {
		uv_fs_close(in->loop, &close_req, in->fd, NULL);
		uv_fs_req_cleanup(&close_req);
	}
	in->fd = -1;
	free(in->chunks[0]);
	free(in->chunks[1]);
	in->chunks[0] = in->chunks[1] = NULL;
	if (!stopped)
		in->on_done(in, status);
}

/* Is the open input the very file the output goes to? */
static bool
is_output(struct input *in)
{
	uv_fs_t req;
	bool same;

	if (!in->guard || uv_fs_fstat(NULL, &req, in->fd, NULL) != 0)
		return false;
	same = S_ISREG(req.statbuf.st_mode) &&
	    req.statbuf.st_dev == in->output.st_dev &&
	    req.statbuf.st_ino == in->output.st_ino;
	uv_fs_req_cleanup(&req);
	return same;
}
