/* SPDX-License-Identifier: MIT */
/*
 * The main loop.  One input is read at a time; each chunk is split into
 * lines, annotated and written before the next chunk is asked for, so a
 * line goes out as soon as it has arrived and memory does not grow with
 * the input.  On SIGINT, SIGTERM or SIGHUP the partial line already read
 * is written, then the signal is raised again with its default action,
 * so that the parent sees how rcannotate ended.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include <uv.h>

#include "annotate.h"
#include "buf.h"
#include "diag.h"
#include "input.h"
#include "lines.h"
#include "output.h"
#include "run.h"

struct run {
	uv_loop_t		 loop;
	struct input		 in;
	struct lines		 lines;
	struct output		 out;
	struct annotator	*annotator;
	char			**next;		/* the next file to read */
	uv_signal_t		 sigint;
	uv_signal_t		 sigterm;
	uv_signal_t		 sighup;
	int			 status;
	bool			 stopped;
};

static void	start_next(struct run *);
static void	line_cb(void *, const char *, size_t, const char *, size_t,
		    enum line_part);
static void	data_cb(struct input *, const char *, size_t);
static void	done_cb(struct input *, int);
static void	watch_signal(struct run *, uv_signal_t *, int);
static void	signal_cb(uv_signal_t *, int);
static int	check_output(struct run *);
static void	stop(struct run *);

int
run(const struct run_config *cfg)
{
	static char *stdin_only[] = { "-", NULL };
	struct run r;

	memset(&r, 0, sizeof(r));
	r.annotator = cfg->annotator;
	r.next = cfg->files != NULL && cfg->files[0] != NULL ? cfg->files :
	    stdin_only;
	if (uv_loop_init(&r.loop) != 0) {
		diag("cannot start the event loop");
		return 1;
	}
	output_init(&r.out, cfg->out_fd);
	input_guard_output(&r.in, cfg->out_fd);
	lines_init(&r.lines, cfg->max_line, line_cb, &r);
	watch_signal(&r, &r.sigint, SIGINT);
	watch_signal(&r, &r.sigterm, SIGTERM);
	watch_signal(&r, &r.sighup, SIGHUP);
	start_next(&r);
	uv_run(&r.loop, UV_RUN_DEFAULT);
	uv_loop_close(&r.loop);
	lines_free(&r.lines);
	output_free(&r.out);
	return r.status;
}

/* Open the next input, or stop when there is none. */
static void
start_next(struct run *r)
{
	const char *path;
	int rc;

	while (!r->stopped && *r->next != NULL) {
		path = *r->next++;
		if (strcmp(path, "-") == 0)
			path = NULL;
		rc = input_start(&r->in, &r->loop, path, data_cb, done_cb, r);
		if (rc == 0)
			return;
		diag("cannot open %s: %s", path ? path : "standard input",
		    strerror(-rc));
		r->status = 1;
	}
	stop(r);
}

static void
line_cb(void *arg, const char *s, size_t len, const char *eol,
    size_t eol_len, enum line_part part)
{
	struct run *r = arg;

	if (part == LINE_TAIL)
		buf_append(&r->out.buf, s, len);
	else if (part == LINE_HEAD)
		annotate_head(r->annotator, s, len, &r->out.buf);
	else
		annotate_line(r->annotator, s, len, &r->out.buf);
	buf_append(&r->out.buf, eol, eol_len);
	output_maybe_flush(&r->out);
}

static void
data_cb(struct input *in, const char *data, size_t len)
{
	struct run *r = in->arg;

	lines_feed(&r->lines, data, len);
	output_flush(&r->out);
	if (check_output(r) != 0) {
		input_stop(in);
		stop(r);
	}
}

static void
done_cb(struct input *in, int status)
{
	struct run *r = in->arg;

	if (status == INPUT_IS_OUTPUT) {
		diag("%s: input file is output file", input_name(in));
		r->status = 1;
	} else if (status < 0) {
		diag("cannot %s %s: %s", in->opened ? "read" : "open",
		    input_name(in), strerror(-status));
		r->status = 1;
	}
	lines_finish(&r->lines);
	output_flush(&r->out);
	if (check_output(r) != 0) {
		stop(r);
		return;
	}
	start_next(r);
}

/*
 * Catch signum, unless it was ignored when rcannotate started: a shell
 * ignores SIGINT for background jobs, rsyslog for its plugins, and that
 * choice is kept.
 */
static void
watch_signal(struct run *r, uv_signal_t *h, int signum)
{
	struct sigaction old;

	uv_signal_init(&r->loop, h);
	h->data = r;
	if (sigaction(signum, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	uv_signal_start(h, signal_cb, signum);
}

/* Write what was read, then die of the same signal. */
static void
signal_cb(uv_signal_t *h, int signum)
{
	struct run *r = h->data;

	lines_finish(&r->lines);
	output_flush(&r->out);
	signal(signum, SIG_DFL);
	raise(signum);
}

/*
 * Report a write error once.  A reader that went away is not an error:
 * "rcannotate log | head" ends quietly.
 */
static int
check_output(struct run *r)
{
	if (r->out.error == 0)
		return 0;
	if (r->out.error != -EPIPE && !r->stopped) {
		diag("write error: %s", strerror(-r->out.error));
		r->status = 1;
	}
	return -1;
}

static void
stop(struct run *r)
{
	if (r->stopped)
		return;
	r->stopped = true;
	uv_close((uv_handle_t *)&r->sigint, NULL);
	uv_close((uv_handle_t *)&r->sigterm, NULL);
	uv_close((uv_handle_t *)&r->sighup, NULL);
}
