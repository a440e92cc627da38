/* SPDX-License-Identifier: MIT */
/*
 * Tests of rules.c (reading and checking rule files and directories) and
 * of the pattern checks matcher_new makes on them: PCRE2 errors at their
 * line and column, number rules without a group, patterns that can match
 * an empty string.  Every diagnostic is compared byte for byte.
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

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "matcher.h"
#include "rules.h"
#include "util.h"

static struct catalogue cat;
static struct buf diags;

static int
group_setup(void **state)
{
	(void)state;
	diag_capture(&diags);
	if (catalogue_load(&cat, PATTERNS_DIR "/codes.tsv") != 0)
		return -1;
	return diags.len == 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	catalogue_free(&cat);
	diag_capture(NULL);
	buf_free(&diags);
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	buf_clear(&diags);
	return 0;
}

/*
 * Load text as a rule file; check the return value and that exactly the
 * expected messages came out ("@" stands for the file name).
 */
static void
load(struct ruleset *set, const char *text, size_t len, int rc,
    const char *expected)
{
	char *path, *msg;
	int got;

	path = scratch_file(text, len);
	got = rules_load(set, path, &cat);
	msg = subst(expected, path);
	assert_string_equal(set->files[set->nfiles - 1], path);
	remove_file(path);
	assert_int_equal(got, rc);
	expect_diag(&diags, msg);
	free(msg);
}

static void
load_bad(const char *text, const char *expected)
{
	struct ruleset set = { 0 };

	load(&set, text, strlen(text), -1, expected);
	rules_free(&set);
}

/*
 * Load text as a rule file, which must pass rules_load, and check that
 * matcher_new rejects it with exactly the expected messages.
 */
static void
compile_bad(const char *text, const char *expected)
{
	struct ruleset set = { 0 };
	struct matcher *m;
	bool accepted[2];
	char *path, *msg, *got[2];
	int rc, j;

	path = scratch_text(text);
	rc = rules_load(&set, path, &cat);
	msg = subst(expected, path);
	remove_file(path);
	assert_int_equal(rc, 0);
	expect_diag(&diags, "");
	for (j = 0; j < 2; j++) {
		m = matcher_new(&set, j == 0);
		accepted[j] = m != NULL;
		got[j] = xstrdup(buf_cstr(&diags));
		buf_clear(&diags);
		matcher_free(m);
	}
	rules_free(&set);
	for (j = 0; j < 2; j++) {
		if (accepted[j])
			fail_msg("matcher_new (JIT %s) accepted \"%s\"",
			    j == 0 ? "on" : "off", text);
		assert_string_equal(got[j], msg);
		free(got[j]);
	}
	free(msg);
}

static void
check_rule(const struct rule *r, enum rule_kind kind, long code,
    const char *pattern, unsigned line, unsigned column)
{
	assert_int_equal(r->kind, kind);
	assert_int_equal(r->code, code);
	assert_string_equal(r->pattern, pattern);
	assert_int_equal(r->line, line);
	assert_int_equal(r->column, column);
}

static void
test_good_file(void **state)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "text 100 \\btable is not exist\\b\n"
	    "number\t-\tReturnCode\\[(-?\\d+)\\]  \r\n"
	    "  prefix  -   \\d+\\x20\n"
	    "   \t \n"
	    "  # an indented comment\n"
	    "text 701 a b\tc \t\n"
	    "text\t307\t#not a comment";
	struct ruleset set = { 0 };
	struct matcher *m;

	(void)state;
	load(&set, text, sizeof(text) - 1, 0, "");
	assert_int_equal(set.n, 5);
	assert_int_equal(set.nfiles, 1);
	check_rule(&set.v[0], RULE_TEXT, 100, "\\btable is not exist\\b",
	    3, 10);
	check_rule(&set.v[1], RULE_NUMBER, -1, "ReturnCode\\[(-?\\d+)\\]",
	    4, 10);
	check_rule(&set.v[2], RULE_PREFIX, -1, "\\d+\\x20", 5, 15);
	check_rule(&set.v[3], RULE_TEXT, 701, "a b\tc", 8, 10);
	check_rule(&set.v[4], RULE_TEXT, 307, "#not a comment", 9, 10);
	assert_ptr_equal(set.v[0].file, set.files[0]);
	assert_ptr_equal(set.v[4].file, set.files[0]);

	m = matcher_new(&set, true);
	assert_non_null(m);
	expect_diag(&diags, "");
	matcher_free(m);

	rules_free(&set);
	assert_null(set.v);
	assert_int_equal(set.n, 0);
	assert_null(set.files);
	assert_int_equal(set.nfiles, 0);
}

