/* SPDX-License-Identifier: MIT */
/*
 * The follower.  Every check of a file does the same steps: read what
 * the open file has gained (after testing for truncation), read what the
 * rotated-away files still gain, and, when following by name, stat the
 * name to see whether it now means another file.  Checks run when inotify
 * reports an event in a watched directory and on every tick of the
 * safety-net timer.  Regular files are read with pread(2) on the loop
 * thread: they never block for long, and the output is written between
 * reads, so a slow reader slows reading down.
 */
#define _XOPEN_SOURCE 700	/* realpath(3) */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "follow.h"

#define FOLLOW_CHUNK (256 * 1024)
#define DRAIN_ROUNDS 16		/* 4 MiB from one file, then the others */
#define HEAD_BYTES 64

struct followed;

/* One open file: the current one of a name, or a rotated one. */
struct stream {
	struct followed	*owner;
	int		 fd;
	dev_t		 dev;
	ino_t		 ino;
	off_t		 offset;	/* next byte to read */
	char		 head[HEAD_BYTES]; /* the file's first bytes */
	size_t		 head_len;
	struct lines	 lines;
	uint64_t	 pending_since;	/* loop time a partial line waits */
	uint64_t	 deadline;	/* rotated: when to stop draining */
	struct stream	*next;		/* the owner's rotated streams */
};

/* One FILE operand. */
struct followed {
	struct follower	*fw;
	size_t		 index;
	const char	*name;
	char		*dir;		/* where events for it arrive */
	char		*base;
	char		*target_dir;	/* the same for a symlink's target */
	char		*target_base;
	struct stream	*cur;		/* NULL while the name is missing */
	struct stream	*old;		/* rotated, still drained */
	bool		 missing;	/* the user was told it is gone */
	bool		 dead;		/* no longer followed */
};

struct dirwatch {
	uv_fs_event_t	 ev;
	char		*path;
	struct follower	*fw;
	dev_t		 dev;		/* the directory watched */
	ino_t		 ino;
};

struct follower {
	uv_loop_t		*loop;
	struct follow_options	 opt;
	struct follow_callbacks	 cb;
	struct followed		*files;
	size_t			 n;
	struct dirwatch		**dirs;
	size_t			 ndirs;
	uv_timer_t		 tick;
	uv_timer_t		 partial;
	uv_timer_t		 again;		/* more to read: go on soon */
	bool			 more;
	char			*chunk;
	bool			 failed;
	bool			 stopped;
};

static void	open_initial(struct followed *);
static struct stream *stream_open(struct followed *, int,
		    const struct stat *, off_t);
static void	stream_close(struct stream *);
static void	check_file(struct followed *);
static void	check_name(struct followed *);
static void	retire(struct followed *);
static void	drain(struct stream *);
static void	drain_old(struct followed *);
static bool	truncated(struct stream *, const struct stat *);
static void	remember_head(struct stream *, const char *, size_t);
static off_t	start_offset(struct follower *, int, off_t);
static void	watch_file(struct followed *);
static void	watch_dir(struct follower *, const char *);
static void	refresh_watches(struct follower *);
static void	free_watch(uv_handle_t *);
static void	again_cb(uv_timer_t *);
static void	check_all(struct follower *);
static void	after_checks(struct follower *);
static void	split_path(const char *, char **, char **);
static void	arm_partial(struct follower *);
static bool	all_dead(const struct follower *);
static void	fs_event_cb(uv_fs_event_t *, const char *, int, int);
static void	tick_cb(uv_timer_t *);
static void	partial_cb(uv_timer_t *);
static void	stream_line_cb(void *, const char *, size_t, const char *,
		    size_t, enum line_part);
static size_t	stream_scan_cb(void *, const char *, size_t, bool);
static void	stream_run_cb(void *, const char *, size_t);

