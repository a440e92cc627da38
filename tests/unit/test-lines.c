/* SPDX-License-Identifier: MIT */
/*
 * Tests of lines.c: splitting chunks into lines and endings, partial
 * lines carried across chunks, CRLF, a last line without newline, NUL
 * bytes, the cap on line length, and runs of lines handed over at
 * once.  Every input is also fed in chunks of every size from one byte
 * up, which must not change the result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "lines.h"
#include "util.h"

/*
 * The recording callback writes one entry per line: "L[content][eol]",
 * "H[content]" for the head of an over-long line, and "R[bytes]" for
 * the raw tail, consecutive raw pieces merged into one
 * entry (how the tail of a long line is cut up depends on the chunks).
 * Bytes outside printable ASCII are written as \n, \r or \xNN.
 */
struct record {
	struct buf	log;
	struct buf	raw;		/* raw bytes not yet logged */
	unsigned	calls;
};

static void
escape(struct buf *b, const char *s, size_t len)
{
	char hex[8];
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '\n')
			buf_append_str(b, "\\n");
		else if (c == '\r')
			buf_append_str(b, "\\r");
		else if (c < 0x20 || c >= 0x7f || c == '\\') {
			snprintf(hex, sizeof(hex), "\\x%02x", c);
			buf_append_str(b, hex);
		} else
			buf_append(b, s + i, 1);
	}
}

static void
flush_raw(struct record *r)
{
	if (r->raw.len == 0)
		return;
	buf_append_str(&r->log, "R[");
	escape(&r->log, r->raw.data, r->raw.len);
	buf_append_str(&r->log, "]");
	buf_clear(&r->raw);
}

static void
record_cb(void *arg, const char *s, size_t len, const char *eol,
    size_t eol_len, enum line_part part)
{
	struct record *r = arg;

	r->calls++;
	if (part == LINE_HEAD) {
		assert_int_equal(eol_len, 0);
		flush_raw(r);
		buf_append_str(&r->log, "H[");
		escape(&r->log, s, len);
		buf_append_str(&r->log, "]");
		return;
	}
	if (part == LINE_TAIL) {
		assert_int_equal(eol_len, 0);
		assert_true(len > 0);
		buf_append(&r->raw, s, len);
		return;
	}
	flush_raw(r);
	buf_append_str(&r->log, "L[");
	escape(&r->log, s, len);
	buf_append_str(&r->log, "][");
	if (eol_len > 0) {
		assert_non_null(eol);
		escape(&r->log, eol, eol_len);
	}
	buf_append_str(&r->log, "]");
}

/*
 * Feed len bytes of data in chunks of at most chunk bytes, then finish;
 * return the log (malloc'ed).
 */
static char *
split(const char *data, size_t len, size_t max, size_t chunk)
{
	struct record r = { 0 };
	struct lines l;
	size_t off, n;
	char *log;

	lines_init(&l, max, record_cb, &r);
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		lines_feed(&l, data + off, n);
	}
	lines_finish(&l);
	assert_false(lines_pending(&l));
	lines_free(&l);
	flush_raw(&r);
	log = xstrdup(buf_cstr(&r.log));
	buf_free(&r.log);
	buf_free(&r.raw);
	return log;
}

/* Check the log for one chunk holding everything, then for every size. */
static void
check_split(const char *data, size_t len, size_t max, const char *expected)
{
	size_t chunk;
	char *log;

	log = split(data, len, max, len > 0 ? len : 1);
	assert_string_equal(log, expected);
	free(log);
	for (chunk = 1; chunk < len; chunk++) {
		log = split(data, len, max, chunk);
		if (strcmp(log, expected) != 0)
			fail_msg("chunks of %zu bytes: got \"%s\", expected "
			    "\"%s\"", chunk, log, expected);
		free(log);
	}
}

#define CHECK(data, max, expected) \
	check_split((data), sizeof(data) - 1, (max), (expected))

static void
test_simple_lines(void **state)
{
	(void)state;
	CHECK("", 0, "");
	CHECK("a\n", 0, "L[a][\\n]");
	CHECK("a\nbb\nccc\n", 0, "L[a][\\n]L[bb][\\n]L[ccc][\\n]");
	CHECK("first line\nsecond line\n", 0,
	    "L[first line][\\n]L[second line][\\n]");
}

static void
test_empty_lines(void **state)
{
	(void)state;
	CHECK("\n", 0, "L[][\\n]");
	CHECK("\n\n\n", 0, "L[][\\n]L[][\\n]L[][\\n]");
	CHECK("a\n\nb\n", 0, "L[a][\\n]L[][\\n]L[b][\\n]");
	CHECK("\r\n\r\n", 0, "L[][\\r\\n]L[][\\r\\n]");
}

