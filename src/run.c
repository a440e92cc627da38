/* SPDX-License-Identifier: MIT */
/*
 * The main loop.  One input is read at a time; each chunk is split into
 * lines, annotated and written before the next chunk is asked for, so a
 * line goes out as soon as it has arrived and memory does not grow with
 * the input.  On SIGINT or SIGTERM the partial line already read is
 * written, then the signal is raised again with its default action, so
 * that the parent sees how rcannotate ended.  SIGHUP swaps in a freshly
 * loaded pattern set between two chunks: the lines of a chunk all see
 * the same set, and a partial line waits in the splitter for the rest.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "annotate.h"
#include "buf.h"
#include "ci.h"
#include "diag.h"
#include "input.h"
#include "journal.h"
#include "jsonout.h"
#include "lines.h"
#include "mmexternal.h"
#include "output.h"
#include "patterns.h"
#include "run.h"
#include "signals.h"

/* Runs this long go out by reference (see emit_run). */
#define RUN_BY_REFERENCE 4096

struct run {
	uv_loop_t		 loop;
	struct run_config	*cfg;
	struct input		 in;
	struct follower		*follower;
	struct lines		 lines;
	struct output		 out;
	struct annotator	*annotator;
	char			**next;		/* the next file to read */
	int			 status;
	bool			 stopped;
	size_t			 file;		/* the source being read */
	size_t			 shown;		/* source of the last line + 1 */
	unsigned long		*lineno;	/* per source: lines so far */
	size_t			 nsources;
	bool			 tail_shown;	/* a long line's head was */
	bool			 midline;	/* output ends inside a line */
	struct buf		 scratch;	/* a line, for --output=json */
};

static void	start_next(struct run *);
static void	start_follow(struct run *);
static bool	runs_allowed(const struct run_config *);
static size_t	scan_cb(void *, const char *, size_t, bool);
static void	run_cb(void *, const char *, size_t);
static void	emit_run(struct run *, size_t, const char *, size_t, bool);
static unsigned long count_lines(const char *, size_t);
static void	line_cb(void *, const char *, size_t, const char *, size_t,
		    enum line_part);
static void	on_follow_line(void *, size_t, const char *, size_t,
		    const char *, size_t, enum line_part);
static size_t	on_follow_scan(void *, size_t, const char *, size_t, bool);
static void	on_follow_run(void *, size_t, const char *, size_t);
static void	on_follow_flush(void *);
static void	on_follow_end(void *);
static void	on_follow_tick(void *);
static void	on_follow_restart(void *, size_t, unsigned long);
static void	emit(struct run *, size_t, const char *, size_t,
		    const char *, size_t, enum line_part);
static void	show_source(struct run *, size_t, enum line_part);
static const char *source_name(struct run *, size_t);
static void	data_cb(struct input *, const char *, size_t);
static void	done_cb(struct input *, int);
static void	on_signal(void *);
static void	on_report(void *);
static void	on_reload(void *);
static bool	name_and_annotate(struct run *, size_t, const char *,
		    size_t, enum line_part);
static void	emit_json(struct run *, size_t, const char *, size_t,
		    const char *, size_t, enum line_part);
static void	report_ci(struct run *, size_t);
static void	emit_mmexternal(struct run *, const char *, size_t,
		    const char *, size_t, enum line_part);
static void	die_of_signal(struct run *);
static int	check_output(struct run *);
static void	stop(struct run *);

