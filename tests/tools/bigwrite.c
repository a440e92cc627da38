/* SPDX-License-Identifier: MIT */
/*
 * Test helper: write 1 MiB to standard output in a single write(2) call
 * and report on stderr how many bytes that call wrote.  Exit 1 on a short
 * write or an error (as happens when a shared pipe was left non-blocking).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIZE (1024 * 1024)

int
main(void)
{
	char *p = malloc(SIZE);
	ssize_t n;

	if (p == NULL)
		return 2;
	memset(p, 'x', SIZE);
	n = write(1, p, SIZE);
	fprintf(stderr, "bigwrite: %zd\n", n < 0 ? -(ssize_t)errno : n);
	free(p);
	return n == SIZE ? 0 : 1;
}
