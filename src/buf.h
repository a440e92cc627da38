/* SPDX-License-Identifier: MIT */
/*
 * A growable byte buffer.  Data may hold any byte, NUL included; it is
 * never treated as a C string.  Allocation failure ends the program with
 * a message (see diag_oom), so appending cannot fail.
 */
#ifndef RCANNOTATE_BUF_H
#define RCANNOTATE_BUF_H

#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

/* Make room for at least extra more bytes. */
void	buf_reserve(struct buf *b, size_t extra);

void	buf_append(struct buf *b, const void *p, size_t len);
void	buf_append_str(struct buf *b, const char *s);

/* Forget the contents but keep the memory. */
void	buf_clear(struct buf *b);

/* Release the memory; the buffer may be used again afterwards. */
void	buf_free(struct buf *b);

/* Data files larger than this are refused. */
#define BUF_FILE_MAX (64 * 1024 * 1024)
#define BUF_NOT_REGULAR (-1000001)

/*
 * Replace the contents with the whole regular file at path (at most
 * BUF_FILE_MAX bytes).  Return 0, or a negative errno value, or
 * BUF_NOT_REGULAR.
 */
int	buf_read_file(struct buf *b, const char *path);

/* Describe an error returned by buf_read_file. */
const char *buf_strerror(int err);

/* Called for each line of a file (without its newline), from line 1. */
typedef int	buf_line_fn(void *arg, unsigned lineno, const char *p,
		    size_t len);

/*
 * Read the file at path and call fn for each of its lines, after a
 * UTF-8 byte-order mark at its start if there is one.  Return -1
 * after reporting "cannot open PATH: why", else how many calls of fn
 * returned non-zero.
 */
int	buf_each_line(const char *path, buf_line_fn *fn, void *arg);

/* Allocation helpers that never return NULL. */
void	*xmalloc(size_t size);
void	*xcalloc(size_t n, size_t size);
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t len);

#endif