int
run(struct run_config *cfg)
{
	static char *stdin_only[] = { "-", NULL };
	struct run r;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.annotator = cfg->patterns->annotator;
	r.next = cfg->files != NULL && cfg->files[0] != NULL ? cfg->files :
	    stdin_only;
	r.file = (size_t)-1;
	while (r.next[r.nsources] != NULL)
		r.nsources++;
	r.lineno = xcalloc(r.nsources, sizeof(*r.lineno));
	if (uv_loop_init(&r.loop) != 0) {
		diag("cannot start the event loop");
		return 1;
	}
	output_init(&r.out, cfg->out_fd);
	input_guard_output(&r.in, cfg->out_fd);
	lines_init(&r.lines, cfg->max_line, line_cb, &r);
	if (runs_allowed(cfg))
		lines_set_runs(&r.lines, scan_cb, run_cb);
	signals_init(&r.loop, &(struct signals_callbacks){
	    .die = on_signal, .reload = on_reload,
	    .report = cfg->summary != SUMMARY_NONE ? on_report : NULL,
	    .arg = &r });
	if (cfg->follow && r.next != stdin_only)
		start_follow(&r);
	else
		start_next(&r);
	uv_run(&r.loop, UV_RUN_DEFAULT);
	if (signals_pending())
		die_of_signal(&r);
	signals_close();
	uv_run(&r.loop, UV_RUN_NOWAIT);
	uv_loop_close(&r.loop);
	if (r.follower != NULL && follow_failed(r.follower))
		r.status = 1;
	follow_free(r.follower);
	free(r.lineno);
	buf_free(&r.scratch);
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
		r->file++;
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
start_follow(struct run *r)
{
	struct follow_callbacks cb = {
		.line = on_follow_line,
		.scan = runs_allowed(r->cfg) ? on_follow_scan : NULL,
		.run = on_follow_run,
		.flush = on_follow_flush,
		.end = on_follow_end,
		.tick = on_follow_tick,
		.restart = on_follow_restart,
		.arg = r
	};

	r->follower = follow_start(&r->loop, r->next, &r->cfg->follow_opt,
	    &cb);
	/* The first read can already stop us ("-f big.log | head -1"). */
	if (r->stopped)
		follow_stop(r->follower);
}

/*
 * Runs of lines no rule can annotate go out at once when each line's
 * output is the line itself (or nothing, with --only-matching): no
 * decoration, no JSON, no per-line flush, no mmexternal replies.
 */
static bool
runs_allowed(const struct run_config *cfg)
{
	return cfg->journal == NULL && !cfg->json && cfg->ci == NULL &&
	    cfg->names == NAMES_NONE && !cfg->line_number &&
	    !cfg->line_mode && !cfg->mmexternal;
}

static size_t
scan_cb(void *arg, const char *s, size_t len, bool fresh)
{
	struct run *r = arg;

	return annotator_scan(r->annotator, s, len, fresh);
}

static void
run_cb(void *arg, const char *s, size_t len)
{
	struct run *r = arg;

	emit_run(r, r->file, s, len, true);
}

/*
 * Whole lines that name nothing, from source file.  Runs go only where
 * no line number is shown, so lines are counted for the summary alone.
 * A long run in a chunk that stays until the next flush (stable) goes
 * out by reference, not copied.
 */
static void
emit_run(struct run *r, size_t file, const char *s, size_t len,
    bool stable)
{
	unsigned long n;

	if (r->cfg->summary != SUMMARY_NONE) {
		n = count_lines(s, len);
		annotator_skip(r->annotator, n);
		if (file < r->nsources)
			r->lineno[file] += n;
	}
	if (!r->cfg->only_matching && stable && len >= RUN_BY_REFERENCE)
		output_add_ref(&r->out, s, len);
	else if (!r->cfg->only_matching)
		buf_append(&r->out.buf, s, len);
	else if (r->midline)
		buf_append(&r->out.buf, "\n", 1);	/* as name_and_annotate */
	r->midline = false;
	output_maybe_flush(&r->out);
}

static unsigned long
count_lines(const char *s, size_t len)
{
	const char *end = s + len;
	unsigned long n = 0;

	while ((s = memchr(s, '\n', end - s)) != NULL) {
		n++;
		s++;
	}
	return n;
}

static void
line_cb(void *arg, const char *s, size_t len, const char *eol,
    size_t eol_len, enum line_part part)
{
	struct run *r = arg;

	emit(r, r->file, s, len, eol, eol_len, part);
}

static void
on_follow_line(void *arg, size_t file, const char *s, size_t len,
    const char *eol, size_t eol_len, enum line_part part)
{
	emit(arg, file, s, len, eol, eol_len, part);
}

static size_t
on_follow_scan(void *arg, size_t file, const char *s, size_t len,
    bool fresh)
{
	struct run *r = arg;

	(void)file;
	return annotator_scan(r->annotator, s, len, fresh);
}

static void
on_follow_run(void *arg, size_t file, const char *s, size_t len)
{
	emit_run(arg, file, s, len, false);
}

static void
on_follow_flush(void *arg)
{
	struct run *r = arg;

	output_flush(&r->out);
	if (signals_pending())
		die_of_signal(r);
	if (check_output(r) != 0)
		stop(r);
}

static void
on_follow_end(void *arg)
{
	stop(arg);
}

static void
on_follow_restart(void *arg, size_t file, unsigned long lines)
{
	struct run *r = arg;

	if (file < r->nsources)
		r->lineno[file] = lines;
}

/*
 * While no line arrives nothing is written, so a reader that went away
 * ("rcannotate -F log | head") would not be noticed: ask the pipe.
 */
static void
on_follow_tick(void *arg)
{
	struct run *r = arg;
	struct pollfd pfd = { .fd = r->out.fd, .events = POLLOUT };

	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLERR) != 0)
		stop(r);
}

/*
 * Write one line (or part) of source file, annotated.  With
 * --only-matching a line that names no code is dropped, and the tail of
 * a long line follows its head's fate.
 */
