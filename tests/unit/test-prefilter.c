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

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

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
	    "xis not \nxdoes not \nxdoesn`t ");
	derives("\\btable (?:is|was) not(?:x|y)z",
	    "table is notxz\ntable is notyz\ntable was notxz\n"
	    "table was notyz");
	derives("a(?:bc(?:de|fg)|hi)jk", "abcdejk\nabcfgjk\nahijk");
	derives("(?:abcd|ef)ghij", "abcdghij\nefghij");
	derives("x(?:abcdef|ghijkl) exist", "xabcdef exist\nxghijkl exist");
	derives("(?:ab|cd)+efgh", "efgh");
	derives("(?:ab|c.)efgh", "efgh");
	/* A group that is not plain text, but ends in it, hands on its
	 * endings; an optional one the run before it as well. */
	derives("table(?:\\[[^\\]]*\\])? is not",
	    "table is not\n] is not");
	derives("x(?:a\\d+bcd)efgh", "bcdefgh");
	derives("x(?:a\\d+bcd|e\\d+fg)hijk", "bcdhijk\nfghijk");
	derives("(?:ab\\d+cd)+efgh", "efgh");
	derives("(?:ab\\d+cd)?efghij", "efghij");
	derives("abcdefgh(?:\\d+x)?ij", "abcdefgh");
	derives("(?:abcdef|ghijkl)xy", "abcdefxy\nghijklxy");
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
	derives("zz\\N{U+63}defghijk", NULL);
}

/* Candidates as a string of ids, e.g. "0 1". */
static const char *
cands(struct prefilter *pf, const char *s, size_t len)
{
	static char out[64];
	size_t ids[8], n, i;

	n = prefilter_candidates(pf, s, len, ids);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		snprintf(out + strlen(out), sizeof(out) - strlen(out),
		    "%s%zu", i > 0 ? " " : "", ids[i]);
	return out;
}

static void
test_scan(void **state)
{
	struct prefilter pf = { 0 };

	(void)state;
	assert_true(prefilter_add(&pf, "\\btable is leader\\b", 1));
	assert_true(prefilter_add(&pf, "ReturnCode\\[(-?\\d+)\\]", 0));
	assert_true(prefilter_add(&pf, "x(?:abcd|efgh)", 2));
	prefilter_build(&pf, 3);
	assert_string_equal(cands(&pf, "table is leader", 15), "1");
	assert_string_equal(cands(&pf, "x table is leader!", 18), "1");
	assert_string_equal(cands(&pf, "ReturnCode[", 11), "0");
	assert_string_equal(cands(&pf, "\xff\0ReturnCode[1]", 16), "0");
	assert_string_equal(cands(&pf, "table is leader ReturnCode[ xefgh "
	    "table is leader", 48), "0 1 2");
	assert_string_equal(cands(&pf, "x efgh", 6), "");
	assert_string_equal(cands(&pf, "table is leade", 14), "");
	assert_string_equal(cands(&pf, "able is leader", 14), "");
	assert_string_equal(cands(&pf, "ReturnCode(", 11), "");
	assert_string_equal(cands(&pf, "abc", 3), "");
	assert_string_equal(cands(&pf, "", 0), "");
	prefilter_free(&pf);

	/* A rule without literals is a candidate everywhere. */
	assert_true(prefilter_add(&pf, "abcdef", 0));
	assert_false(prefilter_add(&pf, "(?i)abcd", 1));
	prefilter_build(&pf, 2);
	assert_string_equal(cands(&pf, "", 0), "1");
	assert_string_equal(cands(&pf, "abcdef", 6), "0 1");
	prefilter_free(&pf);
}

/* A random string over a small alphabet, so that literals recur. */
static void
random_text(char *s, size_t len, bool newlines)
{
	static const char alphabet[] = "ab \"x-\n";
	size_t i, n = sizeof(alphabet) - (newlines ? 1 : 2);

	for (i = 0; i < len; i++)
		s[i] = alphabet[rand() % n];
}

/* Text where '"', 'x' and '-' are rare: the anchors a plan would pick. */
static void
skewed_text(char *s, size_t len)
{
	static const char common[] = "ab \n", rare[] = "\"x-";
	size_t i;

	for (i = 0; i < len; i++)
		s[i] = rand() % 300 == 0 ? rare[rand() % 3] :
		    common[rand() % 4];
}

