/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the unit tests (see util.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "util.h"

char *
scratch_dir(void)
{
	char *path = format("%s/scratch-XXXXXX", SCRATCH_DIR);

	assert_non_null(mkdtemp(path));
	return path;
}

char *
scratch_file(const void *data, size_t len)
{
	char *path = format("%s/scratch-XXXXXX", SCRATCH_DIR);
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return path;
}

char *
scratch_text(const char *text)
{
	return scratch_file(text, strlen(text));
}

char *
write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = format("%s/%s", dir, name);
	FILE *f;

	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

void
remove_file(char *path)
{
	assert_int_equal(unlink(path), 0);
	free(path);
}

void
remove_dir(char *path)
{
	assert_int_equal(rmdir(path), 0);
	free(path);
}

char *
format(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

char *
subst(const char *tmpl, const char *value)
{
	struct buf b = { 0 };
	const char *at;

	while ((at = strchr(tmpl, '@')) != NULL) {
		buf_append(&b, tmpl, at - tmpl);
		buf_append_str(&b, value);
		tmpl = at + 1;
	}
	buf_append_str(&b, tmpl);
	buf_append(&b, "", 1);
	return b.data;
}

const char *
buf_cstr(struct buf *b)
{
	buf_reserve(b, 1);
	b->data[b->len] = '\0';
	return b->data;
}

void
expect_diag(struct buf *diags, const char *expected)
{
	assert_string_equal(buf_cstr(diags), expected);
	buf_clear(diags);
}
