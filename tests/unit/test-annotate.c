/* SPDX-License-Identifier: MIT */
/*
 * Tests of annotate.c (with the matcher and the real patterns/): which
 * codes a line gets and the exact bytes written, in every language, with
 * and without JIT; the guards that must leave lines alone; idempotence;
 * bytes that are not UTF-8; and a rule that hits PCRE2's match limit.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "annotate.h"
#include "buf.h"
#include "catalogue.h"
#include "diag.h"
#include "matcher.h"
#include "rules.h"
#include "util.h"

#define CUSTOM_TEMPLATE " <{code} {name}>"

/* Annotators: [0] with JIT, [1] without; by style. */
enum style { EN, ZH, BOTH, CUSTOM, NSTYLES };

static struct catalogue cat;
static struct ruleset set;
static struct matcher *matchers[2];
static struct annotator *ann[2][NSTYLES];
static struct buf diags, out;

static int
group_setup(void **state)
{
	static const enum lang langs[NSTYLES] = {
		LANG_EN, LANG_ZH, LANG_BOTH, LANG_EN
	};
	const char *tpl;
	int j, s;

	(void)state;
	diag_capture(&diags);
	if (catalogue_load(&cat, PATTERNS_DIR "/codes.tsv") != 0 ||
	    rules_load_dir(&set, PATTERNS_DIR, &cat) != 0)
		return -1;
	for (j = 0; j < 2; j++) {
		if ((matchers[j] = matcher_new(&set, j == 0)) == NULL)
			return -1;
		for (s = 0; s < NSTYLES; s++) {
			tpl = s == CUSTOM ? CUSTOM_TEMPLATE : TEMPLATE_DEFAULT;
			ann[j][s] = annotator_new(&cat, &set, matchers[j],
			    tpl, langs[s], false);
		}
	}
	return diags.len == 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	int j, s;

	(void)state;
	for (j = 0; j < 2; j++) {
		for (s = 0; s < NSTYLES; s++)
			annotator_free(ann[j][s]);
		matcher_free(matchers[j]);
	}
	rules_free(&set);
	catalogue_free(&cat);
	diag_capture(NULL);
	buf_free(&diags);
	buf_free(&out);
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	buf_clear(&diags);
	return 0;
}

/* No test but the match-limit one may print anything. */
static int
teardown(void **state)
{
	(void)state;
	if (diags.len == 0)
		return 0;
	fprintf(stderr, "unexpected diagnostics: %s", buf_cstr(&diags));
	return -1;
}

/*
 * Annotate len bytes with a; return the output (valid until the next
 * call), NUL-terminated, its length in *outlen if not NULL.
 */
static const char *
annotate_n(struct annotator *a, const char *s, size_t len, size_t *outlen,
    size_t *added)
{
	size_t n;

	buf_clear(&out);
	n = annotate_line(a, s, len, &out);
	if (added != NULL)
		*added = n;
	if (outlen != NULL)
		*outlen = out.len;
	return buf_cstr(&out);
}

/* Annotate a C string; return a malloc'ed copy of the output. */
static char *
annotate_str(struct annotator *a, const char *s)
{
	return xstrdup(annotate_n(a, s, strlen(s), NULL, NULL));
}

/*
 * Check that in comes out as expected, with n annotations, in one style,
 * both with and without JIT.
 */
static void
expect_style(enum style style, const char *in, const char *expected,
    size_t n)
{
	size_t added;
	int j;

	for (j = 0; j < 2; j++) {
		assert_string_equal(annotate_n(ann[j][style], in, strlen(in),
		    NULL, &added), expected);
		assert_int_equal(added, n);
	}
}

static void
expect(const char *in, const char *expected, size_t n)
{
	expect_style(EN, in, expected, n);
}

static void
unchanged(const char *in)
{
	expect_style(EN, in, in, 0);
	expect_style(ZH, in, in, 0);
	expect_style(CUSTOM, in, in, 0);
}

