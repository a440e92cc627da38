/* SPDX-License-Identifier: MIT */
/*
 * Tests of prefilter.c: which literals are derived from a pattern (and
 * when none are), and that a line holding no literal is rejected while
 * every line a default rule matches is kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "matcher.h"
#include "prefilter.h"
#include "rules.h"
#include "util.h"

/* Derive from pattern; compare the '\n'-joined literals. */
static void
derives(const char *pattern, const char *want)
{
	struct buf out = { 0 };
	size_t n, lines = 1;
	const char *p;

	n = prefilter_derive(pattern, &out);
	if (want == NULL) {
		assert_int_equal(n, 0);
		assert_int_equal(out.len, 0);
	} else {
		for (p = want; *p != '\0'; p++)
			lines += *p == '\n';
		assert_string_equal(buf_cstr(&out), want);
		assert_int_equal(n, lines);
	}
	buf_free(&out);
}

static void
test_literal_runs(void **state)
{
	(void)state;
	derives("table is leader", "table is leader");
	derives("\\btable is leader\\b", "table is leader");
	derives("^abcd$", "abcd");
	derives("ReturnCode\\[(-?\\d+)\\]", "ReturnCode[");
	derives("\\x41BCD", "ABCD");
	derives("a\\tbcd", "a\tbcd");
	derives("\\bSet resp: (-?\\d+),", "Set resp: ");
	derives("表不存在", "表不存在");
	derives("[abc]defg", "defg");
	derives("abc.defgh", "defgh");
	derives("ab\\d+cdefg", "cdefg");
}

static void
test_quantifiers(void **state)
{
	(void)state;
	derives("abcd?efgh", "efgh");
	derives("abcde+fgh", "abcde");
	derives("abcd{2}xy", "abcd");
	derives("xyzw{0,3}abcde", "abcde");
	derives("abc{x}defg", "abc{x}defg");
	derives("(?:abcd)+", "abcd");
	derives("(?:abcd)?efghij", "efghij");
	derives("(?:abcd)*?efghij", "efghij");
	derives("a(?:bcde){1,}", "bcde");
}

static void
test_groups(void **state)
{
	(void)state;
	derives("x(?:is not|does not|doesn`t) +exist",
	    "is not\ndoes not\ndoesn`t");
	derives("(?:abcd|ef)ghij", "ghij");
	derives("x(?:abcdef|ghijkl) exist", " exist");
	derives("(?:abcdef|ghijkl)xy", "abcdef\nghijkl");
	derives("(?<name>abcdef)", "abcdef");
	derives("(?|abcd|efgh)", "abcd\nefgh");
	derives("abcdefgh|ijklmnop", "abcdefgh\nijklmnop");
	derives("(?#comment)abcd", NULL);
	derives("x(?=abcdef)", NULL);
	derives("x(?<!abcdef)yz", NULL);
	derives("abcdef(?=x)", "abcdef");
}

/* Anything the parser does not understand gives no literal at all. */
static void
test_gives_up(void **state)
{
	(void)state;
	derives("abc", NULL);
	derives("(?i)table is leader", NULL);
	derives("\\Qtable\\E", NULL);
	derives("caf\\xe9 noir", NULL);
	derives("\\x{41}BCD", NULL);
	derives("(*UTF)abcd", NULL);
	derives("(abcd)\\1", NULL);
	derives("abcd|x", NULL);
	derives("abcd)", NULL);
	derives("(abcd", NULL);
	derives("[abcd", NULL);
	derives("\\p{L}abcd", NULL);
}

static void
test_scan(void **state)
{
	struct prefilter pf = { 0 };

	(void)state;
	assert_true(prefilter_add(&pf, "\\btable is leader\\b"));
	assert_true(prefilter_add(&pf, "ReturnCode\\[(-?\\d+)\\]"));
	prefilter_build(&pf);
	assert_true(prefilter_maybe(&pf, "table is leader", 15));
	assert_true(prefilter_maybe(&pf, "x table is leader!", 18));
	assert_true(prefilter_maybe(&pf, "ReturnCode[", 11));
	assert_true(prefilter_maybe(&pf, "\xff\0ReturnCode[1]", 16));
	assert_false(prefilter_maybe(&pf, "table is leade", 14));
	assert_false(prefilter_maybe(&pf, "able is leader", 14));
	assert_false(prefilter_maybe(&pf, "ReturnCode(", 11));
	assert_false(prefilter_maybe(&pf, "abc", 3));
	assert_false(prefilter_maybe(&pf, "", 0));
	prefilter_free(&pf);

	assert_false(prefilter_add(&pf, "(?i)abcd"));
	prefilter_build(&pf);
	assert_true(prefilter_maybe(&pf, "", 0));
	prefilter_free(&pf);
}

/* Each default rule yields literals, and every real line it matches
 * passes the prefilter. */
static void
test_default_rules(void **state)
{
	struct catalogue cat = { 0 };
	struct ruleset set = { 0 };
	struct matcher *m;
	struct buf out = { 0 };
	struct hit h;
	char line[8192], text[600];
	FILE *f;
	size_t i, len;

	(void)state;
	assert_int_equal(catalogue_load(&cat, PATTERNS_DIR "/codes.tsv"), 0);
	assert_int_equal(rules_load_dir(&set, PATTERNS_DIR, &cat), 0);
	for (i = 0; i < set.n; i++) {
		if (set.v[i].kind == RULE_PREFIX)
			continue;
		buf_clear(&out);
		if (prefilter_derive(set.v[i].pattern, &out) == 0)
			fail_msg("no literal for %s", set.v[i].pattern);
	}
	m = matcher_new(&set, true);
	assert_non_null(m);
	f = fopen(REAL_LINES, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		len = strcspn(line, "\n");
		if (matcher_find(m, line, len, 0, &h) == 1)
			assert_true(matcher_may_match(m, line, len));
	}
	fclose(f);
	for (i = 0; i < cat.n; i++) {
		snprintf(text, sizeof(text), "x %s.", cat.v[i].en);
		if (cat.v[i].code != 0)
			assert_true(matcher_may_match(m, text, strlen(text)));
	}
	assert_false(matcher_may_match(m, "I1011 08:51:26.390326   159 "
	    "tablet_impl.cc:3361] start creating table tid[4] pid[0]", 79));
	matcher_free(m);
	rules_free(&set);
	catalogue_free(&cat);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_runs),
		cmocka_unit_test(test_quantifiers),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_gives_up),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_default_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
