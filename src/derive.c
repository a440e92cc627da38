/* SPDX-License-Identifier: MIT */
/*
 * Deriving the literals a pattern needs.  Deriving walks the pattern
 * once: in a sequence, bytes that must appear one after the other form a
 * literal run; a group that must match contributes the literals of its
 * branches (one of them must appear).  Of all these requirements the
 * strongest is kept: the one whose shortest literal is longest.
 * Anything unusual (inline options, verbs, \Q, Unicode escapes) gives
 * up, which is always safe.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"

#define UNBOUNDED ((unsigned)-1)

/* A requirement: at least one of n literals must occur. */
struct req {
	struct buf	text;	/* the literals, each followed by '\n' */
	size_t		n;	/* 0: no requirement */
	size_t		minlen;	/* shortest literal */
};

struct parser {
	const char	*p;
	int		 bail;	/* the pattern is beyond this parser */
};

/*
 * A sequence being parsed: the texts the bytes since its last break can
 * be (several, after an alternation of plain literals), and whether
 * nothing broke it at all, so that all of it is one of those texts.
 */
struct seq {
	struct req	run;
	bool		exact;
};

#define MAX_RUNS 32		/* texts a run may fork into */

static void	parse_alt(struct parser *, struct req *, struct req *,
		    struct req *);
static void	parse_seq(struct parser *, struct req *, struct req *,
		    struct req *);
static void	after_group(struct seq *, struct req *, struct req *,
		    struct req *, unsigned);
static void	parse_group(struct parser *, struct seq *, struct req *);
static void	parse_escape(struct parser *, struct seq *, struct req *);
static void	parse_class(struct parser *);
static void	literal_atom(struct parser *, struct seq *, struct req *,
		    const char *, size_t);
static void	run_reset(struct req *);
static void	run_join(struct req *, const struct req *);
static void	run_break(struct seq *, struct req *);
static void	add_texts(struct req *, const struct req *);
static size_t	char_length(const char *);
static int	quantifier(struct parser *, unsigned *, unsigned *);
static void	consider(struct req *, struct req *);
static void	req_free(struct req *);

size_t
prefilter_derive(const char *pattern, struct buf *out)
{
	struct parser ps = { .p = pattern };
	struct req r = { 0 };
	size_t n;

	parse_alt(&ps, &r, NULL, NULL);
	if (ps.bail || *ps.p != '\0' || r.n == 0) {
		n = 0;
	} else {
		buf_append(out, r.text.data, r.text.len - 1);
		n = r.n;
	}
	req_free(&r);
	return n;
}

/*
 * Branches separated by '|': one of them matches, so one of their
 * requirements holds; a branch without one spoils the lot.  If every
 * branch is plain literal text, *exact (when asked for) gets all those
 * texts; else it is left empty.  If every branch ends in literal text,
 * *tails (when asked for) gets those endings; else it is left empty.
 */
static void
parse_alt(struct parser *ps, struct req *out, struct req *exact,
    struct req *tails)
{
	struct req branch, whole, tail;
	int none = 0, all_exact = exact != NULL, all_tails = tails != NULL;

	memset(out, 0, sizeof(*out));
	for (;;) {
		memset(&branch, 0, sizeof(branch));
		memset(&whole, 0, sizeof(whole));
		memset(&tail, 0, sizeof(tail));
		parse_seq(ps, &branch, all_exact ? &whole : NULL,
		    all_tails ? &tail : NULL);
		if (branch.n == 0)
			none = 1;
		buf_append(&out->text, branch.text.data, branch.text.len);
		if (out->n == 0 || branch.minlen < out->minlen)
			out->minlen = branch.minlen;
		out->n += branch.n;
		if (all_exact && whole.n == 0)
			all_exact = 0;
		else if (all_exact)
			add_texts(exact, &whole);
		if (all_tails && tail.n == 0)
			all_tails = 0;
		else if (all_tails)
			add_texts(tails, &tail);
		req_free(&branch);
		req_free(&whole);
		req_free(&tail);
		if (ps->bail || *ps->p != '|')
			break;
		ps->p++;
	}
	if (none) {
		req_free(out);
		memset(out, 0, sizeof(*out));
	}
	if (exact != NULL && !all_exact)
		req_free(exact);
	if (tails != NULL && !all_tails)
		req_free(tails);
}

