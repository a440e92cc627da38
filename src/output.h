/* SPDX-License-Identifier: MIT */
/*
 * Output: collects annotated bytes and writes them to a descriptor.  The
 * descriptor is written with plain blocking write(2) from the loop thread:
 * a slow reader then throttles reading, memory stays bounded, and no flag
 * of a descriptor shared with other processes is ever changed.  If the
 * descriptor is already non-blocking (set by someone else), EAGAIN is
 * waited out with poll(2).
 */
#ifndef RCANNOTATE_OUTPUT_H
#define RCANNOTATE_OUTPUT_H

#include "buf.h"

/* Flush once this much is buffered, even in the middle of a chunk. */
#define OUTPUT_HIGH_WATER (256 * 1024)
#define OUTPUT_PIPE_SIZE (1024 * 1024)

/*
 * Bytes queued by reference: they go out after the first own_end bytes
 * of the buffer (and before the rest).
 */
struct output_ref {
	size_t		 own_end;
	const char	*p;
	size_t		 len;
};

#define OUTPUT_REFS 64		/* references queued at most */

struct output {
	int		fd;
	struct buf	buf;
	int		error;		/* first write error, -errno */
	struct output_ref refs[OUTPUT_REFS];
	size_t		nrefs;
	size_t		ref_bytes;
};

void	output_init(struct output *o, int fd);

/*
 * Write everything buffered.  Return 0, or the first write error as a
 * negative errno value; after an error, buffered bytes are discarded.
 */
int	output_flush(struct output *o);

/*
 * Queue len bytes at p to go out next, without copying them: they must
 * stay as they are until the next output_flush.
 */
void	output_add_ref(struct output *o, const char *p, size_t len);

/* Flush if more than OUTPUT_HIGH_WATER bytes are waiting. */
int	output_maybe_flush(struct output *o);

void	output_free(struct output *o);

#endif
