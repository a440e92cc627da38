/* SPDX-License-Identifier: MIT */
/*
 * Tests of template.c: template_check (accepted templates, and the offset
 * of the first bad brace) and template_render for every placeholder in
 * every language.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "catalogue.h"
#include "template.h"
#include "util.h"

static struct code_info code100 = {
	.code = 100,
	.subsystem = "tablet",
	.name = "kTableIsNotExist",
	.en = "table is not exist",
	.zh = "表不存在",
	.line = 10
};

static void
check_ok(const char *tpl)
{
	size_t bad = 12345;

	assert_int_equal(template_check(tpl, &bad), 0);
	assert_int_equal(bad, 12345);
}

static void
check_bad(const char *tpl, size_t offset)
{
	size_t bad = 12345;

	assert_int_equal(template_check(tpl, &bad), -1);
	assert_int_equal(bad, offset);
}

/* Render tpl for code 100 and compare with the expected bytes. */
static void
render(const char *tpl, enum lang lang, const char *expected)
{
	struct buf out = { 0 };

	buf_append_str(&out, "<");
	template_render(tpl, &code100, lang, &out);
	assert_string_equal(buf_cstr(&out), expected);
	buf_free(&out);
}

static void
test_check_accepts(void **state)
{
	(void)state;
	check_ok(TEMPLATE_DEFAULT);
	check_ok("{{x}} {code}");
	check_ok("");
	check_ok("plain text");
	check_ok("{code}{subsystem}{name}{message}{en}{zh}");
	check_ok("{{{code}}}");
	check_ok("{{{code}");
	check_ok("{{code}}");
	check_ok("{{");
	check_ok("}}");
	check_ok(" <{code} {name}>");
	check_ok("中文 {zh}");
}

static void
test_check_rejects(void **state)
{
	(void)state;
	check_bad("{foo}", 0);
	check_bad(" [{foo} {code}]", 2);
	check_bad("{code", 0);
	check_bad("ab {code", 3);
	check_bad("x}", 1);
	check_bad("{code} x}", 8);
	check_bad("{code}}", 6);
	check_bad("{", 0);
	check_bad("}", 0);
	check_bad("{}", 0);
	check_bad("{CODE}", 0);
	check_bad("{ code}", 0);
	check_bad("{codes}", 0);
	check_bad("{cod}", 0);
	check_bad("{{}", 2);
	check_bad("{code}{message", 6);
	check_bad("{en}{zh}{", 8);
	check_bad(" [{code}]\n", 9);
	check_bad("a\rb", 1);
}

static void
test_render_placeholders(void **state)
{
	(void)state;
	render("{code}", LANG_EN, "<100");
	render("{subsystem}", LANG_EN, "<tablet");
	render("{name}", LANG_EN, "<kTableIsNotExist");
	render("{en}", LANG_EN, "<table is not exist");
	render("{zh}", LANG_EN, "<表不存在");
	render("{message}", LANG_EN, "<table is not exist");
	render("", LANG_EN, "<");
	render("x", LANG_EN, "<x");
	render("{{code}}", LANG_EN, "<{code}");
	render("{{{code}}}", LANG_EN, "<{100}");
	render("{{{code}", LANG_EN, "<{100");
	render("{{x}} {code}", LANG_EN, "<{x} 100");
	render(" <{code} {name}>", LANG_EN, "< <100 kTableIsNotExist>");
	render("{code}{code}", LANG_EN, "<100100");
}

static void
test_render_langs(void **state)
{
	(void)state;
	render(TEMPLATE_DEFAULT, LANG_EN,
	    "< [tablet 100: table is not exist]");
	render(TEMPLATE_DEFAULT, LANG_ZH, "< [tablet 100: 表不存在]");
	render(TEMPLATE_DEFAULT, LANG_BOTH,
	    "< [tablet 100: table is not exist | 表不存在]");
	render("{message}", LANG_ZH, "<表不存在");
	render("{message}", LANG_BOTH, "<table is not exist | 表不存在");
	/* {en} and {zh} do not depend on the language. */
	render("{en}/{zh}", LANG_EN, "<table is not exist/表不存在");
	render("{en}/{zh}", LANG_ZH, "<table is not exist/表不存在");
	render("{en}/{zh}", LANG_BOTH, "<table is not exist/表不存在");
	render("{code} {subsystem} {name}", LANG_ZH,
	    "<100 tablet kTableIsNotExist");
	render("{code} {subsystem} {name}", LANG_BOTH,
	    "<100 tablet kTableIsNotExist");
}

/* Codes render in decimal, whatever their size. */
static void
test_render_code_values(void **state)
{
	struct code_info ci = code100;
	struct buf out = { 0 };

	(void)state;
	ci.code = 0;
	template_render("{code}", &ci, LANG_EN, &out);
	ci.code = 701;
	template_render(",{code}", &ci, LANG_EN, &out);
	ci.code = 999999;
	template_render(",{code}", &ci, LANG_EN, &out);
	assert_string_equal(buf_cstr(&out), "0,701,999999");
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_accepts),
		cmocka_unit_test(test_check_rejects),
		cmocka_unit_test(test_render_placeholders),
		cmocka_unit_test(test_render_langs),
		cmocka_unit_test(test_render_code_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