struct follower *
follow_start(uv_loop_t *loop, char **files,
    const struct follow_options *opt, const struct follow_callbacks *cb)
{
	struct follower *fw = xcalloc(1, sizeof(*fw));
	uint64_t every;
	size_t i;

	fw->loop = loop;
	fw->opt = *opt;
	fw->cb = *cb;
	fw->chunk = xmalloc(FOLLOW_CHUNK);
	while (files[fw->n] != NULL)
		fw->n++;
	fw->files = xcalloc(fw->n, sizeof(*fw->files));
	for (i = 0; i < fw->n; i++) {
		fw->files[i].fw = fw;
		fw->files[i].index = i;
		fw->files[i].name = files[i];
		split_path(files[i], &fw->files[i].dir, &fw->files[i].base);
		open_initial(&fw->files[i]);
	}
	for (i = 0; i < fw->n && !fw->opt.poll_only; i++)
		if (!fw->files[i].dead)
			watch_file(&fw->files[i]);
	uv_timer_init(loop, &fw->tick);
	uv_timer_init(loop, &fw->partial);
	uv_timer_init(loop, &fw->again);
	fw->tick.data = fw->partial.data = fw->again.data = fw;
	every = (uint64_t)(fw->opt.sleep * 1000);
	uv_timer_start(&fw->tick, tick_cb, all_dead(fw) ? 0 : every,
	    every > 0 ? every : 1);
	for (i = 0; i < fw->n; i++)
		if (fw->files[i].cur != NULL)
			drain(fw->files[i].cur);
	fw->cb.flush(fw->cb.arg);
	arm_partial(fw);
	return fw;
}

bool
follow_failed(const struct follower *fw)
{
	return fw->failed;
}

void
follow_finish_lines(struct follower *fw)
{
	struct stream *s;
	size_t i;

	for (i = 0; i < fw->n; i++) {
		for (s = fw->files[i].old; s != NULL; s = s->next)
			lines_finish(&s->lines);
		if (fw->files[i].cur != NULL)
			lines_finish(&fw->files[i].cur->lines);
	}
}

void
follow_stop(struct follower *fw)
{
	size_t i;

	if (fw->stopped)
		return;
	fw->stopped = true;
	uv_close((uv_handle_t *)&fw->tick, NULL);
	uv_close((uv_handle_t *)&fw->partial, NULL);
	uv_close((uv_handle_t *)&fw->again, NULL);
	for (i = 0; i < fw->ndirs; i++)
		uv_close((uv_handle_t *)&fw->dirs[i]->ev, free_watch);
	fw->ndirs = 0;
}

void
follow_free(struct follower *fw)
{
	struct followed *f;
	struct stream *s;
	size_t i;

	if (fw == NULL)
		return;
	for (i = 0; i < fw->n; i++) {
		f = &fw->files[i];
		while ((s = f->old) != NULL) {
			f->old = s->next;
			stream_close(s);
		}
		if (f->cur != NULL)
			stream_close(f->cur);
		free(f->dir);
		free(f->base);
		free(f->target_dir);
		free(f->target_base);
	}
	free(fw->dirs);
	free(fw->files);
	free(fw->chunk);
	free(fw);
}

/* Open a file named on the command line, at its -n position. */
static void
open_initial(struct followed *f)
{
	struct follower *fw = f->fw;
	struct stat st;
	int fd;

	fd = open(f->name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		diag("cannot open '%s' for reading: %s", f->name,
		    strerror(errno));
		fw->failed = true;
		f->missing = true;
		f->dead = !fw->opt.retry;
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag("'%s' is not a regular file; it cannot be followed",
		    f->name);
		close(fd);
		fw->failed = true;
		f->dead = true;
		return;
	}
	f->cur = stream_open(f, fd, &st, start_offset(fw, fd, st.st_size));
	if (fw->cb.restart != NULL && fw->opt.from_start && fw->opt.lines > 0)
		fw->cb.restart(fw->cb.arg, f->index, fw->opt.lines - 1);
}

static struct stream *
stream_open(struct followed *f, int fd, const struct stat *st, off_t at)
{
	struct stream *s = xcalloc(1, sizeof(*s));
	ssize_t n;

	s->owner = f;
	s->fd = fd;
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->offset = at;
	n = pread(fd, s->head, HEAD_BYTES, 0);
	s->head_len = n > 0 ? (size_t)n : 0;
	if ((off_t)s->head_len > at)
		s->head_len = (size_t)at;
	lines_init(&s->lines, f->fw->opt.max_line, stream_line_cb, s);
	if (f->fw->cb.scan != NULL)
		lines_set_runs(&s->lines, stream_scan_cb, stream_run_cb);
	return s;
}

static void
stream_close(struct stream *s)
{
	close(s->fd);
	lines_free(&s->lines);
	free(s);
}

/* Everything one look at a file does; see the top of the file. */
static void
check_file(struct followed *f)
{
	if (f->dead || f->fw->stopped)
		return;
	if (f->cur != NULL)
		drain(f->cur);
	drain_old(f);
	/* By descriptor, the name only matters until the file is open. */
	if (f->fw->opt.by_name || f->cur == NULL)
		check_name(f);
}

