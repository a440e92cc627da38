/* SPDX-License-Identifier: MIT */
/*
 * Literal prefilter: indexing the literals derived from the rules
 * (derive.c), and scanning text for them.  Scanning looks at a 4-byte
 * window of the text every few bytes (see prefilter_build): a table
 * of the literals' windows rejects almost every window at once, and a
 * window that passes is checked against the literals it belongs to.
 * Which windows index a literal is chosen again once some text has been
 * seen: those the text holds least.  Each literal found makes its rule a
 * candidate; only candidates are then run as regexes.  Text of many
 * lines is scanned in one go for the first literal, so that the lines
 * before it can be copied without looking at them one by one.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"

#define BLOOM_BITS 16
#define BUCKET_BITS 10		/* buckets of windows, by hash */
#define BUCKET_SHIFT (BLOOM_BITS - BUCKET_BITS)

/*
 * Rough costs in instructions, measured with callgrind on this code: a
 * window looked at, memchr over a megabyte, and each place an anchor
 * byte is found.
 */
#define COST_WINDOW 11
#define COST_MEMCHR (1024 * 1024 / 8)
#define COST_ANCHOR 30
static size_t	add_candidate(struct prefilter *, size_t, size_t, size_t *,
		    size_t);
static inline const struct prefilter_literal *bucket(
		    const struct prefilter *, unsigned,
		    const struct prefilter_literal **);
static inline bool occurs(const struct prefilter_literal *, unsigned,
		    const char *, size_t, size_t);
static inline bool bloom_test(const struct prefilter *, unsigned);
static inline void bloom_set(struct prefilter *, unsigned);
static inline size_t next_window(const struct prefilter *, const char *,
		    size_t, size_t);
static void	index_literals(struct prefilter *, size_t);
static void	index_windows(struct prefilter *, size_t);
static void	index_buckets(struct prefilter *);
static void	index_anchor(struct prefilter *, size_t);
static void	group_anchors(struct prefilter *);
static size_t	short_candidates(struct prefilter *, size_t, const char *,
		    size_t, size_t *, size_t);
static size_t	short_first(const struct prefilter *, size_t, const char *,
		    size_t, size_t);
static size_t	group_size(const struct prefilter *, size_t);
static inline bool short_occurs(const struct prefilter_short *,
		    const char *, size_t, size_t);
static size_t	plan_tiers(const struct prefilter *);
static uint64_t	tier_cost(const struct prefilter *, size_t);
static size_t	rarest_byte(const struct prefilter *, const char *, size_t);
static int	compare_anchor(const void *, const void *);
static void	sample(struct prefilter *, const char *, size_t);
static void	sort_ids(size_t *, size_t);
static inline unsigned load_key(const char *);
static size_t	literal_length(const struct prefilter *, size_t);
static size_t	rarest_run(const struct prefilter *, const char *, size_t,
		    size_t);
static int	window_score(const char *);
static inline unsigned bloom_hash(unsigned);
static int	compare_key(const void *, const void *);

bool
prefilter_add(struct prefilter *pf, const char *pattern, size_t id)
{
	struct buf lits = { 0 };
	const char *p, *nl;
	size_t n;

	n = prefilter_derive(pattern, &lits);
	if (n == 0) {
		pf->always = xreallocarray(pf->always, pf->nalways + 1,
		    sizeof(*pf->always));
		pf->always[pf->nalways++] = id;
		buf_free(&lits);
		return false;
	}
	buf_append(&lits, "\n", 1);
	pf->offsets = xreallocarray(pf->offsets, pf->n + n,
	    sizeof(*pf->offsets));
	pf->rules = xreallocarray(pf->rules, pf->n + n, sizeof(*pf->rules));
	for (p = lits.data; p < lits.data + lits.len; p = nl + 1) {
		nl = memchr(p, '\n', lits.data + lits.len - p);
		pf->rules[pf->n] = id;
		pf->offsets[pf->n++] = pf->text.len;
		buf_append(&pf->text, p, nl - p + 1);
	}
	buf_free(&lits);
	return true;
}

/*
 * Text need only be looked at every "stride" bytes, stride being the
 * shortest indexed literal's length less 3.  An occurrence of any
 * literal then covers stride window positions in a row, one of them
 * looked at.  So each literal is indexed by stride consecutive windows:
 * the rarest such run, to keep the table sparse for ordinary text.
 */
