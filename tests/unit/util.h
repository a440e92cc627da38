/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the unit tests: scratch files under SCRATCH_DIR,
 * formatted strings, and a NUL-terminated view of a struct buf (used to
 * compare captured diagnostics and annotated lines as C strings).
 */
#ifndef RCANNOTATE_TEST_UTIL_H
#define RCANNOTATE_TEST_UTIL_H

#include <stddef.h>

struct buf;

/* Create a new empty directory under SCRATCH_DIR; return its path. */
char	*scratch_dir(void);

/* Write len bytes to a new file under SCRATCH_DIR; return its path. */
char	*scratch_file(const void *data, size_t len);

/* Write a C string to a new file under SCRATCH_DIR; return its path. */
char	*scratch_text(const char *text);

/* Write dir/name; return the path. */
char	*write_file(const char *dir, const char *name, const void *data,
	    size_t len);

/* unlink(2) or rmdir(2) the path, check it worked, and free it. */
void	 remove_file(char *path);
void	 remove_dir(char *path);

/* A malloc'ed string formatted like printf. */
char	*format(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * A malloc'ed copy of tmpl with every "@" replaced by value (tests use it
 * to put a scratch file's name into an expected message).
 */
char	*subst(const char *tmpl, const char *value);

/*
 * Terminate the buffer with a NUL that is not counted in its length and
 * return its data ("" for an empty, unallocated buffer).
 */
const char *buf_cstr(struct buf *b);

/*
 * Assert that the captured diagnostics are exactly expected, then clear
 * them.
 */
void	 expect_diag(struct buf *diags, const char *expected);

#endif