/* Does the name still lead to the open file?  If not, switch. */
static void
check_name(struct followed *f)
{
	struct stat st;
	int fd;

	if (stat(f->name, &st) != 0) {
		if (f->cur != NULL) {
			diag("'%s' has become inaccessible: %s", f->name,
			    strerror(errno));
			retire(f);
		}
		f->missing = true;
		return;
	}
	if (f->cur != NULL && st.st_dev == f->cur->dev &&
	    st.st_ino == f->cur->ino)
		return;
	fd = open(f->name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;		/* gone again: the next check sees it */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	if (f->cur != NULL) {
		diag("'%s' has been replaced; following new file", f->name);
		retire(f);
		drain(f->old);	/* its last lines come before the new file's */
	} else if (f->missing) {
		diag("'%s' has appeared; following new file", f->name);
	}
	f->missing = false;
	f->cur = stream_open(f, fd, &st, 0);
	if (f->fw->cb.restart != NULL)
		f->fw->cb.restart(f->fw->cb.arg, f->index, 0);
	if (!f->fw->opt.poll_only)
		watch_file(f);
	drain(f->cur);
}

/* The name no longer leads to the open file: drain it for a while. */
static void
retire(struct followed *f)
{
	struct stream *s = f->cur;

	s->deadline = uv_now(f->fw->loop) +
	    (uint64_t)(f->fw->opt.rotate_wait * 1000);
	s->next = f->old;
	f->old = s;
	f->cur = NULL;
}

/* Read what the file has gained; start over if it was truncated. */
static void
drain(struct stream *s)
{
	struct follower *fw = s->owner->fw;
	struct stat st;
	ssize_t n;
	bool got = false;
	int rounds;

	if (fstat(s->fd, &st) != 0)
		return;
	if (truncated(s, &st)) {
		diag("%s: file truncated", s->owner->name);
		lines_terminate(&s->lines);
		s->offset = 0;
		s->head_len = 0;
		if (fw->cb.restart != NULL && s == s->owner->cur)
			fw->cb.restart(fw->cb.arg, s->owner->index, 0);
	}
	for (rounds = 0; !fw->stopped; rounds++) {
		if (rounds == DRAIN_ROUNDS) {
			/* Let the other files have a turn; go on soon. */
			fw->more = true;
			break;
		}
		n = pread(s->fd, fw->chunk, FOLLOW_CHUNK, s->offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		remember_head(s, fw->chunk, (size_t)n);
		s->offset += n;
		got = true;
		lines_feed(&s->lines, fw->chunk, (size_t)n);
		fw->cb.flush(fw->cb.arg);
	}
	if (!lines_pending(&s->lines))
		s->pending_since = 0;
	else if (got || s->pending_since == 0)
		s->pending_since = uv_now(fw->loop);
}

/* Drain the rotated files; close those whose rotate wait is over. */
static void
drain_old(struct followed *f)
{
	struct stream **link = &f->old, *s;

	while ((s = *link) != NULL) {
		drain(s);
		if (uv_now(f->fw->loop) < s->deadline) {
			link = &s->next;
			continue;
		}
		lines_terminate(&s->lines);
		*link = s->next;
		stream_close(s);
	}
}

/*
 * copytruncate shows as a size below the offset, or, when the writer has
 * already written past the old offset again, as changed first bytes.
 */
static bool
truncated(struct stream *s, const struct stat *st)
{
	char now[HEAD_BYTES];
	ssize_t n;

	if (st->st_size < s->offset)
		return true;
	if (s->head_len == 0)
		return false;
	n = pread(s->fd, now, s->head_len, 0);
	return n != (ssize_t)s->head_len ||
	    memcmp(now, s->head, s->head_len) != 0;
}

/* Keep the file's first HEAD_BYTES bytes as they pass by. */
static void
remember_head(struct stream *s, const char *data, size_t len)
{
	size_t n;

	if (s->offset >= HEAD_BYTES || (size_t)s->offset != s->head_len)
		return;
	n = HEAD_BYTES - (size_t)s->offset;
	if (n > len)
		n = len;
	memcpy(s->head + s->offset, data, n);
	s->head_len += n;
}

/*
 * Where reading starts: after line K-1 for -n +K, else at the start of
 * the last N lines (a last line without newline counts).
 */
static off_t
start_offset(struct follower *fw, int fd, off_t size)
{
	unsigned long count = 0, want = fw->opt.lines;
	off_t pos = fw->opt.from_start ? 0 : size;
	ssize_t n, i;

	if (fw->opt.from_start) {
		while (want > 1 && (n = pread(fd, fw->chunk, FOLLOW_CHUNK,
		    pos)) > 0) {
			for (i = 0; i < n && count < want - 1; i++)
				count += fw->chunk[i] == '\n';
			pos += i;
			if (count == want - 1)
				break;
		}
		return pos;
	}
	if (want == 0)
		return size;
	while (pos > 0) {
		n = pos < FOLLOW_CHUNK ? pos : FOLLOW_CHUNK;
		pos -= n;
		if (pread(fd, fw->chunk, n, pos) != n)
			return 0;
		for (i = n - 1; i >= 0; i--)
			if (fw->chunk[i] == '\n' && pos + i != size - 1 &&
			    ++count == want)
				return pos + i + 1;
	}
	return 0;
}

/* Watch the directory of the name and, for a symlink, of its target. */
static void
watch_file(struct followed *f)
{
	char *real;

	watch_dir(f->fw, f->dir);
	real = realpath(f->name, NULL);
	if (real == NULL)
		return;
	free(f->target_dir);
	free(f->target_base);
	split_path(real, &f->target_dir, &f->target_base);
	free(real);
	watch_dir(f->fw, f->target_dir);
}

/*
 * Watch path unless it is watched already.  A directory that cannot be
 * watched now (missing) is tried again on every tick.
 */
static void
watch_dir(struct follower *fw, const char *path)
{
	struct dirwatch *w;
	struct stat st;
	size_t i;

	for (i = 0; i < fw->ndirs; i++)
		if (strcmp(fw->dirs[i]->path, path) == 0)
			return;
	if (stat(path, &st) != 0)
		return;
	w = xcalloc(1, sizeof(*w));
	w->path = xstrdup(path);
	w->fw = fw;
	w->dev = st.st_dev;
	w->ino = st.st_ino;
	if (uv_fs_event_init(fw->loop, &w->ev) != 0) {
		free(w->path);
		free(w);
		return;
	}
	w->ev.data = w;
	if (uv_fs_event_start(&w->ev, fs_event_cb, path, 0) != 0) {
		uv_close((uv_handle_t *)&w->ev, free_watch);
		return;
	}
	fw->dirs = xreallocarray(fw->dirs, fw->ndirs + 1, sizeof(*fw->dirs));
	fw->dirs[fw->ndirs++] = w;
}

/*
 * Drop the watches of directories that were removed or replaced (their
 * inotify watch is dead), then watch every file's directories again.
 */
static void
refresh_watches(struct follower *fw)
{
	struct dirwatch *w;
	struct stat st;
	size_t i;

	for (i = 0; i < fw->ndirs;) {
		w = fw->dirs[i];
		if (stat(w->path, &st) == 0 && st.st_dev == w->dev &&
		    st.st_ino == w->ino) {
			i++;
			continue;
		}
		uv_close((uv_handle_t *)&w->ev, free_watch);
		fw->dirs[i] = fw->dirs[--fw->ndirs];
	}
	for (i = 0; i < fw->n; i++)
		if (!fw->files[i].dead)
			watch_file(&fw->files[i]);
}

static void
free_watch(uv_handle_t *h)
{
	struct dirwatch *w = h->data;

	free(w->path);
	free(w);
}

/* Split a path into a directory ("." if none) and a last component. */
static void
split_path(const char *path, char **dir, char **base)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		*dir = xstrdup(".");
		*base = xstrdup(path);
	} else {
		*dir = slash == path ? xstrdup("/") :
		    xstrndup(path, slash - path);
		*base = xstrdup(slash + 1);
	}
}

