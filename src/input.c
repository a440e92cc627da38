/* SPDX-License-Identifier: MIT */
/*
 * Reading inputs on the thread pool.  A blocking read(2) in a worker
 * returns as soon as a pipe has data, so lines arrive with no added delay,
 * and a regular file (which epoll cannot watch) needs no special case.
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
static void	idle_cb(uv_idle_t *);
static bool	is_regular(int);
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
	if (!in->idle_ready) {
		uv_idle_init(loop, &in->idle);
		in->idle.data = in;
		in->idle_ready = true;
	}
	if (in->chunk == NULL)
		in->chunk = xmalloc(INPUT_CHUNK);
	if (path == NULL) {
		in->fd = 0;
		in->opened = true;
		in->regular = is_regular(0);
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
input_close(struct input *in)
{
	if (in->idle_ready)
		uv_close((uv_handle_t *)&in->idle, NULL);
	in->idle_ready = false;
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
	in->regular = is_regular(in->fd);
	if (is_output(in))
		finish(in, INPUT_IS_OUTPUT);
	else
		read_next(in);
}

static void
read_next(struct input *in)
{
	uv_buf_t b = uv_buf_init(in->chunk, INPUT_CHUNK);
	int rc;

	if (in->stopped) {
		finish(in, 0);
		return;
	}
	if (in->regular) {
		uv_idle_start(&in->idle, idle_cb);
		return;
	}
	rc = uv_fs_read(in->loop, &in->req, in->fd, &b, 1, -1, read_cb);
	if (rc < 0)
		finish(in, rc);
}

static void
read_cb(uv_fs_t *req)
{
	struct input *in = req->data;
	ssize_t result = req->result;

	uv_fs_req_cleanup(req);
	if (result > 0 && !in->stopped) {
		in->on_data(in, in->chunk, (size_t)result);
		read_next(in);
	} else {
		finish(in, result < 0 ? (int)result : 0);
	}
}

/*
 * A regular file: a few chunks per loop turn, read right here, so that
 * signals and timers still get their turn between them.
 */
static void
idle_cb(uv_idle_t *h)
{
	struct input *in = h->data;
	ssize_t n = 0;
	int i;

	for (i = 0; i < 16 && !in->stopped; i++) {
		n = read(in->fd, in->chunk, INPUT_CHUNK);
		if (n < 0 && errno == EINTR) {
			i--;
			continue;
		}
		if (n <= 0)
			break;
		in->on_data(in, in->chunk, (size_t)n);
	}
	if (n > 0 && !in->stopped)
		return;
	uv_idle_stop(h);
	finish(in, n < 0 ? -errno : 0);
}

static bool
is_regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
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
	free(in->chunk);
	in->chunk = NULL;
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