/* The annotation of code in style, as the template renders it. */
static char *
note(long code, enum style style)
{
	static const enum lang langs[NSTYLES] = {
		LANG_EN, LANG_ZH, LANG_BOTH, LANG_EN
	};
	const struct code_info *ci = catalogue_find(&cat, code);
	struct buf b = { 0 };

	assert_non_null(ci);
	template_render(style == CUSTOM ? CUSTOM_TEMPLATE : TEMPLATE_DEFAULT,
	    ci, langs[style], &b);
	buf_append(&b, "", 1);
	return b.data;
}

static void
test_jit_available(void **state)
{
	uint32_t jit = 0;

	(void)state;
	/* Otherwise "JIT on" would silently be the interpreter too. */
	assert_int_equal(pcre2_config(PCRE2_CONFIG_JIT, &jit), 0);
	assert_int_equal(jit, 1);
}

static void
test_longest_match(void **state)
{
	(void)state;
	expect("cur nameserver is not leader mode",
	    "cur nameserver is not leader mode [replica-cluster 454: "
	    "cur nameserver is not leader mdoe]", 1);
	expect("cur nameserver is not leader mdoe",
	    "cur nameserver is not leader mdoe [replica-cluster 454: "
	    "cur nameserver is not leader mdoe]", 1);
	expect("src_endpoint is not exist or not healthy",
	    "src_endpoint is not exist or not healthy [nameserver 318: "
	    "src_endpoint is not exist or not healthy]", 1);
	expect("cur nameserver is not leader, is follower cluster",
	    "cur nameserver is not leader, is follower cluster "
	    "[nameserver 300: nameserver is not leader]", 1);
	expect("create table failed on tablet",
	    "create table failed on tablet [nameserver 316: create table "
	    "failed on tablet]", 1);
	expect("no alive follower",
	    "no alive follower [nameserver 310: no alive follower]", 1);
	expect("index delete failed",
	    "index delete failed [tablet 601: index delete failed]", 1);
}

static const char *const guards[] = {
	"err from zk -110",
	"error code -1",
	"ReturnCode[-110]",
	"[E111]Connection refused",
	"[R1][E112]Not connected",
	"mkdir failed err[2: No such file]",
	"tid 100",
	"pid[101]",
	"id=110",
	"127.0.0.1:10922",
	"W0719 10:59:58.622728   100 tablet_impl.cc:300] start",
	"code: 2, msg: x",
	"Error: [2001] x",
	"table t1 not exists in database",
	"Path does not exist",
	"ReturnCode[1003]--Fail to get TaskManager client",
	"Put failed. tid 3 pid 0",
	"ok",
	"ReturnCode[0]ok",
	"ReturnCode[0100]--Fail to get TaskManager client",
	"Set resp: 0000101, x",
	"",
	"Set resp: 0, ok",
	"{\"code\":0,\"msg\":\"ok\"}",
	"{\"code\":-1,\"msg\":\"table is not exist\"}",
	"Delete failed. tid 1 pid 2",
	"table is not existing",
	"mytable is not exist",
};

static void
test_guards(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(guards) / sizeof(guards[0]); i++)
		unchanged(guards[i]);
}

static void
test_numbers(void **state)
{
	(void)state;
	expect("Fail to LoadTable: ReturnCode[101]table already exists",
	    "Fail to LoadTable: ReturnCode[101] [tablet 101: table already "
	    "exists]table already exists", 1);
	expect("Set resp: 136, delete failed",
	    "Set resp: 136, [tablet 136: delete failed] delete failed", 1);
	expect("{\"code\":307,\"msg\":\"invalid parameter\"}",
	    "{\"code\":307,\"msg\":\"invalid parameter\"} [nameserver 307: "
	    "invalid parameter]", 1);
	expect("Bad request with error key not found code 109",
	    "Bad request with error key not found code 109 [tablet 109: "
	    "key not found]", 1);
	expect("{\"msg\":\"x\",\"code\":109}",
	    "{\"msg\":\"x\",\"code\":109 [tablet 109: key not found]}", 1);
	expect("--ReturnCode[307]--bad input",
	    "--ReturnCode[307] [nameserver 307: invalid parameter]--bad "
	    "input", 1);
	/* A number the catalogue lacks names nothing; the text still does. */
	expect("ReturnCode[1003] table is not exist",
	    "ReturnCode[1003] table is not exist [tablet 100: table is not "
	    "exist]", 1);
}

