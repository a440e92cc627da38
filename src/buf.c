/* SPDX-License-Identifier: MIT */
/*
 * Growable byte buffers and allocation helpers.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"

void
buf_reserve(struct buf *b, size_t extra)
{
	size_t cap;

	if (b->cap - b->len >= extra)
		return;
	if (extra > SIZE_MAX / 2 - b->len)
		diag_oom();
	cap = b->cap == 0 ? 256 : b->cap;
	while (cap - b->len < extra)
		cap *= 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

void
buf_append(struct buf *b, const void *p, size_t len)
{
	if (len == 0)
		return;
	buf_reserve(b, len);
	memcpy(b->data + b->len, p, len);
	b->len += len;
}

void
buf_append_str(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_clear(struct buf *b)
{
	b->len = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int
buf_read_file(struct buf *b, const char *path)
{
	struct stat st;
	ssize_t n;
	int fd, err = 0;

	buf_clear(b);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > BUF_FILE_MAX) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : !S_ISREG(st.st_mode) ?
		    BUF_NOT_REGULAR : -EFBIG;
		close(fd);
		return err;
	}
	for (;;) {
		if (b->len > BUF_FILE_MAX) {
			err = -EFBIG;
			break;
		}
		buf_reserve(b, 65536);
		n = read(fd, b->data + b->len, b->cap - b->len);
		if (n > 0)
			b->len += n;
		else if (n == 0)
			break;
		else if (errno != EINTR) {
			err = -errno;
			break;
		}
	}
	close(fd);
	return err;
}

int
buf_each_line(const char *path, buf_line_fn *fn, void *arg)
{
	struct buf file = { 0 };
	const char *p, *end, *nl;
	unsigned lineno = 0;
	int err, bad = 0;

	err = buf_read_file(&file, path);
	if (err != 0) {
		diag("cannot open %s: %s", path, buf_strerror(err));
		buf_free(&file);
		return -1;
	}
	p = file.data;
	end = file.data + file.len;
	/* Editors on Windows may start a file with a byte-order mark. */
	if (file.len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (nl == NULL)
			nl = end;
		if (fn(arg, ++lineno, p, nl - p) != 0)
			bad++;
		p = nl + (nl < end);
	}
	buf_free(&file);
	return bad;
}

const char *
buf_strerror(int err)
{
	return err == BUF_NOT_REGULAR ? "not a regular file" : strerror(-err);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		diag_oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		diag_oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		diag_oom();
	p = realloc(p, n * size == 0 ? 1 : n * size);
	if (p == NULL)
		diag_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