static void
test_crlf(void **state)
{
	(void)state;
	CHECK("a\r\nbb\r\n", 0, "L[a][\\r\\n]L[bb][\\r\\n]");
	CHECK("a\r\nb\nc\r\n", 0, "L[a][\\r\\n]L[b][\\n]L[c][\\r\\n]");
	/* Only a CR right before the end belongs to the ending. */
	CHECK("a\rb\n", 0, "L[a\\rb][\\n]");
	CHECK("a\r\r\n", 0, "L[a\\r][\\r\\n]");
	CHECK("\r\r\n", 0, "L[\\r][\\r\\n]");
}

static void
test_last_line_without_newline(void **state)
{
	(void)state;
	CHECK("abc", 0, "L[abc][]");
	CHECK("a\nbc", 0, "L[a][\\n]L[bc][]");
	CHECK("abc\r", 0, "L[abc][\\r]");
	CHECK("a\r\nbc\r", 0, "L[a][\\r\\n]L[bc][\\r]");
	CHECK("\r", 0, "L[][\\r]");
	CHECK("a\r\r", 0, "L[a\\r][\\r]");
}

static void
test_pending(void **state)
{
	struct record r = { 0 };
	struct lines l;

	(void)state;
	lines_init(&l, 0, record_cb, &r);
	assert_int_equal(l.max, LINES_DEFAULT_MAX);
	assert_false(lines_pending(&l));
	lines_feed(&l, "ab", 2);
	assert_true(lines_pending(&l));
	assert_int_equal(r.calls, 0);
	lines_feed(&l, "c\nd", 3);
	assert_true(lines_pending(&l));
	assert_int_equal(r.calls, 1);
	lines_feed(&l, "\n", 1);
	assert_false(lines_pending(&l));
	assert_int_equal(r.calls, 2);
	lines_finish(&l);
	assert_int_equal(r.calls, 2);
	/* The splitter can be used again after lines_finish. */
	lines_feed(&l, "e", 1);
	lines_finish(&l);
	assert_int_equal(r.calls, 3);
	flush_raw(&r);
	assert_string_equal(buf_cstr(&r.log), "L[abc][\\n]L[d][\\n]L[e][]");
	lines_free(&l);
	buf_free(&r.log);
	buf_free(&r.raw);
}

static void
test_nul_bytes(void **state)
{
	(void)state;
	CHECK("a\0b\n", 0, "L[a\\x00b][\\n]");
	CHECK("\0\n\0", 0, "L[\\x00][\\n]L[\\x00][]");
	CHECK("x\0\r\n\xff\xfe\n", 0, "L[x\\x00][\\r\\n]L[\\xff\\xfe][\\n]");
}

static void
test_cap(void **state)
{
	(void)state;
	CHECK("0123456789ab\nxy\n", 8, "H[01234567]R[89ab\\n]L[xy][\\n]");
	CHECK("012345678\n", 8, "H[01234567]R[8\\n]");
	/* The CR of an over-long line is part of the raw tail. */
	CHECK("01234567\r\n", 8, "H[01234567]R[\\r\\n]");
	CHECK("abcdefghij\nk\nlmnopq", 4,
	    "H[abcd]R[efghij\\n]L[k][\\n]H[lmno]R[pq]");
	CHECK("0123456789\n0123456789\n", 4,
	    "H[0123]R[456789\\n]H[0123]R[456789\\n]");
	CHECK("abcde", 4, "H[abcd]R[e]");
	CHECK("ab\nabcdefgh\n", 1,
	    "H[a]R[b\\n]H[a]R[bcdefgh\\n]");
}

/* Raw tails never leak into the next input after lines_finish. */
static void
test_cap_then_finish(void **state)
{
	struct record r = { 0 };
	struct lines l;

	(void)state;
	lines_init(&l, 4, record_cb, &r);
	lines_feed(&l, "abcdefg", 7);
	lines_finish(&l);
	lines_feed(&l, "hi\n", 3);
	lines_finish(&l);
	flush_raw(&r);
	assert_string_equal(buf_cstr(&r.log), "H[abcd]R[efg]L[hi][\\n]");
	lines_free(&l);
	buf_free(&r.log);
	buf_free(&r.raw);
}

/* A line of exactly max bytes is an ordinary line, in one chunk. */
static void
test_exactly_max_one_chunk(void **state)
{
	static const char data[] = "01234567\nxy\n";
	char *log;

	(void)state;
	log = split(data, sizeof(data) - 1, 8, sizeof(data) - 1);
	assert_string_equal(log, "L[01234567][\\n]L[xy][\\n]");
	free(log);
	log = split("01234567", 8, 8, 8);
	assert_string_equal(log, "L[01234567][]");
	free(log);
	log = split("0123456\r\n", 9, 8, 9);
	assert_string_equal(log, "L[0123456][\\r\\n]");
	free(log);
}

/*
 * The same lines in any chunking.  lines.h: only a line *longer* than the
 * cap is cut.
 */