static void
test_number_beats_text(void **state)
{
	(void)state;
	expect("Set resp: 131, table is not exist",
	    "Set resp: 131, [tablet 131: create table failed] table is not "
	    "exist", 1);
	/* Even when the text comes first. */
	expect("table is not exist ReturnCode[101]",
	    "table is not exist ReturnCode[101] [tablet 101: table already "
	    "exists]", 1);
}

static void
test_once_per_code(void **state)
{
	(void)state;
	expect("table is not exist, table is not exist",
	    "table is not exist [tablet 100: table is not exist], table is "
	    "not exist", 1);
	expect("table is not exist, key not found",
	    "table is not exist [tablet 100: table is not exist], key not "
	    "found [tablet 109: key not found]", 2);
	expect("ReturnCode[101] ReturnCode[100] ReturnCode[101]",
	    "ReturnCode[101] [tablet 101: table already exists] "
	    "ReturnCode[100] [tablet 100: table is not exist] "
	    "ReturnCode[101]", 2);
	/* Two rules of one code (100 "is not" and "does not"). */
	expect("table does not exist; table is not exist!",
	    "table does not exist [tablet 100: table is not exist]; table "
	    "is not exist!", 1);
}

static void
test_prefixes(void **state)
{
	(void)state;
	expect("W0719 10:59:58.622728 85835776 name_server_impl.cc:9040] "
	    "table[example_table] is not exist!",
	    "W0719 10:59:58.622728 85835776 name_server_impl.cc:9040] "
	    "table[example_table] is not exist! [tablet 100: table is not "
	    "exist]", 1);
	expect("2024-03-04T03:06:22.1500614Z W20240304 03:04:34.553946  4238 "
	    "log_reader.cc:447] key not found",
	    "2024-03-04T03:06:22.1500614Z W20240304 03:04:34.553946  4238 "
	    "log_reader.cc:447] key not found [tablet 109: key not found]",
	    1);
	/*
	 * A code inside a prefix is skipped: were it seen, the number
	 * would win over the text after the prefix.
	 */
	expect("E20240304 03:04:34.553946 ReturnCode[101] a.cc:1] key not "
	    "found", "E20240304 03:04:34.553946 ReturnCode[101] a.cc:1] key "
	    "not found [tablet 109: key not found]", 1);
	expect("E0304 03:04:34.553946 ReturnCode[101] a.cc:1] key not found",
	    "E0304 03:04:34.553946 ReturnCode[101] a.cc:1] key not found "
	    "[tablet 109: key not found]", 1);
	expect("Apr 12 03:12:59 ReturnCode[101] tablet[123]: key not found",
	    "Apr 12 03:12:59 ReturnCode[101] tablet[123]: key not found "
	    "[tablet 109: key not found]", 1);
	/* Prefixes match bytes: a Latin-1 name, a byte-order mark. */
	expect("03/09 10:00:00.000001 12345 [/home/j\xf6rg/table is not "
	    "exist.cc:100] x", "03/09 10:00:00.000001 12345 [/home/j\xf6rg/"
	    "table is not exist.cc:100] x", 0);
	expect("Apr 12 03:12:59 ReturnCode[101] tabl\xe9t[1]: key not found",
	    "Apr 12 03:12:59 ReturnCode[101] tabl\xe9t[1]: key not found "
	    "[tablet 109: key not found]", 1);
	expect("\xef\xbb\xbf" "2024-03-04T03:06:22.1500614Z W0719 "
	    "10:59:58.622728 ReturnCode[101] f.cc:1] x",
	    "\xef\xbb\xbf" "2024-03-04T03:06:22.1500614Z W0719 "
	    "10:59:58.622728 ReturnCode[101] f.cc:1] x", 0);
}