/* rules_load appends to the set; each rule keeps its own file. */
static void
test_two_files(void **state)
{
	struct ruleset set = { 0 };

	(void)state;
	load(&set, "text 100 one\n", 13, 0, "");
	load(&set, "\ntext 101 two\n", 14, 0, "");
	assert_int_equal(set.n, 2);
	assert_int_equal(set.nfiles, 2);
	assert_ptr_equal(set.v[0].file, set.files[0]);
	assert_ptr_equal(set.v[1].file, set.files[1]);
	check_rule(&set.v[0], RULE_TEXT, 100, "one", 1, 10);
	check_rule(&set.v[1], RULE_TEXT, 101, "two", 2, 10);
	rules_free(&set);
}

static void
test_real_rules(void **state)
{
	struct ruleset set = { 0 };
	struct matcher *m;
	size_t i, kinds[3] = { 0 };

	(void)state;
	assert_int_equal(rules_load_dir(&set, PATTERNS_DIR, &cat), 0);
	expect_diag(&diags, "");
	assert_int_equal(set.nfiles, 1);
	assert_string_equal(set.files[0], PATTERNS_DIR "/default.rules");
	assert_int_equal(set.n, 132);
	for (i = 0; i < set.n; i++) {
		kinds[set.v[i].kind]++;
		if (set.v[i].kind == RULE_TEXT)
			assert_non_null(catalogue_find(&cat, set.v[i].code));
		else
			assert_int_equal(set.v[i].code, -1);
	}
	assert_int_equal(kinds[RULE_PREFIX], 6);
	assert_int_equal(kinds[RULE_NUMBER], 5);
	assert_int_equal(kinds[RULE_TEXT], 121);
	m = matcher_new(&set, true);
	assert_non_null(m);
	matcher_free(m);
	m = matcher_new(&set, false);
	assert_non_null(m);
	matcher_free(m);
	expect_diag(&diags, "");
	rules_free(&set);
}

static void
test_unknown_kind(void **state)
{
	(void)state;
	load_bad("txt 100 foo\n", "rcannotate: @:1:1: unknown rule kind "
	    "'txt' (expected text, number or prefix)\n");
	load_bad("\n   Text 100 foo\n", "rcannotate: @:2:4: unknown rule "
	    "kind 'Text' (expected text, number or prefix)\n");
	load_bad("\ttexts 100 foo\n", "rcannotate: @:1:2: unknown rule "
	    "kind 'texts' (expected text, number or prefix)\n");
}

static void
test_text_code_not_in_catalogue(void **state)
{
	(void)state;
	load_bad("text 999 foo\n",
	    "rcannotate: @:1:6: code is not in the catalogue\n");
	load_bad("text   113 foo\n",
	    "rcannotate: @:1:8: code is not in the catalogue\n");
	load_bad("text 999999 foo\n",
	    "rcannotate: @:1:6: code is not in the catalogue\n");
}

static void
test_text_code_zero(void **state)
{
	(void)state;
	load_bad("text 0 ok\n", "rcannotate: @:1:6: code 0 means success "
	    "and is never annotated\n");
}

static void
test_text_invalid_code(void **state)
{
	(void)state;
	load_bad("text abc foo\n", "rcannotate: @:1:6: invalid code\n");
	load_bad("text - foo\n", "rcannotate: @:1:6: invalid code\n");
	load_bad("text -100 foo\n", "rcannotate: @:1:6: invalid code\n");
	load_bad("text 0100 foo\n", "rcannotate: @:1:6: invalid code\n");
	load_bad("text 10a foo\n", "rcannotate: @:1:6: invalid code\n");
	load_bad("text 1000000 foo\n", "rcannotate: @:1:6: invalid code\n");
}

static void
test_number_with_code(void **state)
{
	(void)state;
	load_bad("number 100 ReturnCode\\[(\\d+)\\]\n", "rcannotate: "
	    "@:1:8: expected '-' as the code of a number or prefix rule\n");
	load_bad("number -- ReturnCode\\[(\\d+)\\]\n", "rcannotate: "
	    "@:1:8: expected '-' as the code of a number or prefix rule\n");
	load_bad("prefix x \\d+ \n", "rcannotate: "
	    "@:1:8: expected '-' as the code of a number or prefix rule\n");
}