/* Time the --partial-timeout check for the partial line waiting longest. */
static void
arm_partial(struct follower *fw)
{
	uint64_t first = 0, wait, now = uv_now(fw->loop);
	struct stream *s;
	size_t i;

	if (fw->opt.partial_wait <= 0 || fw->stopped)
		return;
	for (i = 0; i < fw->n; i++) {
		s = fw->files[i].cur;
		if (s != NULL && s->pending_since != 0 &&
		    (first == 0 || s->pending_since < first))
			first = s->pending_since;
	}
	if (first == 0)
		return;
	wait = first + (uint64_t)(fw->opt.partial_wait * 1000);
	uv_timer_start(&fw->partial, partial_cb, wait > now ? wait - now : 0,
	    0);
}

static bool
all_dead(const struct follower *fw)
{
	size_t i;

	for (i = 0; i < fw->n; i++)
		if (!fw->files[i].dead)
			return false;
	return true;
}

static void
fs_event_cb(uv_fs_event_t *ev, const char *name, int events, int status)
{
	struct dirwatch *w = ev->data;
	struct follower *fw = w->fw;
	struct followed *f;
	size_t i;

	(void)events;
	(void)status;
	for (i = 0; i < fw->n && !fw->stopped; i++) {
		f = &fw->files[i];
		if (strcmp(f->dir, w->path) != 0 && (f->target_dir == NULL ||
		    strcmp(f->target_dir, w->path) != 0))
			continue;
		if (name == NULL || strcmp(name, f->base) == 0 ||
		    (f->target_base != NULL &&
		    strcmp(name, f->target_base) == 0))
			check_file(f);
		else if (f->old != NULL)
			drain_old(f);
	}
	/* A rotated file may live in a directory no longer matched. */
	for (i = 0; i < fw->n && !fw->stopped; i++)
		if (fw->files[i].old != NULL)
			drain_old(&fw->files[i]);
	after_checks(fw);
}