/*
 * Check one text against the literals, found the slow way: candidates
 * are exactly the rules with a literal in it, each with the start of its
 * last one, and prefilter_first gives the start of an occurrence that
 * overlaps every one starting before it.
 */
static void
check_text(struct prefilter *pf, char lits[][16], size_t nlits,
    const char *s, size_t len)
{
	size_t ids[8], n, i, p, l, first, last[8];
	bool has[8] = { false }, any = false;

	first = prefilter_first(pf, s, len);
	n = prefilter_candidates(pf, s, len, ids);
	for (i = 0; i < nlits; i++) {
		l = strlen(lits[i]);
		for (p = 0; p + l <= len; p++) {
			if (memcmp(s + p, lits[i], l) != 0)
				continue;
			has[i] = any = true;
			last[i] = p;
			if (p < first && p + l <= first)
				fail_msg("'%s' at %zu, before %zu", lits[i],
				    p, first);
		}
	}
	if (!any)
		assert_int_equal(first, len);
	else {
		for (i = 0; i < nlits; i++)
			if (first + strlen(lits[i]) <= len &&
			    memcmp(s + first, lits[i], strlen(lits[i])) == 0)
				break;
		assert_true(i < nlits);
	}
	for (i = 0, p = 0; i < nlits; i++)
		if (has[i]) {
			assert_true(p < n);
			assert_int_equal(ids[p++], i);
			assert_int_equal(prefilter_last(pf, i), last[i]);
		}
	assert_int_equal(p, n);
}

/*
 * Random literals (one rule each) and random texts, before and after the
 * literals are indexed again from a sample of the text.
 */
static void
test_brute_force(void **state)
{
	struct prefilter pf;
	char lits[8][16], text[300], sample[1 << 16];
	size_t trial, nlits, i, k, len, anchored = 0;

	(void)state;
	srand(7);
	for (trial = 0; trial < 400; trial++) {
		memset(&pf, 0, sizeof(pf));
		nlits = 1 + rand() % 6;
		for (i = 0; i < nlits; i++) {
			len = 4 + rand() % 9;
			random_text(lits[i], len, false);
			lits[i][len] = '\0';
			assert_true(prefilter_add(&pf, lits[i], i));
		}
		prefilter_build(&pf, nlits);
		pf.sample_left = sizeof(sample) / 2;
		for (k = 0; k < 2; k++) {
			for (i = 0; i < 40; i++) {
				len = rand() % sizeof(text);
				random_text(text, len, true);
				check_text(&pf, lits, nlits, text, len);
			}
			if (trial % 2 == 0)
				random_text(sample, sizeof(sample), true);
			else
				skewed_text(sample, sizeof(sample));
			prefilter_first(&pf, sample, sizeof(sample));
			assert_int_equal(pf.sample_left, 0);
		}
		anchored += pf.nshorts > 0;
		prefilter_free(&pf);
	}
	/* Some plans found literals by anchor, some did not. */
	assert_true(anchored > 20 && anchored < 380);
}

/*
 * Does any number or text rule of set match the line?  Each pattern is
 * compiled and run directly, without the prefilter.
 */
static bool
line_matches(const struct ruleset *set, const char *s, size_t len)
{
	pcre2_match_data *md;
	pcre2_code *re;
	PCRE2_SIZE off;
	bool found = false;
	size_t i;
	int err;

	for (i = 0; i < set->n && !found; i++) {
		if (set->v[i].kind == RULE_PREFIX)
			continue;
		re = pcre2_compile((PCRE2_SPTR)set->v[i].pattern,
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
		    &err, &off, NULL);
		assert_non_null(re);
		md = pcre2_match_data_create_from_pattern(re, NULL);
		found = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md,
		    NULL) >= 0;
		pcre2_match_data_free(md);
		pcre2_code_free(re);
	}
	return found;
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
		if (line_matches(&set, line, len))
			assert_true(matcher_begin_line(m, line, len));
	}
	fclose(f);
	for (i = 0; i < cat.n; i++) {
		snprintf(text, sizeof(text), "x %s.", cat.v[i].en);
		if (cat.v[i].code != 0)
			assert_true(matcher_begin_line(m, text, strlen(text)));
	}
	assert_false(matcher_begin_line(m, "I1011 08:51:26.390326   159 "
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
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_default_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