void
prefilter_build(struct prefilter *pf, size_t nids)
{
	pf->nids = nids;
	pf->seen = xcalloc(nids, 1);
	pf->last = xcalloc(nids + 1, sizeof(*pf->last));
	pf->bloom = xcalloc(1u << BLOOM_BITS, sizeof(*pf->bloom));
	pf->buckets = xcalloc((1u << BUCKET_BITS) + 1, sizeof(*pf->buckets));
	pf->shorts = xcalloc(pf->n + 1, sizeof(*pf->shorts));
	index_literals(pf, 0);
	if (pf->n > 0) {
		pf->freq = xcalloc(1u << BLOOM_BITS, sizeof(*pf->freq));
		pf->sample_left = PREFILTER_SAMPLE;
	}
}

/*
 * Index the literals of length from_len and longer by windows (see
 * prefilter_build), each by the run of windows least likely to be met
 * in the text; the shorter ones by their rarest byte (see short_first).
 */
static void
index_literals(struct prefilter *pf, size_t from_len)
{
	size_t i, len, shortest = SIZE_MAX;

	for (i = 0; i < pf->n; i++) {
		len = literal_length(pf, i);
		if (len >= from_len && len < shortest)
			shortest = len;
	}
	pf->stride = shortest != SIZE_MAX ? shortest - PREFILTER_MIN + 1 : 1;
	pf->lits = xreallocarray(pf->lits, pf->n * pf->stride + 1,
	    sizeof(*pf->lits));
	memset(pf->bloom, 0, 1u << BLOOM_BITS);
	pf->nlits = 0;
	pf->nshorts = 0;
	for (i = 0; i < pf->n; i++) {
		if (literal_length(pf, i) >= from_len)
			index_windows(pf, i);
		else
			index_anchor(pf, i);
	}
	qsort(pf->lits, pf->nlits, sizeof(*pf->lits), compare_key);
	index_buckets(pf);
	group_anchors(pf);
}

/* Index literal i by the rarest run of stride windows. */
static void
index_windows(struct prefilter *pf, size_t i)
{
	struct prefilter_literal *l;
	const char *lit = pf->text.data + pf->offsets[i];
	size_t k, b, len = literal_length(pf, i);

	b = rarest_run(pf, lit, len, pf->stride);
	for (k = b; k < b + pf->stride; k++) {
		l = &pf->lits[pf->nlits++];
		l->s = lit;
		l->len = len;
		l->at = k;
		l->key = load_key(lit + k);
		l->rule = pf->rules[i];
		bloom_set(pf, l->key);
	}
}

/* Note where each bucket of windows (sorted by hash) starts. */
static void
index_buckets(struct prefilter *pf)
{
	size_t i, b;

	for (i = 0, b = 0; b <= (1u << BUCKET_BITS); b++) {
		while (i < pf->nlits &&
		    bloom_hash(pf->lits[i].key) >> BUCKET_SHIFT < b)
			i++;
		pf->buckets[b] = i;
	}
}

/* Index literal i by its byte the sampled text held least. */
static void
index_anchor(struct prefilter *pf, size_t i)
{
	struct prefilter_short *sh = &pf->shorts[pf->nshorts++];

	sh->s = pf->text.data + pf->offsets[i];
	sh->len = literal_length(pf, i);
	sh->at = rarest_byte(pf, sh->s, sh->len);
	sh->rule = pf->rules[i];
}

/* Sort the short literals by anchor byte, and list the anchors. */
static void
group_anchors(struct prefilter *pf)
{
	const struct prefilter_short *sh;
	size_t i;

	qsort(pf->shorts, pf->nshorts, sizeof(*pf->shorts), compare_anchor);
	pf->nanchors = 0;
	pf->maxat = 0;
	for (i = 0; i < pf->nshorts; i++) {
		sh = &pf->shorts[i];
		if (sh->at > pf->maxat)
			pf->maxat = sh->at;
		if (pf->nanchors == 0 || pf->anchor[pf->nanchors - 1] !=
		    (unsigned char)sh->s[sh->at])
			pf->anchor[pf->nanchors++] = sh->s[sh->at];
		pf->anchor_end[pf->nanchors - 1] = i + 1;
	}
}