static void
test_missing_pattern(void **state)
{
	(void)state;
	load_bad("text 100\n", "rcannotate: @:1:9: missing pattern\n");
	load_bad("text 100 \t \n", "rcannotate: @:1:9: missing pattern\n");
	load_bad("number -\r\n", "rcannotate: @:1:9: missing pattern\n");
	load_bad("text\n", "rcannotate: @:1:5: missing code\n");
	load_bad("  prefix \n", "rcannotate: @:1:9: missing code\n");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	load_bad("text 100 caf\xc3 x\n",
	    "rcannotate: @:1:13: invalid UTF-8\n");
	load_bad("# ok\ntext 100 \xff\n",
	    "rcannotate: @:2:10: invalid UTF-8\n");
	/* Checked before anything else on the line. */
	load_bad("txt\xe2\x82 100 x\n", "rcannotate: @:1:4: invalid UTF-8\n");
	/* A surrogate (U+D800) is not UTF-8. */
	load_bad("text 100 \xed\xa0\x80\n",
	    "rcannotate: @:1:10: invalid UTF-8\n");
}

/* All bad lines of a file are reported, each at its own line. */
static void
test_all_errors_reported(void **state)
{
	(void)state;
	load_bad("text 100 good\n"
	    "txt 100 foo\n"
	    "text 999 foo\n"
	    "text 100 fine\n"
	    "number 5 (\\d+)\n"
	    "text 100\n"
	    "text 100 \xff\n",
	    "rcannotate: @:2:1: unknown rule kind 'txt' (expected text, "
	    "number or prefix)\n"
	    "rcannotate: @:3:6: code is not in the catalogue\n"
	    "rcannotate: @:5:8: expected '-' as the code of a number or "
	    "prefix rule\n"
	    "rcannotate: @:6:9: missing pattern\n"
	    "rcannotate: @:7:10: invalid UTF-8\n");
}

static void
test_missing_file(void **state)
{
	struct ruleset set = { 0 };
	char *path, *msg;

	(void)state;
	path = format("%s/no-such.rules", SCRATCH_DIR);
	assert_int_equal(rules_load(&set, path, &cat), -1);
	assert_int_equal(set.n, 0);
	msg = subst("rcannotate: cannot open @: No such file or directory\n",
	    path);
	expect_diag(&diags, msg);
	free(msg);
	free(path);
	rules_free(&set);
}

static void
test_bad_regex(void **state)
{
	(void)state;
	/* "ab(c" starts at column 10; PCRE2 reports offset 4. */
	compile_bad("text 100 ab(c\n",
	    "rcannotate: @:1:14: missing closing parenthesis\n");
	compile_bad("# x\n\nnumber\t-\t\ta)(\\d+)\n",
	    "rcannotate: @:3:12: unmatched closing parenthesis\n");
	compile_bad("  text 100   ab[c  \n",
	    "rcannotate: @:1:18: missing terminating ] for character "
	    "class\n");
	compile_bad("prefix - x{2,1}\n", "rcannotate: @:1:15: numbers out "
	    "of order in {} quantifier\n");
	compile_bad("text 100 abc\\\n",
	    "rcannotate: @:1:14: \\ at end of pattern\n");
}

/* Every bad pattern is reported, not just the first. */
static void
test_bad_regexes_all_reported(void **state)
{
	(void)state;
	compile_bad("text 100 ab(c\n"
	    "text 101 fine\n"
	    "number - ReturnCode\n"
	    "text 102 (?:x)*\n"
	    "prefix - [\n",
	    "rcannotate: @:1:14: missing closing parenthesis\n"
	    "rcannotate: @:3:10: number rule needs a group that captures "
	    "the code\n"
	    "rcannotate: @:4:10: pattern can match an empty string\n"
	    "rcannotate: @:5:11: missing terminating ] for character "
	    "class\n");
}

static void
test_number_without_group(void **state)
{
	(void)state;
	compile_bad("number - ReturnCode\\[-?\\d+\\]\n",
	    "rcannotate: @:1:10: number rule needs a group that captures "
	    "the code\n");
	compile_bad("number - code (?:\\d+)\n",
	    "rcannotate: @:1:10: number rule needs a group that captures "
	    "the code\n");
}

static void
test_empty_match(void **state)
{
	struct ruleset set = { 0 };
	struct matcher *m;
	char *path;

	(void)state;
	compile_bad("text 100 a*\n",
	    "rcannotate: @:1:10: pattern can match an empty string\n");
	compile_bad("number - (\\d*)\n",
	    "rcannotate: @:1:10: pattern can match an empty string\n");
	compile_bad("text\t100\t\\b|x\n",
	    "rcannotate: @:1:10: pattern can match an empty string\n");

	/* A prefix may match nothing. */
	path = scratch_text("prefix - \\s*\ntext 100 x\n");
	assert_int_equal(rules_load(&set, path, &cat), 0);
	m = matcher_new(&set, true);
	assert_non_null(m);
	expect_diag(&diags, "");
	matcher_free(m);
	rules_free(&set);
	remove_file(path);
}