static void
test_lang(void **state)
{
	(void)state;
	expect_style(ZH, "failed to change leader. error msg: no alive "
	    "follower", "failed to change leader. error msg: no alive "
	    "follower [nameserver 310: 没有alive的follower]", 1);
	expect_style(BOTH, "failed to change leader. error msg: no alive "
	    "follower", "failed to change leader. error msg: no alive "
	    "follower [nameserver 310: no alive follower | "
	    "没有alive的follower]", 1);
	expect_style(EN, "failed to change leader. error msg: no alive "
	    "follower", "failed to change leader. error msg: no alive "
	    "follower [nameserver 310: no alive follower]", 1);
	expect_style(CUSTOM, "Set resp: 131, table is not exist",
	    "Set resp: 131, <131 kCreateTableFailed> table is not exist", 1);
	expect_style(ZH, "Set resp: 131, table is not exist",
	    "Set resp: 131, [tablet 131: 表创建失败] table is not "
	    "exist", 1);
}

/* Bytes that are not UTF-8, and NULs, elsewhere in the line. */
static void
test_binary_bytes(void **state)
{
	static const char in1[] = "\xff\xfe table is not exist";
	static const char out1[] = "\xff\xfe table is not exist [tablet 100: "
	    "table is not exist]";
	static const char in2[] = "a\0b table is not exist";
	static const char out2[] = "a\0b table is not exist [tablet 100: "
	    "table is not exist]";
	static const char in3[] = "\0key not found\0\xc3";
	static const char out3[] = "\0key not found [tablet 109: key not "
	    "found]\0\xc3";
	static const char in4[] = "ReturnCode[101]\xe4\xb8\0";
	static const char out4[] = "ReturnCode[101] [tablet 101: table "
	    "already exists]\xe4\xb8\0";
	/* An invalid byte inside the message breaks the message. */
	static const char in5[] = "table is\xff not exist\0";
	struct {
		const char	*in, *out;
		size_t		 inlen, outlen, n;
	} cases[] = {
		{ in1, out1, sizeof(in1) - 1, sizeof(out1) - 1, 1 },
		{ in2, out2, sizeof(in2) - 1, sizeof(out2) - 1, 1 },
		{ in3, out3, sizeof(in3) - 1, sizeof(out3) - 1, 1 },
		{ in4, out4, sizeof(in4) - 1, sizeof(out4) - 1, 1 },
		{ in5, in5, sizeof(in5) - 1, sizeof(in5) - 1, 0 },
	};
	const char *got;
	size_t i, len, added;
	int j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (j = 0; j < 2; j++) {
			got = annotate_n(ann[j][EN], cases[i].in,
			    cases[i].inlen, &len, &added);
			assert_int_equal(len, cases[i].outlen);
			assert_memory_equal(got, cases[i].out, len);
			assert_int_equal(added, cases[i].n);
			/* And again over the output: nothing changes. */
			got = annotate_n(ann[j][EN], cases[i].out,
			    cases[i].outlen, &len, &added);
			assert_int_equal(len, cases[i].outlen);
			assert_memory_equal(got, cases[i].out, len);
			assert_int_equal(added, 0);
		}
	}
}

/* Each catalogue message alone on a line gets exactly its own code. */
static void
test_every_message(void **state)
{
	const struct code_info *ci;
	char *expected, *n;
	size_t i, checked = 0;

	(void)state;
	for (i = 0; i < cat.n; i++) {
		ci = &cat.v[i];
		if (ci->code == 0) {
			unchanged(ci->en);
			continue;
		}
		n = note(ci->code, EN);
		expected = format("%s%s", ci->en, n);
		expect(ci->en, expected, 1);
		free(expected);
		free(n);
		n = note(ci->code, BOTH);
		expected = format("%s%s", ci->en, n);
		expect_style(BOTH, ci->en, expected, 1);
		free(expected);
		free(n);
		checked++;
	}
	assert_int_equal(checked, 101);
}