size_t
prefilter_candidates(struct prefilter *pf, const char *s, size_t len,
    size_t *ids)
{
	const struct prefilter_literal *l, *end;
	unsigned key;
	size_t i, n = 0;

	for (i = 0; i < pf->nalways; i++)
		n = add_candidate(pf, pf->always[i], SIZE_MAX, ids, n);
	if (pf->sample_left > 0)
		sample(pf, s, len);
	for (i = next_window(pf, s, 0, len); i < len;
	    i = next_window(pf, s, i + pf->stride, len)) {
		key = load_key(s + i);
		for (l = bucket(pf, key, &end); l < end; l++)
			if (occurs(l, key, s, len, i))
				n = add_candidate(pf, l->rule, i - l->at,
				    ids, n);
	}
	for (i = 0; i < pf->nanchors; i++)
		n = short_candidates(pf, i, s, len, ids, n);
	for (i = 0; i < n; i++)
		pf->seen[ids[i]] = 0;
	sort_ids(ids, n);
	return n;
}

/*
 * The same scan over many lines at once, stopping at the first literal
 * found.  Any literal that starts before the one returned overlaps it,
 * so it lies on the same line or crosses a newline (and matches
 * nothing): everything before that line is free of literals.
 */
size_t
prefilter_first(struct prefilter *pf, const char *s, size_t len)
{
	const struct prefilter_literal *l, *end;
	unsigned key;
	size_t i, first = len;

	if (pf->nalways > 0)
		return 0;
	if (pf->n == 0)
		return len;		/* no rules at all */
	if (pf->sample_left > 0)
		sample(pf, s, len);
	for (i = next_window(pf, s, 0, len); i < len && first == len;
	    i = next_window(pf, s, i + pf->stride, len)) {
		key = load_key(s + i);
		for (l = bucket(pf, key, &end); l < end; l++)
			if (occurs(l, key, s, len, i)) {
				first = i - l->at;
				break;
			}
	}
	for (i = 0; i < pf->nanchors; i++)
		first = short_first(pf, i, s, len, first);
	return first;
}

size_t
prefilter_last(const struct prefilter *pf, size_t id)
{
	return pf->last[id];
}

void
prefilter_free(struct prefilter *pf)
{
	buf_free(&pf->text);
	free(pf->offsets);
	free(pf->rules);
	free(pf->always);
	free(pf->seen);
	free(pf->last);
	free(pf->lits);
	free(pf->bloom);
	free(pf->buckets);
	free(pf->freq);
	free(pf->shorts);
	memset(pf, 0, sizeof(*pf));
}

static size_t
add_candidate(struct prefilter *pf, size_t id, size_t at, size_t *ids,
    size_t n)
{
	if (pf->seen[id]) {
		if (at > pf->last[id])
			pf->last[id] = at;
		return n;
	}
	pf->seen[id] = 1;
	pf->last[id] = at;
	ids[n] = id;
	return n + 1;
}

/*
 * The windows that share key's bucket (its hash's top bits), from the
 * first one to *end.  Buckets hold a window or two at most.
 */
static inline const struct prefilter_literal *
bucket(const struct prefilter *pf, unsigned key,
    const struct prefilter_literal **end)
{
	unsigned b = bloom_hash(key) >> BUCKET_SHIFT;

	*end = pf->lits + pf->buckets[b + 1];
	return pf->lits + pf->buckets[b];
}

/* Does literal l occur in s with its window at offset i? */
static inline bool
occurs(const struct prefilter_literal *l, unsigned key, const char *s,
    size_t len, size_t i)
{
	return l->key == key && i >= l->at && i - l->at + l->len <= len &&
	    memcmp(s + i - l->at, l->s, l->len) == 0;
}

/*
 * From i on, in steps of stride, the first window whose key is in the
 * table; len if none.  This loop is where the time goes.
 */
static inline size_t
next_window(const struct prefilter *pf, const char *s, size_t i,
    size_t len)
{
	const uint8_t *bloom = pf->bloom;
	size_t stride = pf->stride, last;
	unsigned a, b, c, d;

	if (len < PREFILTER_MIN)
		return len;
	last = len - PREFILTER_MIN;
	/* Four windows a turn, one branch: the entries are or'ed. */
	for (; i + 3 * stride <= last; i += 4 * stride) {
		a = bloom_hash(load_key(s + i));
		b = bloom_hash(load_key(s + i + stride));
		c = bloom_hash(load_key(s + i + 2 * stride));
		d = bloom_hash(load_key(s + i + 3 * stride));
		if (bloom[a] | bloom[b] | bloom[c] | bloom[d])
			break;
	}
	for (; i <= last; i += stride) {
		a = bloom_hash(load_key(s + i));
		if (bloom[a])
			return i;
	}
	return len;
}

static inline void
bloom_set(struct prefilter *pf, unsigned key)
{
	unsigned h = bloom_hash(key);

	pf->bloom[h] = 1;
}