/*
 * The safety net: look at every file, renew dead directory watches, ask
 * the owner whether to go on, and end once --pid has exited (after one
 * more look, for what it wrote last).
 */
static void
tick_cb(uv_timer_t *t)
{
	struct follower *fw = t->data;
	bool pid_gone;

	pid_gone = fw->opt.pid > 0 && kill((pid_t)fw->opt.pid, 0) != 0 &&
	    errno == ESRCH;
	check_all(fw);
	if (fw->stopped)
		return;
	if (!fw->opt.poll_only)
		refresh_watches(fw);
	if (fw->cb.tick != NULL)
		fw->cb.tick(fw->cb.arg);
	if (fw->stopped)
		return;
	if (all_dead(fw) || pid_gone) {
		follow_finish_lines(fw);
		fw->cb.flush(fw->cb.arg);
		fw->cb.end(fw->cb.arg);
	}
}

static void
check_all(struct follower *fw)
{
	size_t i;

	fw->more = false;
	for (i = 0; i < fw->n && !fw->stopped; i++)
		check_file(&fw->files[i]);
	after_checks(fw);
}

/* Write out, time the partial-line check, and go on if a file had more. */
static void
after_checks(struct follower *fw)
{
	fw->cb.flush(fw->cb.arg);
	if (fw->stopped)
		return;
	arm_partial(fw);
	if (fw->more)
		uv_timer_start(&fw->again, again_cb, 0, 0);
}

static void
again_cb(uv_timer_t *t)
{
	check_all(t->data);
}

/* A partial line waited too long: let it out, unannotated. */
static void
partial_cb(uv_timer_t *t)
{
	struct follower *fw = t->data;
	uint64_t now = uv_now(fw->loop);
	uint64_t wait = (uint64_t)(fw->opt.partial_wait * 1000);
	struct stream *s;
	size_t i;

	for (i = 0; i < fw->n; i++) {
		s = fw->files[i].cur;
		if (s == NULL || s->pending_since == 0 ||
		    now < s->pending_since + wait)
			continue;
		lines_release(&s->lines);
		s->pending_since = 0;
	}
	fw->cb.flush(fw->cb.arg);
	arm_partial(fw);
}

static void
stream_line_cb(void *arg, const char *s, size_t len, const char *eol,
    size_t eol_len, enum line_part part)
{
	struct stream *st = arg;
	struct follower *fw = st->owner->fw;

	fw->cb.line(fw->cb.arg, st->owner->index, s, len, eol, eol_len,
	    part);
}

static size_t
stream_scan_cb(void *arg, const char *s, size_t len, bool fresh)
{
	struct stream *st = arg;
	struct follower *fw = st->owner->fw;

	return fw->cb.scan(fw->cb.arg, st->owner->index, s, len, fresh);
}

static void
stream_run_cb(void *arg, const char *s, size_t len)
{
	struct stream *st = arg;
	struct follower *fw = st->owner->fw;

	fw->cb.run(fw->cb.arg, st->owner->index, s, len);
}