/*
 * A lookahead alone matches an empty string too, though PCRE2 gives it a
 * minimum length.  Accepted, it inserts its annotation before the text,
 * where a second run no longer finds it: rcannotate would not be
 * idempotent.
 */
/*
 * A lookaround-only rule cannot be refused by its minimum length (5 for
 * "(?=table)"), so the annotator ignores its empty matches instead.
 */
static void
test_empty_match_lookahead(void **state)
{
	struct ruleset set = { 0 };
	struct annotator *a;
	struct matcher *m;
	struct buf out = { 0 };
	char *path;

	(void)state;
	path = scratch_text("text 100 (?=table)\n");
	assert_int_equal(rules_load(&set, path, &cat), 0);
	m = matcher_new(&set, true);
	assert_non_null(m);
	a = annotator_new(&cat, &set, m, TEMPLATE_DEFAULT, LANG_EN,
	    false);
	assert_int_equal(annotate_line(a, "foo table x", 11, &out), 0);
	assert_string_equal(buf_cstr(&out), "foo table x");
	expect_diag(&diags, "");
	annotator_free(a);
	matcher_free(m);
	rules_free(&set);
	buf_free(&out);
	remove_file(path);
}

/* \C could split a UTF-8 character: PCRE2 refuses it for us. */
static void
test_backslash_c(void **state)
{
	(void)state;
	compile_bad("text 100 ab\\Ccd\n", "rcannotate: @:1:14: using \\C "
	    "is disabled by the application\n");
}

/*
 * Each rule runs alone, so verbs, marks and named groups in one rule
 * cannot disturb another (they did when rules were joined).
 */
static void
test_rules_stay_apart(void **state)
{
	struct ruleset set = { 0 };
	struct annotator *a;
	struct matcher *m;
	struct buf out = { 0 };
	char *path;

	(void)state;
	path = scratch_text("text 100 \\bfoo(*MARK:99999999)\n"
	    "text 101 zzfoo(*COMMIT)bar\n"
	    "text 310 (?<x>no alive) follower\n"
	    "number - ReturnCode\\[(-?\\d+)\\]\n"
	    "text 102 (?#[)t(*COMMIT)able is leader\n");
	assert_int_equal(rules_load(&set, path, &cat), 0);
	m = matcher_new(&set, true);
	assert_non_null(m);
	expect_diag(&diags, "");
	a = annotator_new(&cat, &set, m, " <{code}>", LANG_EN, false);
	annotate_line(a, "foo", 3, &out);
	annotate_line(a, " zzfoo x table is leader, no alive follower", 43,
	    &out);
	annotate_line(a, " zzfoo x ReturnCode[101]", 24, &out);
	assert_string_equal(buf_cstr(&out), "foo <100> zzfoo x table is "
	    "leader <102>, no alive follower <310> zzfoo x ReturnCode[101] "
	    "<101>");
	annotator_free(a);
	matcher_free(m);
	rules_free(&set);
	buf_free(&out);
	remove_file(path);
}

/*
 * More rules than one PCRE2 pattern holds are split over several; the
 * leftmost match still wins whichever chunk holds it.
 */
static void
test_many_rules(void **state)
{
	struct ruleset set = { 0 };
	struct annotator *a;
	struct matcher *m;
	struct buf text = { 0 }, out = { 0 };
	char line[64], *path;
	int i;

	(void)state;
	for (i = 0; i < 3000; i++) {
		snprintf(line, sizeof(line), "text %d \\bword%dxyz\\b\n",
		    i == 2999 ? 101 : 100, i);
		buf_append_str(&text, line);
	}
	path = scratch_file(text.data, text.len);
	assert_int_equal(rules_load(&set, path, &cat), 0);
	m = matcher_new(&set, true);
	assert_non_null(m);
	expect_diag(&diags, "");
	a = annotator_new(&cat, &set, m, TEMPLATE_DEFAULT, LANG_EN,
	    false);
	annotate_line(a, "x word2999xyz word5xyz", 22, &out);
	assert_string_equal(buf_cstr(&out), "x word2999xyz [tablet 101: "
	    "table already exists] word5xyz [tablet 100: table is not exist]");
	annotator_free(a);
	matcher_free(m);
	rules_free(&set);
	buf_free(&text);
	buf_free(&out);
	remove_file(path);
}