static void
emit(struct run *r, size_t file, const char *s, size_t len,
    const char *eol, size_t eol_len, enum line_part part)
{
	if (r->cfg->mmexternal)
		emit_mmexternal(r, s, len, eol, eol_len, part);
	else if (r->cfg->journal != NULL && part == LINE_WHOLE)
		journal_line(r->cfg->journal, s, len, eol, eol_len,
		    &r->out.buf);
	else if (r->cfg->journal != NULL)
		buf_append(&r->out.buf, s, len);	/* too long: as is */
	else if (r->cfg->json)
		emit_json(r, file, s, len, eol, eol_len, part);
	else if (part == LINE_TAIL) {
		if (r->tail_shown || !r->cfg->only_matching)
			buf_append(&r->out.buf, s, len);
	} else {
		r->tail_shown = name_and_annotate(r, file, s, len, part);
		if (r->tail_shown) {
			buf_append(&r->out.buf, eol, eol_len);
			r->midline = eol_len == 0;
		}
		if (r->tail_shown && r->cfg->ci != NULL && part == LINE_WHOLE)
			report_ci(r, file);
	}
	if (r->cfg->line_mode && part != LINE_HEAD)
		output_flush(&r->out);
	else
		output_maybe_flush(&r->out);
}

/*
 * One JSON object per line, or per part of a line over the cap (marked
 * partial).  Names and numbers are fields, not decorations.
 */
static void
emit_json(struct run *r, size_t file, const char *s, size_t len,
    const char *eol, size_t eol_len, enum line_part part)
{
	struct json_line jl = { 0 };

	if (part != LINE_TAIL && file < r->nsources)
		r->lineno[file]++;
	buf_clear(&r->scratch);
	if (part == LINE_TAIL)
		buf_append(&r->scratch, s, len);
	else if (part == LINE_HEAD)
		annotate_head(r->annotator, s, len, &r->scratch);
	else
		annotate_line(r->annotator, s, len, &r->scratch);
	if (part != LINE_TAIL)
		jl.nmatches = annotator_matches(r->annotator, &jl.matches);
	if (part != LINE_TAIL)
		r->tail_shown = jl.nmatches > 0 || !r->cfg->only_matching;
	if (!r->tail_shown)
		return;
	jl.file = strcmp(source_name(r, file), "standard input") == 0 ?
	    NULL : source_name(r, file);
	jl.number = file < r->nsources ? r->lineno[file] : 0;
	if (part == LINE_TAIL && len > 0 && s[len - 1] == '\n') {
		/* The last piece of a long line: its ending is its own. */
		eol_len = len > 1 && s[len - 2] == '\r' ? 2 : 1;
		eol = s + len - eol_len;
		len -= eol_len;
		r->scratch.len = len;
	}
	if (eol == NULL)
		eol = "";	/* a head, or a piece of a tail */
	jl.line = s;
	jl.len = len;
	jl.annotated = r->scratch.data;
	jl.annotated_len = r->scratch.len;
	jl.eol = eol;
	jl.eol_len = eol_len;
	jl.partial = part != LINE_WHOLE;
	jsonout_line(&r->out.buf, &jl, &r->cfg->patterns->cat,
	    &r->cfg->patterns->rules);
	if (r->cfg->ci != NULL && jl.nmatches > 0)
		ci_line(r->cfg->ci, &r->out.buf, jl.file, jl.number,
		    jl.matches, jl.nmatches, &r->cfg->patterns->cat);
}

/*
 * --mmexternal: one reply per message.  A line over the cap gets {} for
 * its head and nothing for the rest.
 */
static void
emit_mmexternal(struct run *r, const char *s, size_t len, const char *eol,
    size_t eol_len, enum line_part part)
{
	if (part == LINE_HEAD)
		mmexternal_unchanged(&r->out.buf);
	else if (part == LINE_WHOLE)
		mmexternal_reply(r->annotator, &r->cfg->patterns->cat, s,
		    len, eol, eol_len > 0 && eol[eol_len - 1] == '\n' ?
		    eol_len - 1 : eol_len, &r->out.buf);
}

/* --ci: the codes of the line just written, where CI shows problems. */
static void
report_ci(struct run *r, size_t file)
{
	const struct annotate_match *m;
	size_t n = annotator_matches(r->annotator, &m);
	const char *name = source_name(r, file);

	if (n == 0)
		return;
	/* A line without newline must not swallow the command. */
	if (r->midline) {
		buf_append(&r->out.buf, "\n", 1);
		r->midline = false;
	}
	ci_line(r->cfg->ci, &r->out.buf, strcmp(name, "standard input") ?
	    name : NULL, file < r->nsources ? r->lineno[file] : 0, m, n,
	    &r->cfg->patterns->cat);
}