static inline bool
bloom_test(const struct prefilter *pf, unsigned key)
{
	unsigned h = bloom_hash(key);

	return pf->bloom[h] != 0;
}

/*
 * Count how often each window (by hash) and each byte occurs in the text
 * scanned, and once enough has been seen, index the literals again by
 * the windows and bytes this text holds least.  The choice changes only
 * speed: any choice finds every literal.
 */
static void
sample(struct prefilter *pf, const char *s, size_t len)
{
	size_t i;

	if (len > pf->sample_left)
		len = pf->sample_left;
	for (i = 0; i + PREFILTER_MIN <= len; i++)
		pf->freq[bloom_hash(load_key(s + i))]++;
	for (i = 0; i < len; i++)
		pf->bytes[(unsigned char)s[i]]++;
	pf->sampled += len;
	pf->sample_left -= len;
	if (pf->sample_left == 0)
		index_literals(pf, plan_tiers(pf));
}

/*
 * Short literals are found by their anchor: memchr finds each place the
 * anchor byte occurs, and the literals with that anchor are compared
 * there.  That beats a smaller stride for all while the anchors are rare
 * in the text (see plan_tiers).
 */
static size_t
short_candidates(struct prefilter *pf, size_t g, const char *s,
    size_t len, size_t *ids, size_t n)
{
	const struct prefilter_short *sh, *end = pf->shorts + pf->anchor_end[g];
	const char *p = s, *stop = s + len;

	while ((p = memchr(p, pf->anchor[g], stop - p)) != NULL) {
		for (sh = end - group_size(pf, g); sh < end; sh++)
			if (short_occurs(sh, s, len, p - s))
				n = add_candidate(pf, sh->rule,
				    p - s - sh->at, ids, n);
		p++;
	}
	return n;
}

/*
 * The smallest start before first of a short literal of anchor group g
 * in s; first if there is none.
 */
static size_t
short_first(const struct prefilter *pf, size_t g, const char *s,
    size_t len, size_t first)
{
	const struct prefilter_short *sh, *end = pf->shorts + pf->anchor_end[g];
	const char *p = s, *stop;

	stop = s + (first + pf->maxat < len ? first + pf->maxat : len);
	while (p < stop && (p = memchr(p, pf->anchor[g], stop - p)) != NULL) {
		for (sh = end - group_size(pf, g); sh < end; sh++)
			if ((size_t)(p - s) - sh->at < first &&
			    short_occurs(sh, s, len, p - s))
				first = p - s - sh->at;
		if (first + pf->maxat < (size_t)(stop - s))
			stop = s + first + pf->maxat;
		p++;
	}
	return first;
}

static size_t
group_size(const struct prefilter *pf, size_t g)
{
	return pf->anchor_end[g] - (g > 0 ? pf->anchor_end[g - 1] : 0);
}

/* Does short literal sh occur in s with its anchor at offset i? */
static inline bool
short_occurs(const struct prefilter_short *sh, const char *s, size_t len,
    size_t i)
{
	return i >= sh->at && i - sh->at + sh->len <= len &&
	    memcmp(s + i - sh->at, sh->s, sh->len) == 0;
}

/*
 * Which literals to find by anchor: those shorter than the length this
 * returns.  Each choice is priced from the sampled text: the windows at
 * the stride the longer literals allow, plus, for each anchor, memchr
 * over all text and a look at each place the anchor occurs.  0 (find
 * all by windows) unless another choice is cheaper.
 */
static size_t
plan_tiers(const struct prefilter *pf)
{
	size_t i, len, best = 0;
	uint64_t cost, least = tier_cost(pf, 0);

	for (i = 0; i < pf->n; i++) {
		len = literal_length(pf, i) + 1;
		cost = tier_cost(pf, len);
		if (cost < least || (cost == least && len < best)) {
			least = cost;
			best = len;
		}
	}
	return best;
}

/*
 * The cost, per megabyte of text like the sample, in instructions, of
 * finding literals shorter than from_len by anchor and the others by
 * windows; UINT64_MAX if that needs too many anchors.
 */