static void
test_dir_without_rules(void **state)
{
	struct ruleset set = { 0 };
	char *dir, *f[5], *msg;
	int i;

	(void)state;
	dir = scratch_dir();
	assert_int_equal(rules_load_dir(&set, dir, &cat), -1);
	msg = subst("rcannotate: @: no rule files (*.rules)\n", dir);
	expect_diag(&diags, msg);

	/* None of these is a rule file. */
	f[0] = write_file(dir, "codes.tsv", "x", 1);
	f[1] = write_file(dir, ".hidden.rules", "text 100 x\n", 11);
	f[2] = write_file(dir, ".rules", "text 100 x\n", 11);
	f[3] = write_file(dir, "a.rules~", "text 100 x\n", 11);
	f[4] = write_file(dir, "rules", "text 100 x\n", 11);
	assert_int_equal(rules_load_dir(&set, dir, &cat), -1);
	expect_diag(&diags, msg);
	assert_int_equal(set.n, 0);
	assert_int_equal(set.nfiles, 0);
	for (i = 0; i < 5; i++)
		remove_file(f[i]);
	free(msg);
	remove_dir(dir);
	rules_free(&set);
}

static void
test_dir_missing(void **state)
{
	struct ruleset set = { 0 };
	char *dir, *msg;

	(void)state;
	dir = format("%s/no-such-dir", SCRATCH_DIR);
	assert_int_equal(rules_load_dir(&set, dir, &cat), -1);
	msg = subst("rcannotate: cannot open @: No such file or directory\n",
	    dir);
	expect_diag(&diags, msg);
	free(msg);
	free(dir);
}

/* Files are read in name order; errors in each are all reported. */
static void
test_dir_order_and_errors(void **state)
{
	struct ruleset set = { 0 };
	char *dir, *a, *b, *c, *msg;

	(void)state;
	dir = scratch_dir();
	b = write_file(dir, "b.rules", "text 101 bee\n", 13);
	a = write_file(dir, "a.rules", "text 100 ay\n", 12);
	c = write_file(dir, "c.rules.txt", "text 102 no\n", 12);
	assert_int_equal(rules_load_dir(&set, dir, &cat), 0);
	expect_diag(&diags, "");
	assert_int_equal(set.nfiles, 2);
	assert_string_equal(set.files[0], a);
	assert_string_equal(set.files[1], b);
	assert_int_equal(set.n, 2);
	check_rule(&set.v[0], RULE_TEXT, 100, "ay", 1, 10);
	check_rule(&set.v[1], RULE_TEXT, 101, "bee", 1, 10);
	rules_free(&set);
	remove_file(a);
	remove_file(b);

	a = write_file(dir, "a.rules", "text 999 x\n", 11);
	b = write_file(dir, "b.rules", "\nbad 100 x\n", 11);
	assert_int_equal(rules_load_dir(&set, dir, &cat), -1);
	msg = format("rcannotate: %s:1:6: code is not in the catalogue\n"
	    "rcannotate: %s:2:1: unknown rule kind 'bad' (expected text, "
	    "number or prefix)\n", a, b);
	expect_diag(&diags, msg);
	free(msg);
	rules_free(&set);
	remove_file(a);
	remove_file(b);
	remove_file(c);
	remove_dir(dir);
}

/* A capture of messages holds 64 KiB of them at most. */
static void
test_capture_bounded(void **state)
{
	struct buf sink = { 0 }, *old;
	int i;

	(void)state;
	old = diag_capture(&sink);
	for (i = 0; i < 10000; i++)
		diag("message %05d of a flood that nobody reads", i);
	diag_capture(old);
	assert_true(sink.len >= 64 * 1024 && sink.len < 65 * 1024);
	assert_memory_equal(sink.data, "rcannotate: message 00000 of", 28);
	buf_free(&sink);
}

#define TEST(f) cmocka_unit_test_setup(f, setup)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_good_file),
		TEST(test_two_files),
		TEST(test_real_rules),
		TEST(test_unknown_kind),
		TEST(test_text_code_not_in_catalogue),
		TEST(test_text_code_zero),
		TEST(test_text_invalid_code),
		TEST(test_number_with_code),
		TEST(test_missing_pattern),
		TEST(test_invalid_utf8),
		TEST(test_all_errors_reported),
		TEST(test_missing_file),
		TEST(test_bad_regex),
		TEST(test_bad_regexes_all_reported),
		TEST(test_number_without_group),
		TEST(test_empty_match),
		TEST(test_empty_match_lookahead),
		TEST(test_backslash_c),
		TEST(test_rules_stay_apart),
		TEST(test_many_rules),
		TEST(test_dir_without_rules),
		TEST(test_dir_missing),
		TEST(test_dir_order_and_errors),
		TEST(test_capture_bounded),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
