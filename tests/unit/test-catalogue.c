/* SPDX-License-Identifier: MIT */
/*
 * Tests of catalogue.c: loading the real patterns/codes.tsv, lookups, and
 * the exact diagnostics for every kind of bad catalogue file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "util.h"

#define CODES PATTERNS_DIR "/codes.tsv"

static struct buf diags;

static int
setup(void **state)
{
	(void)state;
	buf_clear(&diags);
	diag_capture(&diags);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	diag_capture(NULL);
	buf_free(&diags);
	return 0;
}

/*
 * Load len bytes of text as a catalogue that must fail, and check that
 * exactly the expected messages came out ("@" stands for the file name).
 */
static void
load_bad(const char *text, size_t len, const char *expected)
{
	struct catalogue cat = { 0 };
	char *path, *msg;
	int rc;

	path = scratch_file(text, len);
	rc = catalogue_load(&cat, path);
	msg = subst(expected, path);
	remove_file(path);
	assert_int_equal(rc, -1);
	assert_null(cat.v);
	assert_int_equal(cat.n, 0);
	expect_diag(&diags, msg);
	free(msg);
}

static void
test_real_catalogue(void **state)
{
	struct catalogue cat = { 0 };
	const struct code_info *ci;
	size_t i;

	(void)state;
	assert_int_equal(catalogue_load(&cat, CODES), 0);
	expect_diag(&diags, "");
	assert_int_equal(cat.n, 102);

	ci = catalogue_find(&cat, 100);
	assert_non_null(ci);
	assert_int_equal(ci->code, 100);
	assert_string_equal(ci->subsystem, "tablet");
	assert_string_equal(ci->name, "kTableIsNotExist");
	assert_string_equal(ci->en, "table is not exist");
	assert_string_equal(ci->zh, "表不存在");

	ci = catalogue_find(&cat, 454);
	assert_non_null(ci);
	assert_string_equal(ci->subsystem, "replica-cluster");
	assert_string_equal(ci->name, "kCurNameserverIsNotLeaderMdoe");
	assert_string_equal(ci->en, "cur nameserver is not leader mdoe");

	ci = catalogue_find(&cat, 601);
	assert_non_null(ci);
	assert_string_equal(ci->name, "INDEX_DELETE_FAILED");
	assert_string_equal(ci->en, "index delete failed");

	ci = catalogue_find(&cat, 0);
	assert_non_null(ci);
	assert_string_equal(ci->subsystem, "none");
	assert_string_equal(ci->name, "kOk");

	ci = catalogue_find(&cat, 701);
	assert_non_null(ci);
	assert_string_equal(ci->en, "operator not support");

	assert_null(catalogue_find(&cat, 999));
	assert_null(catalogue_find(&cat, 113));
	assert_null(catalogue_find(&cat, -100));

	/* Sorted by code, so that bsearch works. */
	for (i = 1; i < cat.n; i++)
		assert_true(cat.v[i - 1].code < cat.v[i].code);
	assert_int_equal(cat.v[0].code, 0);
	assert_int_equal(cat.v[cat.n - 1].code, 701);

	catalogue_free(&cat);
	assert_null(cat.v);
	assert_int_equal(cat.n, 0);
	assert_null(catalogue_find(&cat, 100));
}

static void
test_line_numbers(void **state)
{
	static const char text[] =
	    "# comment\n"
	    "\n"
	    "200\tnameserver\tkTwo\ttwo\t二\n"
	    "100\ttablet\tkOne\tone\t一\n";
	struct catalogue cat = { 0 };
	char *path;

	(void)state;
	path = scratch_text(text);
	assert_int_equal(catalogue_load(&cat, path), 0);
	expect_diag(&diags, "");
	assert_int_equal(cat.n, 2);
	assert_int_equal(cat.v[0].code, 100);
	assert_int_equal(cat.v[0].line, 4);
	assert_int_equal(cat.v[1].code, 200);
	assert_int_equal(cat.v[1].line, 3);
	assert_string_equal(catalogue_find(&cat, 200)->zh, "二");
	catalogue_free(&cat);
	remove_file(path);
}

static void
test_crlf(void **state)
{
	static const char text[] =
	    "# comment\r\n"
	    "\r\n"
	    "100\ttablet\tkTableIsNotExist\ttable is not exist\t"
	    "表不存在\r\n"
	    "101\ttablet\tkTableAlreadyExists\ttable already exists\t"
	    "表已经存在\r\n";
	struct catalogue cat = { 0 };
	const struct code_info *ci;
	char *path;

	(void)state;
	path = scratch_text(text);
	assert_int_equal(catalogue_load(&cat, path), 0);
	expect_diag(&diags, "");
	assert_int_equal(cat.n, 2);
	ci = catalogue_find(&cat, 101);
	assert_non_null(ci);
	assert_string_equal(ci->zh, "表已经存在");
	assert_int_equal(ci->line, 4);
	assert_string_equal(catalogue_find(&cat, 100)->zh, "表不存在");
	catalogue_free(&cat);
	remove_file(path);
}