static void
test_exactly_max_chunked(void **state)
{
	(void)state;
	CHECK("01234567\nxy\n", 8, "L[01234567][\\n]L[xy][\\n]");
	CHECK("0123456\r\n", 8, "L[0123456][\\r\\n]");
	CHECK("01234567", 8, "L[01234567][]");
}

/*
 * The default cap: a 1 MiB line passes whole, one byte more is cut; in one
 * chunk and in 50000-byte chunks.  (strcmp: a failure must not print MiBs.)
 */
static void
test_default_cap(void **state)
{
	size_t len = LINES_DEFAULT_MAX + 2;
	char *data, *log, *expected;

	(void)state;
	data = xmalloc(len);
	memset(data, 'a', len);
	data[LINES_DEFAULT_MAX] = '\0';
	expected = format("L[%s][\\n]L[b][]", data);
	data[LINES_DEFAULT_MAX] = '\n';
	data[LINES_DEFAULT_MAX + 1] = 'b';
	log = split(data, len, 0, len);
	assert_true(strcmp(log, expected) == 0);
	free(log);
	log = split(data, len, 0, 50000);
	assert_true(strcmp(log, expected) == 0);
	free(log);
	free(expected);

	data[LINES_DEFAULT_MAX] = '\0';
	expected = format("H[%s]R[a\\n]", data);
	data[LINES_DEFAULT_MAX] = 'a';
	data[LINES_DEFAULT_MAX + 1] = '\n';
	log = split(data, len, 0, len);
	assert_true(strcmp(log, expected) == 0);
	free(log);
	log = split(data, len, 0, 50000);
	assert_true(strcmp(log, expected) == 0);
	free(log);
	free(expected);
	free(data);
}

/*
 * Runs: the scan says a line holding '!' needs work.  Such lines must
 * come one by one; other lines may come in runs of whole lines; and all
 * of it, in order, must be the input.  A scan that is not fresh must be
 * given the rest of the range of the one before.
 */
struct runs {
	struct buf	 out;		/* everything handed over, in order */
	struct buf	 log;		/* "L" per line, "W" per run */
	const char	*end;		/* of the last range scanned */
	unsigned	 scans;
};

static size_t
runs_scan(void *arg, const char *s, size_t len, bool fresh)
{
	struct runs *r = arg;
	const char *bang = memchr(s, '!', len);

	if (!fresh)
		assert_ptr_equal(s + len, r->end);
	assert_true(len > 0 && s[len - 1] == '\n');
	r->end = s + len;
	r->scans++;
	return bang != NULL ? (size_t)(bang - s) : len;
}

static void
runs_run(void *arg, const char *s, size_t len)
{
	struct runs *r = arg;

	assert_true(len > 0 && s[len - 1] == '\n');
	assert_null(memchr(s, '!', len));
	buf_append(&r->out, s, len);
	buf_append_str(&r->log, "W");
}

static void
runs_line(void *arg, const char *s, size_t len, const char *eol,
    size_t eol_len, enum line_part part)
{
	struct runs *r = arg;

	assert_int_equal(part, LINE_WHOLE);
	buf_append(&r->out, s, len);
	buf_append(&r->out, eol, eol_len);
	buf_append_str(&r->log, memchr(s, '!', len) != NULL ? "!" : "L");
}

static void
runs_feed(const char *data, size_t chunk, const char *log)
{
	struct runs r = { 0 };
	struct lines l;
	size_t off, n, len = strlen(data);

	lines_init(&l, 0, runs_line, &r);
	lines_set_runs(&l, runs_scan, runs_run);
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		lines_feed(&l, data + off, n);
	}
	lines_finish(&l);
	lines_free(&l);
	assert_int_equal(r.out.len, len);
	assert_memory_equal(r.out.data, data, len);
	if (log != NULL)
		assert_string_equal(buf_cstr(&r.log), log);
	buf_free(&r.out);
	buf_free(&r.log);
}

static void
test_runs(void **state)
{
	static const char data[] = "a\nb\r\nc!\nd\ne\nf!g!\n!\nh\ni";
	size_t chunk;

	(void)state;
	/* One chunk: runs around the lines that need work. */
	runs_feed(data, sizeof(data), "W!W!!WL");
	runs_feed("plain\n", 100, "W");
	runs_feed("!\n!\n", 100, "!!");
	runs_feed("no newline", 100, "L");
	for (chunk = 1; chunk < sizeof(data); chunk++)
		runs_feed(data, chunk, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_lines),
		cmocka_unit_test(test_empty_lines),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_pending),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_cap_then_finish),
		cmocka_unit_test(test_exactly_max_one_chunk),
		cmocka_unit_test(test_exactly_max_chunked),
		cmocka_unit_test(test_default_cap),
		cmocka_unit_test(test_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