static uint64_t
tier_cost(const struct prefilter *pf, size_t from_len)
{
	unsigned char anchors[PREFILTER_ANCHORS];
	size_t i, j, len, n = 0, shortest = SIZE_MAX;
	uint64_t cost = 0, total = pf->sampled > 0 ? pf->sampled : 1;
	unsigned char c;
	const char *lit;

	for (i = 0; i < pf->n; i++) {
		lit = pf->text.data + pf->offsets[i];
		len = literal_length(pf, i);
		if (len >= from_len) {
			shortest = len < shortest ? len : shortest;
			continue;
		}
		c = lit[rarest_byte(pf, lit, len)];
		for (j = 0; j < n && anchors[j] != c; j++)
			;
		if (j < n)
			continue;
		if (n == PREFILTER_ANCHORS)
			return UINT64_MAX;
		anchors[n++] = c;
		cost += COST_MEMCHR + COST_ANCHOR * pf->bytes[c] *
		    (1024 * 1024) / total;
	}
	if (shortest != SIZE_MAX)
		cost += COST_WINDOW * 1024 * 1024 /
		    (shortest - PREFILTER_MIN + 1);
	return cost;
}

/* Where in the literal its byte the sampled text held least is. */
static size_t
rarest_byte(const struct prefilter *pf, const char *lit, size_t len)
{
	size_t i, best = 0;

	for (i = 1; i < len; i++)
		if (pf->bytes[(unsigned char)lit[i]] <
		    pf->bytes[(unsigned char)lit[best]])
			best = i;
	return best;
}

/* Candidates are few: insertion sort. */
static void
sort_ids(size_t *ids, size_t n)
{
	size_t i, j, v;

	for (i = 1; i < n; i++) {
		v = ids[i];
		for (j = i; j > 0 && ids[j - 1] > v; j--)
			ids[j] = ids[j - 1];
		ids[j] = v;
	}
}

static size_t
literal_length(const struct prefilter *pf, size_t i)
{
	const char *lit = pf->text.data + pf->offsets[i];

	return (size_t)((const char *)memchr(lit, '\n',
	    pf->text.len - pf->offsets[i]) - lit);
}

/*
 * How unlikely the 4-byte window at p is in ordinary log text.  Common
 * letters score low, other letters more, punctuation, digits and
 * capitals most; a blank inside the window scores high, since a window
 * across two words is rarer than one inside a common word ("r is" is
 * rarer than "serv"), while a blank at its edge adds nothing.
 */
static int
window_score(const char *p)
{
	static const char common[] = "etaoinsrl";
	int j, score = 0;
	unsigned char c;

	for (j = 0; j < PREFILTER_MIN; j++) {
		c = (unsigned char)p[j];
		if (c == ' ')
			score += j == 1 || j == 2 ? 6 : 0;
		else if (c != '\0' && strchr(common, c) != NULL)
			score += 1;
		else
			score += c >= 'a' && c <= 'z' ? 3 : 4;
	}
	return score;
}

/*
 * The start of the run of n windows of the literal to index it by: the
 * one the scan will stop at least.  Once text has been sampled, that is
 * the run whose windows it held least (a window an earlier literal
 * already uses costs a quarter: the scan stops there anyway).  Before,
 * and to break ties, the guess of window_score, avoiding windows that
 * earlier literals use (each shared key costs a comparison per hit).
 */
static size_t
rarest_run(const struct prefilter *pf, const char *s, size_t len, size_t n)
{
	size_t b, j, best = 0;
	uint64_t seen, least = UINT64_MAX;
	long score, top = LONG_MIN;
	unsigned h;
	bool taken;

	for (b = 0; b + n - 1 + PREFILTER_MIN <= len; b++) {
		score = 0;
		seen = 0;
		for (j = b; j < b + n; j++) {
			h = bloom_hash(load_key(s + j));
			taken = bloom_test(pf, load_key(s + j));
			score += window_score(s + j) - (taken ? 8 : 0);
			if (pf->freq != NULL)
				seen += taken ? pf->freq[h] : 4 *
				    (uint64_t)pf->freq[h];
		}
		if (seen < least || (seen == least && score > top)) {
			least = seen;
			top = score;
			best = b;
		}
	}
	return best;
}

static inline unsigned
load_key(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline unsigned
bloom_hash(unsigned key)
{
	return (uint32_t)(key * 2654435761u) >> (32 - BLOOM_BITS);
}

static int
compare_anchor(const void *a, const void *b)
{
	const struct prefilter_short *x = a, *y = b;
	unsigned char cx = x->s[x->at], cy = y->s[y->at];

	return (cx > cy) - (cx < cy);
}

/* By hash, then by key. */
static int
compare_key(const void *a, const void *b)
{
	const struct prefilter_literal *x = a, *y = b;
	unsigned hx = bloom_hash(x->key), hy = bloom_hash(y->key);

	if (hx != hy)
		return (hx > hy) - (hx < hy);
	return (x->key > y->key) - (x->key < y->key);
}