static void
test_no_final_newline(void **state)
{
	static const char text[] = "7\tnone\tkSeven\tseven\t七";
	struct catalogue cat = { 0 };
	char *path;

	(void)state;
	path = scratch_text(text);
	assert_int_equal(catalogue_load(&cat, path), 0);
	expect_diag(&diags, "");
	assert_int_equal(cat.n, 1);
	assert_string_equal(cat.v[0].zh, "七");
	catalogue_free(&cat);
	remove_file(path);
}

static void
test_duplicate_code(void **state)
{
	static const char text[] =
	    "# codes\n"
	    "100\ttablet\tkA\ta\t甲\n"
	    "100\ttablet\tkB\tb\t乙\n";

	(void)state;
	load_bad(text, strlen(text),
	    "rcannotate: @:3: duplicate code 100 (first on line 2)\n");
}

static void
test_duplicate_name(void **state)
{
	static const char text[] =
	    "100\ttablet\tkA\ta\t甲\n"
	    "101\ttablet\tkB\tb\t乙\n"
	    "\n"
	    "102\ttablet\tkA\tc\t丙\n";

	(void)state;
	load_bad(text, strlen(text),
	    "rcannotate: @:4: duplicate name kA (first on line 1)\n");
}

static void
test_missing_field(void **state)
{
	static const char text[] =
	    "100\ttablet\tkA\ta\t甲\n"
	    "101\ttablet\tkB\tb\n";

	(void)state;
	load_bad(text, strlen(text), "rcannotate: @:2: expected 5 "
	    "tab-separated fields, found 4\n");
}

static void
test_extra_field(void **state)
{
	static const char text[] = "100\ttablet\tkA\ta\t甲\textra\n";

	(void)state;
	load_bad(text, strlen(text), "rcannotate: @:1: expected 5 "
	    "tab-separated fields, found 6\n");
}

static void
test_empty_field(void **state)
{
	static const char name[] = "100\ttablet\t\ta\t甲\n";
	static const char zh[] = "100\ttablet\tkA\ta\t\n";
	static const char code[] = "\ttablet\tkA\ta\t甲\n";

	(void)state;
	load_bad(name, strlen(name), "rcannotate: @:1: missing name\n");
	load_bad(zh, strlen(zh),
	    "rcannotate: @:1: missing Chinese message\n");
	load_bad(code, strlen(code), "rcannotate: @:1: missing code\n");
}

static void
test_spaces(void **state)
{
	static const char text[] =
	    "100\ttablet\tkA\ttable is not exist \t甲\n";

	(void)state;
	load_bad(text, strlen(text), "rcannotate: @:1: English message has "
	    "leading or trailing spaces\n");
}

static void
test_invalid_utf8(void **state)
{
	/* The 0xff is byte 20 of line 2, after the 3 bytes of "乙". */
	static const char text[] =
	    "100\ttablet\tkA\ta\t甲\n"
	    "101\ttablet\tkB\tb\t乙\xff\n";
	/* A truncated sequence at the very end of the line. */
	static const char cut[] = "101\ttablet\tkB\tb\t\xe4\xb9\n";
	/* An overlong "/" in the English column. */
	static const char overlong[] = "101\ttablet\tkB\t\xc0\xaf\t乙\n";

	(void)state;
	load_bad(text, strlen(text),
	    "rcannotate: @:2:20: invalid UTF-8\n");
	load_bad(cut, strlen(cut), "rcannotate: @:1:17: invalid UTF-8\n");
	load_bad(overlong, strlen(overlong),
	    "rcannotate: @:1:15: invalid UTF-8\n");
}

static void
test_invalid_code(void **state)
{
	static const char alpha[] = "10a\ttablet\tkA\ta\t甲\n";
	static const char sign[] = "-1\ttablet\tkA\ta\t甲\n";
	static const char zero[] = "0100\ttablet\tkA\ta\t甲\n";
	static const char big[] = "1000000\ttablet\tkA\ta\t甲\n";

	(void)state;
	load_bad(alpha, strlen(alpha),
	    "rcannotate: @:1: invalid code '10a'\n");
	load_bad(sign, strlen(sign),
	    "rcannotate: @:1: invalid code '-1'\n");
	load_bad(zero, strlen(zero),
	    "rcannotate: @:1: invalid code '0100'\n");
	load_bad(big, strlen(big),
	    "rcannotate: @:1: invalid code '1000000'\n");
}