/*
 * A sequence of atoms, up to '|', ')' or the end: keep the best
 * requirement in best; if it is plain literal text, give its possible
 * texts in *exact (when asked for); if it ends in literal text, give
 * the texts it can end with in *tails (when asked for).
 */
static void
parse_seq(struct parser *ps, struct req *best, struct req *exact,
    struct req *tails)
{
	struct seq sq = { .exact = true };

	run_reset(&sq.run);
	while (!ps->bail && *ps->p != '\0' && *ps->p != '|' &&
	    *ps->p != ')') {
		switch (*ps->p) {
		case '(':
			parse_group(ps, &sq, best);
			break;
		case '[':
			parse_class(ps);
			run_break(&sq, best);
			break;
		case '\\':
			parse_escape(ps, &sq, best);
			break;
		case '^':
		case '$':
			ps->p++;	/* zero width: the run goes on */
			break;
		case '.':
		case '*':
		case '+':
		case '?':
			ps->p++;
			run_break(&sq, best);
			quantifier(ps, NULL, NULL);
			break;
		default:
			literal_atom(ps, &sq, best, ps->p,
			    char_length(ps->p));
			break;
		}
	}
	if (exact != NULL && sq.exact && !ps->bail)
		add_texts(exact, &sq.run);
	if (tails != NULL && sq.run.minlen > 0 && !ps->bail)
		add_texts(tails, &sq.run);
	run_break(&sq, best);
	req_free(&sq.run);
}

/*
 * A group.  One that must match once and holds only literal
 * alternatives joins the run: "x(?:is|does) not" runs as "xis not" or
 * "xdoes not".  Any other group breaks the run and offers its own
 * requirement.
 */
static void
parse_group(struct parser *ps, struct seq *sq, struct req *best)
{
	struct req inner, texts = { 0 }, tails = { 0 };
	unsigned min = 1, max = 1;
	int look = 0;
	const char *p = ps->p + 1;

	if (p[0] == '*') {
		ps->bail = 1;		/* verbs */
		return;
	}
	if (p[0] == '?') {
		if (p[1] == ':' || p[1] == '|' || p[1] == '>')
			p += 2;
		else if (p[1] == '=' || p[1] == '!')
			p += 2, look = 1;
		else if (p[1] == '<' && (p[2] == '=' || p[2] == '!'))
			p += 3, look = 1;
		else if ((p[1] == '<' || (p[1] == 'P' && p[2] == '<')) &&
		    strchr(p, '>') != NULL)
			p = strchr(p, '>') + 1;
		else {
			ps->bail = 1;	/* options, conditions, recursion */
			return;
		}
	}
	ps->p = p;
	parse_alt(ps, &inner, &texts, &tails);
	if (!ps->bail && *ps->p != ')')
		ps->bail = 1;
	if (!ps->bail) {
		ps->p++;
		quantifier(ps, &min, &max);
		if (!look && min == 1 && max == 1 && texts.n > 0 &&
		    sq->run.n * texts.n <= MAX_RUNS)
			run_join(&sq->run, &texts);
		else if (look)
			run_break(sq, best);
		else
			after_group(sq, best, &inner, &tails, max == 1 ?
			    min : 2);
	}
	req_free(&inner);
	req_free(&texts);
	req_free(&tails);
}

/*
 * After a group that matches min times (2: more than once or unbounded)
 * and is not plain text.  If it matches at most once and every match
 * ends in literal text (tails), the run goes on from those endings: in
 * "table(?:\\[[^]]*\\])? is not", " is not" follows "table" or "]".
 * An optional group leaves the run before it as one possible ending.
 */
