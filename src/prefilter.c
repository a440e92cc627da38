/* SPDX-License-Identifier: MIT */
/*
 * Literal prefilter: indexing the literals derived from the rules
 * (derive.c), and scanning text for them.  Scanning looks at a 4-byte
 * window of the text every few bytes (see prefilter_build): a bit table
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
static size_t	add_candidate(struct prefilter *, size_t, size_t *, size_t);
static inline const struct prefilter_literal *bucket(
		    const struct prefilter *, unsigned,
		    const struct prefilter_literal **);
static inline bool occurs(const struct prefilter_literal *, unsigned,
		    const char *, size_t, size_t);
static inline bool bloom_test(const struct prefilter *, unsigned);
static inline void bloom_set(struct prefilter *, unsigned);
static inline size_t next_window(const struct prefilter *, const char *,
		    size_t, size_t);
static void	index_literals(struct prefilter *);
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
 * A line need only be looked at every "stride" bytes, stride being the
 * shortest literal's length less 3.  An occurrence of any literal then
 * covers stride window positions in a row, one of them looked at.  So
 * each literal is indexed by stride consecutive windows: the rarest such
 * run, to keep the bit table sparse for ordinary text.
 */
void
prefilter_build(struct prefilter *pf, size_t nids)
{
	size_t i, len, shortest = SIZE_MAX;

	pf->nids = nids;
	pf->seen = xcalloc(nids, 1);
	pf->bloom = xcalloc((1u << BLOOM_BITS) / 64, sizeof(*pf->bloom));
	pf->buckets = xcalloc((1u << BUCKET_BITS) + 1, sizeof(*pf->buckets));
	for (i = 0; i < pf->n; i++) {
		len = literal_length(pf, i);
		if (len < shortest)
			shortest = len;
	}
	pf->stride = pf->n > 0 ? shortest - PREFILTER_MIN + 1 : 1;
	pf->lits = xcalloc(pf->n * pf->stride + 1, sizeof(*pf->lits));
	index_literals(pf);
	if (pf->n > 0) {
		pf->freq = xcalloc(1u << BLOOM_BITS, sizeof(*pf->freq));
		pf->sample_left = PREFILTER_SAMPLE;
	}
}

/*
 * Index each literal by the run of windows least likely to be met in
 * the text, then sort the windows by hash and note where each bucket
 * starts.
 */
static void
index_literals(struct prefilter *pf)
{
	struct prefilter_literal *l;
	size_t i, k, b, len;
	const char *lit;

	memset(pf->bloom, 0, (1u << BLOOM_BITS) / 8);
	pf->nlits = 0;
	for (i = 0; i < pf->n; i++) {
		lit = pf->text.data + pf->offsets[i];
		len = literal_length(pf, i);
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
	qsort(pf->lits, pf->nlits, sizeof(*pf->lits), compare_key);
	for (i = 0, b = 0; b <= (1u << BUCKET_BITS); b++) {
		while (i < pf->nlits &&
		    bloom_hash(pf->lits[i].key) >> BUCKET_SHIFT < b)
			i++;
		pf->buckets[b] = i;
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
		n = add_candidate(pf, pf->always[i], ids, n);
	if (pf->sample_left > 0)
		sample(pf, s, len);
	for (i = next_window(pf, s, 0, len); i < len;
	    i = next_window(pf, s, i + pf->stride, len)) {
		key = load_key(s + i);
		for (l = bucket(pf, key, &end); l < end; l++)
			if (occurs(l, key, s, len, i))
				n = add_candidate(pf, l->rule, ids, n);
	}
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
	size_t i;

	if (pf->nalways > 0)
		return 0;
	if (pf->sample_left > 0)
		sample(pf, s, len);
	for (i = next_window(pf, s, 0, len); i < len;
	    i = next_window(pf, s, i + pf->stride, len)) {
		key = load_key(s + i);
		for (l = bucket(pf, key, &end); l < end; l++)
			if (occurs(l, key, s, len, i))
				return i - l->at;
	}
	return len;
}

void
prefilter_free(struct prefilter *pf)
{
	buf_free(&pf->text);
	free(pf->offsets);
	free(pf->rules);
	free(pf->always);
	free(pf->seen);
	free(pf->lits);
	free(pf->bloom);
	free(pf->buckets);
	free(pf->freq);
	memset(pf, 0, sizeof(*pf));
}

static size_t
add_candidate(struct prefilter *pf, size_t id, size_t *ids, size_t n)
{
	if (pf->seen[id])
		return n;
	pf->seen[id] = 1;
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
 * bit table; len if none.  This loop is where the time goes.
 */
static inline size_t
next_window(const struct prefilter *pf, const char *s, size_t i,
    size_t len)
{
	const uint64_t *bloom = pf->bloom;
	size_t stride = pf->stride;
	unsigned h;

	if (len < PREFILTER_MIN)
		return len;
	for (; i <= len - PREFILTER_MIN; i += stride) {
		h = bloom_hash(load_key(s + i));
		if ((bloom[h / 64] >> (h % 64)) & 1)
			return i;
	}
	return len;
}

static inline void
bloom_set(struct prefilter *pf, unsigned key)
{
	unsigned h = bloom_hash(key);

	pf->bloom[h / 64] |= (uint64_t)1 << (h % 64);
}

static inline bool
bloom_test(const struct prefilter *pf, unsigned key)
{
	unsigned h = bloom_hash(key);

	return (pf->bloom[h / 64] >> (h % 64)) & 1;
}

/*
 * Count how often each window (by hash) occurs in the text scanned, and
 * once enough has been seen, index the literals again by the windows
 * this text holds least.  Which windows are chosen changes only speed:
 * any choice finds every literal.
 */
static void
sample(struct prefilter *pf, const char *s, size_t len)
{
	size_t i;

	if (len > pf->sample_left)
		len = pf->sample_left;
	for (i = 0; i + PREFILTER_MIN <= len; i++)
		pf->freq[bloom_hash(load_key(s + i))]++;
	pf->sample_left -= len;
	if (pf->sample_left == 0)
		index_literals(pf);
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