/* Return false if --only-matching dropped the line. */
static bool
name_and_annotate(struct run *r, size_t file, const char *s, size_t len,
    enum line_part part)
{
	struct buf *out = &r->out.buf;
	size_t mark = out->len, shown = r->shown;
	char num[32];

	if (file < r->nsources)
		r->lineno[file]++;
	/*
	 * A file's last line without newline must not run into a decorated
	 * or selected line of the next: those outputs are no byte copy.
	 */
	if (r->midline && (r->cfg->names != NAMES_NONE ||
	    r->cfg->line_number || r->cfg->only_matching)) {
		buf_append(out, "\n", 1);
		r->midline = false;
		mark = out->len;
	}
	show_source(r, file, part);
	if (r->cfg->line_number) {
		snprintf(num, sizeof(num), "%lu:",
		    file < r->nsources ? r->lineno[file] : 0);
		buf_append_str(out, num);
	}
	if (part == LINE_HEAD)
		annotate_head(r->annotator, s, len, out);
	else
		annotate_line(r->annotator, s, len, out);
	if (!r->cfg->only_matching ||
	    annotator_stats(r->annotator)->last_named > 0)
		return true;
	out->len = mark;
	r->shown = shown;
	return false;
}

/* A header when the source changes, or a prefix on every line. */
static void
show_source(struct run *r, size_t file, enum line_part part)
{
	const char *name;

	if (r->cfg->names == NAMES_NONE || part == LINE_TAIL)
		return;
	name = source_name(r, file);
	if (r->cfg->names == NAMES_PREFIX) {
		buf_append_str(&r->out.buf, name);
		buf_append_str(&r->out.buf, ": ");
	} else if (r->shown != file + 1) {
		buf_append_str(&r->out.buf, r->shown == 0 ? "==> " :
		    "\n==> ");
		buf_append_str(&r->out.buf, name);
		buf_append_str(&r->out.buf, " <==\n");
	}
	r->shown = file + 1;
}

static const char *
source_name(struct run *r, size_t file)
{
	const char *name = r->cfg->files != NULL &&
	    r->cfg->files[0] != NULL ? r->cfg->files[file] : "-";

	return strcmp(name, "-") == 0 ? "standard input" : name;
}

static void
data_cb(struct input *in, const char *data, size_t len)
{
	struct run *r = in->arg;

	lines_feed(&r->lines, data, len);
	output_flush(&r->out);
	if (signals_pending())
		die_of_signal(r);
	if (check_output(r) != 0) {
		input_stop(in);
		stop(r);
	}
}

static void
done_cb(struct input *in, int status)
{
	struct run *r = in->arg;

	/* A signal may have interrupted the read: that is no read error. */
	if (signals_pending())
		die_of_signal(r);
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

static void
on_signal(void *arg)
{
	die_of_signal(arg);
}

/* SIGUSR1: the summary so far. */
static void
on_report(void *arg)
{
	struct run *r = arg;

	run_summary(r->cfg);
}

/*
 * SIGHUP: a new pattern set for the lines to come.  Nothing is in the
 * middle of a line here, so no line sees two sets.
 */
static void
on_reload(void *arg)
{
	struct run *r = arg;
	struct patterns *p = patterns_reload(r->cfg->patterns);

	if (p == NULL)
		return;
	patterns_free(r->cfg->patterns);
	r->cfg->patterns = p;
	r->annotator = p->annotator;
	if (r->cfg->journal != NULL)
		journal_use(r->cfg->journal, p->annotator, &p->cat);
}

void
run_summary(const struct run_config *cfg)
{
	if (cfg->summary == SUMMARY_NONE)
		return;
	/* A summary file holds the latest summary only. */
	if (cfg->summary_fd != 2 && lseek(cfg->summary_fd, 0, SEEK_SET) == 0)
		(void)ftruncate(cfg->summary_fd, 0);
	if (report_summary(cfg->summary_fd, cfg->summary,
	    &cfg->patterns->cat, annotator_stats(cfg->patterns->annotator),
	    cfg->lang) != 0)
		diag("cannot write the summary");
}

/*
 * Write what was read (the partial lines too), then die of the signal.
 * A reader that does not take the output gets a couple of seconds.
 */
static void
die_of_signal(struct run *r)
{
	lines_finish(&r->lines);
	if (r->follower != NULL)
		follow_finish_lines(r->follower);
	signals_deadline();
	output_flush(&r->out);
	run_summary(r->cfg);
	ci_close(r->cfg->ci);		/* a complete report */
	signals_exit();
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
	if (r->follower != NULL)
		follow_stop(r->follower);
}