static void
after_group(struct seq *sq, struct req *best, struct req *inner,
    struct req *tails, unsigned min)
{
	bool keep = min == 0;

	/* An empty run before an optional group: what follows says more. */
	if (min > 1 || tails->n == 0 || (keep && sq->run.minlen == 0) ||
	    (keep ? sq->run.n : 0) + tails->n > MAX_RUNS) {
		run_break(sq, best);
		if (min > 0)
			consider(best, inner);
		return;
	}
	consider(best, &sq->run);
	if (!keep) {
		consider(best, inner);
		req_free(&sq->run);
	}
	add_texts(&sq->run, tails);
	sq->exact = false;
}

static void
parse_escape(struct parser *ps, struct seq *sq, struct req *best)
{
	static const char zero_width[] = "bBAzZG";
	static const char classes[] = "dDsSwWhHvVRNX";
	static const char controls[] = "t\tn\nr\rf\fe\033a\007";
	const char *c, x = ps->p[1];
	char byte;
	unsigned v = 0;
	int i;

	if (x != '\0' && strchr(zero_width, x) != NULL) {
		ps->p += 2;
	} else if (x == 'N' && ps->p[2] == '{') {
		ps->bail = 1;	/* \N{U+hh}: a code point */
	} else if (x != '\0' && strchr(classes, x) != NULL) {
		ps->p += 2;
		run_break(sq, best);
		quantifier(ps, NULL, NULL);
	} else if (x == 'x' && ps->p[2] != '{') {
		for (i = 2; i < 4 && strchr("0123456789abcdefABCDEF",
		    ps->p[i]) != NULL && ps->p[i] != '\0'; i++)
			v = v * 16 + (ps->p[i] <= '9' ? ps->p[i] - '0' :
			    (ps->p[i] | 0x20) - 'a' + 10);
		if (i == 2 || v == 0 || v >= 0x80) {
			ps->bail = 1;	/* \x alone, NUL, or a code point */
			return;
		}
		byte = (char)v;
		ps->p += i;
		literal_atom(ps, sq, best, &byte, 1);
	} else if (x != '\0' && (c = strchr(controls, x)) != NULL &&
	    (c - controls) % 2 == 0) {
		ps->p += 2;
		literal_atom(ps, sq, best, c + 1, 1);
	} else if (x != '\0' && ((unsigned char)x < 0x80) &&
	    !(x >= '0' && x <= '9') && !(x >= 'a' && x <= 'z') &&
	    !(x >= 'A' && x <= 'Z')) {
		ps->p += 2;
		literal_atom(ps, sq, best, &ps->p[-1], 1);
	} else {
		ps->bail = 1;	/* backreferences, \p, \Q, \x{}, ... */
	}
}

/* Skip a character class: it matches one unknown character. */
static void
parse_class(struct parser *ps)
{
	const char *p = ps->p + 1;

	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p != '\0' && *p != ']') {
		if (p[0] == '\\' && p[1] != '\0')
			p += 2;
		else if (p[0] == '[' && p[1] == ':' && strstr(p, ":]"))
			p = strstr(p, ":]") + 2;
		else
			p++;
	}
	if (*p != ']') {
		ps->bail = 1;
		return;
	}
	ps->p = p + 1;
	quantifier(ps, NULL, NULL);
}

/*
 * One literal character of len bytes, which the caller has stepped over
 * in the pattern (an escape spells it differently): join it to the run,
 * unless a quantifier makes it optional or repeats it.  A newline byte
 * cannot be kept in a run (it separates the texts): it breaks the run.
 */
static void
literal_atom(struct parser *ps, struct seq *sq, struct req *best,
    const char *bytes, size_t len)
{
	struct req one = { 0 };
	unsigned min = 1, max = 1;

	if (bytes == ps->p)
		ps->p += len;
	quantifier(ps, &min, &max);
	if (min == 0 || memchr(bytes, '\n', len) != NULL) {
		run_break(sq, best);
		return;
	}
	buf_append(&one.text, bytes, len);
	buf_append(&one.text, "\n", 1);
	one.n = 1;
	one.minlen = len;
	run_join(&sq->run, &one);
	req_free(&one);
	if (max != 1)
		run_break(sq, best);
}