static void
test_invalid_subsystem_and_name(void **state)
{
	static const char sub[] = "100\tTablet\tkA\ta\t甲\n";
	static const char name[] = "100\ttablet\tk-A\ta\t甲\n";

	(void)state;
	load_bad(sub, strlen(sub),
	    "rcannotate: @:1: invalid subsystem 'Tablet'\n");
	load_bad(name, strlen(name),
	    "rcannotate: @:1: invalid name 'k-A'\n");
	load_bad("100\ttablet\t1bad\ta\tb\n", 20,
	    "rcannotate: @:1: invalid name '1bad'\n");
	load_bad("100\t-tablet\tkA\ta\tb\n", 19,
	    "rcannotate: @:1: invalid subsystem '-tablet'\n");
}

static void
test_missing_file(void **state)
{
	struct catalogue cat = { 0 };
	char *path, *expected;

	(void)state;
	path = format("%s/does-not-exist.tsv", SCRATCH_DIR);
	assert_int_equal(catalogue_load(&cat, path), -1);
	assert_int_equal(cat.n, 0);
	expected = subst("rcannotate: cannot open @: No such file or "
	    "directory\n", path);
	expect_diag(&diags, expected);
	free(expected);
	free(path);
}

static void
test_directory(void **state)
{
	struct catalogue cat = { 0 };

	(void)state;
	assert_int_equal(catalogue_load(&cat, PATTERNS_DIR), -1);
	expect_diag(&diags, "rcannotate: cannot open " PATTERNS_DIR
	    ": Is a directory\n");
}

static void
test_empty_file(void **state)
{
	static const char comments[] = "# only a comment\n\n\r\n";

	(void)state;
	load_bad("", 0, "rcannotate: @: no return codes\n");
	load_bad(comments, strlen(comments),
	    "rcannotate: @: no return codes\n");
}

/* Every bad line is reported, not just the first one. */
static void
test_all_errors_reported(void **state)
{
	static const char text[] =
	    "100\ttablet\tkA\ta\t甲\n"
	    "10a\ttablet\tkB\tb\t乙\n"
	    "102\ttablet\tkC\tc\n"
	    "103\ttablet\tkD\td\t\xff\n"
	    "104\ttablet\tkE\te\t戊\n";

	(void)state;
	load_bad(text, strlen(text),
	    "rcannotate: @:2: invalid code '10a'\n"
	    "rcannotate: @:3: expected 5 tab-separated fields, found 4\n"
	    "rcannotate: @:4:17: invalid UTF-8\n");
}

static void
test_all_duplicates_reported(void **state)
{
	static const char text[] =
	    "100\ttablet\tkA\ta\t甲\n"
	    "100\ttablet\tkB\tb\t乙\n"
	    "101\ttablet\tkA\tc\t丙\n"
	    "100\ttablet\tkD\td\t丁\n";

	(void)state;
	load_bad(text, strlen(text),
	    "rcannotate: @:2: duplicate code 100 (first on line 1)\n"
	    "rcannotate: @:3: duplicate name kA (first on line 1)\n"
	    "rcannotate: @:4: duplicate code 100 (first on line 1)\n");
}

/*
 * A duplicate among the good lines is a problem too, and the contract
 * (catalogue.h) is to report every problem before failing.
 */
static void
test_duplicate_and_bad_line(void **state)
{
	static const char text[] =
	    "100\ttablet\tkA\ta\t甲\n"
	    "10a\ttablet\tkB\tb\t乙\n"
	    "100\ttablet\tkC\tc\t丙\n";

	(void)state;
	load_bad(text, strlen(text),
	    "rcannotate: @:2: invalid code '10a'\n"
	    "rcannotate: @:3: duplicate code 100 (first on line 1)\n");
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_real_catalogue),
		TEST(test_line_numbers),
		TEST(test_crlf),
		TEST(test_no_final_newline),
		TEST(test_duplicate_code),
		TEST(test_duplicate_name),
		TEST(test_missing_field),
		TEST(test_extra_field),
		TEST(test_empty_field),
		TEST(test_spaces),
		TEST(test_invalid_utf8),
		TEST(test_invalid_code),
		TEST(test_invalid_subsystem_and_name),
		TEST(test_missing_file),
		TEST(test_directory),
		TEST(test_empty_file),
		TEST(test_all_errors_reported),
		TEST(test_all_duplicates_reported),
		TEST(test_duplicate_and_bad_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
