/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 validation for data files (catalogue and rules).  Log lines are
 * never validated: they pass through as bytes and PCRE2 copes with
 * invalid sequences itself.
 */
#ifndef RCANNOTATE_UTF8_H
#define RCANNOTATE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Return true if the bytes are well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF).  On false, *bad is the offset of
 * the first byte of the offending sequence.
 */
bool	utf8_valid(const char *s, size_t len, size_t *bad);

#endif