/* The length of the (UTF-8) character at p. */
static size_t
char_length(const char *p)
{
	size_t n = 1;

	if ((unsigned char)*p >= 0xc0)
		while (n < 4 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n++;
	return n;
}

/* Parse a quantifier at ps->p, if there is one; return 1 if so. */
static int
quantifier(struct parser *ps, unsigned *min, unsigned *max)
{
	const char *p = ps->p;
	unsigned lo = 1, hi = 1;
	char *end;

	if (*p == '?')
		lo = 0, p++;
	else if (*p == '*')
		lo = 0, hi = UNBOUNDED, p++;
	else if (*p == '+')
		hi = UNBOUNDED, p++;
	else if (*p == '{' && p[1] >= '0' && p[1] <= '9') {
		lo = hi = (unsigned)strtoul(p + 1, &end, 10);
		if (*end == ',') {
			hi = UNBOUNDED;
			if (end[1] >= '0' && end[1] <= '9')
				hi = (unsigned)strtoul(end + 1, &end, 10);
			else
				end++;
		}
		if (*end != '}')
			return 0;	/* a literal '{' */
		p = end + 1;
	} else
		return 0;
	if (*p == '?' || *p == '+')
		p++;
	ps->p = p;
	if (min != NULL)
		*min = lo;
	if (max != NULL)
		*max = hi;
	return 1;
}

/* The run becomes one empty text. */
static void
run_reset(struct req *run)
{
	buf_clear(&run->text);
	buf_append(&run->text, "\n", 1);
	run->n = 1;
	run->minlen = 0;
}

/* Every text of run followed by every text of add. */
static void
run_join(struct req *run, const struct req *add)
{
	struct req out = { 0 };
	const char *a, *b, *a_end, *b_end;

	for (a = run->text.data; a < run->text.data + run->text.len;
	    a = a_end + 1) {
		a_end = memchr(a, '\n', run->text.data + run->text.len - a);
		for (b = add->text.data; b < add->text.data + add->text.len;
		    b = b_end + 1) {
			b_end = memchr(b, '\n',
			    add->text.data + add->text.len - b);
			buf_append(&out.text, a, a_end - a);
			buf_append(&out.text, b, b_end - b + 1);
			if (out.n == 0 || (size_t)((a_end - a) + (b_end - b)) <
			    out.minlen)
				out.minlen = (a_end - a) + (b_end - b);
			out.n++;
		}
	}
	req_free(run);
	*run = out;
}

/*
 * Something that is not plain text: the run so far is a requirement
 * (one of its texts must occur), offered to best; the sequence is no
 * longer plain text, and a new run starts.
 */
static void
run_break(struct seq *sq, struct req *best)
{
	consider(best, &sq->run);
	run_reset(&sq->run);
	sq->exact = false;
}

/* Add the texts of r to set (which may be empty). */
static void
add_texts(struct req *set, const struct req *r)
{
	buf_append(&set->text, r->text.data, r->text.len);
	if (set->n == 0 || r->minlen < set->minlen)
		set->minlen = r->minlen;
	set->n += r->n;
}

/* Replace best by r if r is stronger: a longer shortest literal, or
 * as long with fewer literals. */
static void
consider(struct req *best, struct req *r)
{
	if (r->n == 0 || r->minlen < PREFILTER_MIN)
		return;
	if (best->n != 0 && (r->minlen < best->minlen ||
	    (r->minlen == best->minlen && r->n >= best->n)))
		return;
	buf_clear(&best->text);
	buf_append(&best->text, r->text.data, r->text.len);
	best->n = r->n;
	best->minlen = r->minlen;
}

static void
req_free(struct req *r)
{
	buf_free(&r->text);
	r->n = r->minlen = 0;
}