/* The lines of tests/data/real-lines.txt, with their "# expect:" codes. */
struct real_line {
	char	*text;
	long	 code;		/* 0: none */
};

static struct real_line *
read_real_lines(size_t *n)
{
	struct buf file = { 0 };
	struct real_line *v = NULL;
	char *p, *nl, *end;
	long code = -1;

	*n = 0;
	assert_int_equal(buf_read_file(&file, REAL_LINES), 0);
	p = file.data;
	end = file.data + file.len;
	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		assert_non_null(nl);
		*nl = '\0';
		if (strncmp(p, "# expect: ", 10) == 0) {
			code = strcmp(p + 10, "none") == 0 ? 0 :
			    strtol(p + 10, NULL, 10);
			assert_true(code >= 0);
			continue;
		}
		if (p[0] == '#' || p[0] == '\0')
			continue;
		assert_true(code >= 0);
		v = xreallocarray(v, *n + 1, sizeof(*v));
		v[*n].text = xstrdup(p);
		v[(*n)++].code = code;
		code = -1;
	}
	buf_free(&file);
	return v;
}

static void
free_real_lines(struct real_line *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/*
 * Each real line comes out unchanged or with exactly the one expected
 * annotation inserted somewhere.
 */
static void
test_real_lines(void **state)
{
	struct real_line *v;
	const char *got, *at;
	size_t i, n, len, added;
	char *nt;
	int j;

	(void)state;
	v = read_real_lines(&n);
	assert_int_equal(n, 38);
	for (i = 0; i < n; i++) {
		for (j = 0; j < 2; j++) {
			got = annotate_n(ann[j][EN], v[i].text,
			    strlen(v[i].text), &len, &added);
			if (v[i].code == 0) {
				assert_string_equal(got, v[i].text);
				assert_int_equal(added, 0);
				continue;
			}
			assert_int_equal(added, 1);
			nt = note(v[i].code, EN);
			at = strstr(got, nt);
			if (at == NULL)
				fail_msg("\"%s\": no \"%s\" in \"%s\"",
				    v[i].text, nt, got);
			assert_int_equal(len, strlen(v[i].text) + strlen(nt));
			assert_memory_equal(got, v[i].text, at - got);
			assert_string_equal(at + strlen(nt),
			    v[i].text + (at - got));
			free(nt);
		}
	}
	free_real_lines(v, n);
}

/* Every line the other tests use, for idempotence and JIT checks. */
static const char *const lines[] = {
	"cur nameserver is not leader mode",
	"src_endpoint is not exist or not healthy",
	"cur nameserver is not leader, is follower cluster",
	"Fail to LoadTable: ReturnCode[101]table already exists",
	"Set resp: 136, delete failed",
	"{\"code\":307,\"msg\":\"invalid parameter\"}",
	"Bad request with error key not found code 109",
	"{\"msg\":\"x\",\"code\":109}",
	"--ReturnCode[307]--bad input",
	"ReturnCode[1003] table is not exist",
	"Set resp: 131, table is not exist",
	"table is not exist ReturnCode[101]",
	"table is not exist, table is not exist",
	"table is not exist, key not found",
	"ReturnCode[101] ReturnCode[100] ReturnCode[101]",
	"table does not exist; table is not exist!",
	"failed to change leader. error msg: no alive follower",
	"W0719 10:59:58.622728 85835776 name_server_impl.cc:9040] "
	    "table[example_table] is not exist!",
	"index delete failed",
	"create table failed on tablet",
	"ReturnCode[-110] table is not exist",
	"invalid concurrency 12, create table failed",
};

/* Apply fn to every line: lines[], guards[], real lines, messages. */
static void
for_all_lines(void (*fn)(const char *))
{
	struct real_line *v;
	size_t i, n;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		fn(lines[i]);
	for (i = 0; i < sizeof(guards) / sizeof(guards[0]); i++)
		fn(guards[i]);
	for (i = 0; i < cat.n; i++)
		fn(cat.v[i].en);
	v = read_real_lines(&n);
	for (i = 0; i < n; i++)
		fn(v[i].text);
	free_real_lines(v, n);
}

static void
check_idempotent(const char *line)
{
	char *once, *twice;
	int j, s;

	for (j = 0; j < 2; j++) {
		for (s = 0; s < NSTYLES; s++) {
			once = annotate_str(ann[j][s], line);
			twice = annotate_str(ann[j][s], once);
			if (strcmp(once, twice) != 0)
				fail_msg("not idempotent (style %d, jit %d): "
				    "\"%s\" -> \"%s\" -> \"%s\"", s, !j, line,
				    once, twice);
			free(once);
			free(twice);
		}
	}
}

static void
test_idempotent(void **state)
{
	(void)state;
	for_all_lines(check_idempotent);
}

static void
check_jit_same(const char *line)
{
	char *jit, *interp;
	int s;

	for (s = 0; s < NSTYLES; s++) {
		jit = annotate_str(ann[0][s], line);
		interp = annotate_str(ann[1][s], line);
		assert_string_equal(jit, interp);
		free(jit);
		free(interp);
	}
}

static void
test_jit_off_same(void **state)
{
	(void)state;
	for_all_lines(check_jit_same);
}

static void
test_stats(void **state)
{
	struct annotator *a;
	const struct annotate_stats *st;

	(void)state;
	a = annotator_new(&cat, &set, matchers[0], TEMPLATE_DEFAULT,
	    LANG_EN, false);
	st = annotator_stats(a);
	assert_int_equal(st->lines, 0);
	buf_clear(&out);
	assert_int_equal(annotate_line(a, "ok", 2, &out), 0);
	assert_int_equal(annotate_line(a, "table is not exist, key not "
	    "found", 33, &out), 2);
	assert_int_equal(annotate_line(a, "put failed", 10, &out), 1);
	assert_int_equal(st->lines, 3);
	assert_int_equal(st->annotated, 2);
	assert_int_equal(st->failed, 0);
	/* annotate_line appends to what the buffer holds. */
	assert_string_equal(buf_cstr(&out), "oktable is not exist [tablet 100: "
	    "table is not exist], key not found [tablet 109: key not found]"
	    "put failed [tablet 116: put failed]");
	buf_clear(&out);
	annotator_free(a);
}

/*
 * An existing annotation followed by a number rule that names no code
 * (ReturnCode[0]) must not hide what comes after.  annotate.h promises
 * that a second run changes nothing, and that every other code is
 * annotated at its first match.
 */
static void
test_present_then_unknown_number(void **state)
{
	static const char line[] = "table is not exist ReturnCode[0] cur "
	    "nameserver is not leader mode";
	static const char once[] = "table is not exist [tablet 100: table "
	    "is not exist] ReturnCode[0] cur nameserver is not leader mode "
	    "[replica-cluster 454: cur nameserver is not leader mdoe]";
	static const char present[] = "key not found [tablet 109: key not "
	    "found] ReturnCode[0] put failed";
	int j;

	(void)state;
	for (j = 0; j < 2; j++) {
		assert_string_equal(annotate_n(ann[j][EN], line,
		    sizeof(line) - 1, NULL, NULL), once);
		assert_string_equal(annotate_n(ann[j][EN], once,
		    sizeof(once) - 1, NULL, NULL), once);
	}
	expect(present, "key not found [tablet 109: key not found] "
	    "ReturnCode[0] put failed [tablet 116: put failed]", 1);
}

/*
 * User rules that backtrack catastrophically hit the match limit: the
 * line passes through, is counted, and each rule is reported once.
 */
static void
test_match_limit(void **state)
{
	static const char rules[] =
	    "text 100 \\btable is not exist\\b\n"
	    "text 307 (?:a+)+$\n"
	    "text 101 (?:c+)+$\n";
	struct catalogue c2 = { 0 };
	struct ruleset s2 = { 0 };
	struct buf codes = { 0 };
	struct matcher *m;
	struct annotator *a;
	const struct annotate_stats *st;
	char *dir, *f1, *f2, *line, *cline, want[512];
	const char *got;
	size_t len = 5001, added;
	int j;

	(void)state;
	assert_int_equal(buf_read_file(&codes, PATTERNS_DIR "/codes.tsv"),
	    0);
	dir = scratch_dir();
	f1 = write_file(dir, "codes.tsv", codes.data, codes.len);
	f2 = write_file(dir, "limit.rules", rules, sizeof(rules) - 1);
	assert_int_equal(catalogue_load(&c2, f1), 0);
	assert_int_equal(rules_load_dir(&s2, dir, &cat), 0);
	line = xmalloc(len);
	memset(line, 'a', len - 1);
	line[len - 1] = 'b';
	cline = xmalloc(len);
	memset(cline, 'c', len - 1);
	cline[len - 1] = 'd';

	for (j = 0; j < 2; j++) {
		m = matcher_new(&s2, j == 0);
		assert_non_null(m);
		a = annotator_new(&c2, &s2, m, TEMPLATE_DEFAULT, LANG_EN,
		    false);
		st = annotator_stats(a);
		expect_diag(&diags, "");
		got = annotate_n(a, line, len, NULL, &added);
		assert_int_equal(out.len, len);
		assert_memory_equal(got, line, len);
		assert_int_equal(added, 0);
		assert_int_equal(st->failed, 1);
		assert_int_equal(st->lines, 1);
		assert_int_equal(st->annotated, 0);
		snprintf(want, sizeof(want), "rcannotate: %s:2: rule could "
		    "not finish on a line (match limit exceeded); lines "
		    "where it cannot pass through unannotated\n", f2);
		expect_diag(&diags, want);

		/* Other lines are still annotated. */
		assert_string_equal(annotate_n(a, "table is not exist", 18,
		    NULL, &added), "table is not exist [tablet 100: table is "
		    "not exist]");
		assert_string_equal(annotate_n(a, "aaa", 3, NULL, &added),
		    "aaa [nameserver 307: invalid parameter]");
		assert_int_equal(st->annotated, 2);

		/* A second failure is counted but not reported again. */
		got = annotate_n(a, line, len, NULL, &added);
		assert_memory_equal(got, line, len);
		assert_int_equal(st->failed, 2);
		assert_int_equal(st->lines, 4);
		expect_diag(&diags, "");

		/* Another rule's first failure is reported, by its line. */
		got = annotate_n(a, cline, len, NULL, &added);
		assert_memory_equal(got, cline, len);
		assert_int_equal(st->failed, 3);
		snprintf(want, sizeof(want), "rcannotate: %s:3: rule could "
		    "not finish on a line (match limit exceeded); lines "
		    "where it cannot pass through unannotated\n", f2);
		expect_diag(&diags, want);
		got = annotate_n(a, cline, len, NULL, &added);
		assert_int_equal(st->failed, 4);
		expect_diag(&diags, "");

		annotator_free(a);
		matcher_free(m);
	}
	free(line);
	free(cline);
	rules_free(&s2);
	catalogue_free(&c2);
	buf_free(&codes);
	remove_file(f1);
	remove_file(f2);
	remove_dir(dir);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_jit_available),
		TEST(test_longest_match),
		TEST(test_guards),
		TEST(test_numbers),
		TEST(test_number_beats_text),
		TEST(test_once_per_code),
		TEST(test_prefixes),
		TEST(test_lang),
		TEST(test_binary_bytes),
		TEST(test_every_message),
		TEST(test_real_lines),
		TEST(test_idempotent),
		TEST(test_jit_off_same),
		TEST(test_stats),
		TEST(test_present_then_unknown_number),
		TEST(test_match_limit),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
