/* SPDX-License-Identifier: MIT */
/*
 * Input: reads one file, or standard input, in large chunks.  A pipe,
 * FIFO, tty or device is read on libuv's thread pool (uv_fs_read with the
 * current file position), where a blocking read(2) returns as soon as
 * data is there.  No descriptor is ever switched to non-blocking mode,
 * so a pipe shared with other processes keeps its flags.  At most one
 * chunk is read ahead of the one being handed over (only from a regular
 * file, which never blocks for long), so a slow consumer throttles
 * reading.
 */
#ifndef RCANNOTATE_INPUT_H
#define RCANNOTATE_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#define INPUT_CHUNK (256 * 1024)

/* Status for on_done: the input is the regular file rcannotate writes. */
#define INPUT_IS_OUTPUT (-1000000)

struct input;

/* A chunk has arrived; the bytes are valid only during the call. */
typedef void	input_data_cb(struct input *in, const char *data, size_t len);

/* The input ended: status 0 at end of file, else a negative libuv code. */
typedef void	input_done_cb(struct input *in, int status);

struct input {
	uv_loop_t	*loop;
	const char	*path;		/* NULL for standard input */
	uv_file		 fd;
	uv_fs_t		 req;
	char		*chunks[2];	/* taking turns */
	int		 next;		/* the chunk the next read fills */
	bool		 stopped;
	bool		 opened;	/* the open, not the read, failed */
	bool		 guard;		/* refuse the file below */
	bool		 regular;	/* read ahead: it never blocks long */
	bool		 reading;	/* a read is under way */
	int64_t		 at;		/* a regular file: the next read's offset */
	uv_stat_t	 output;	/* the output, when a regular file */
	input_data_cb	*on_data;
	input_done_cb	*on_done;
	void		*arg;
};

/*
 * Start reading path (NULL: standard input).  The callbacks run on the
 * loop thread; on_done is called exactly once, unless input_stop() was
 * called first.  Return 0 or a negative libuv code.
 */
int	input_start(struct input *in, uv_loop_t *loop, const char *path,
	    input_data_cb *on_data, input_done_cb *on_done, void *arg);

/*
 * Refuse to read the regular file open on out_fd (reading the file one
 * appends to never ends).  Call before input_start; no effect when out_fd
 * is not a regular file.
 */
void	input_guard_output(struct input *in, int out_fd);

/* Request no more data; safe to call from on_data. */
void	input_stop(struct input *in);

/* The name to show in messages. */
const char *input_name(const struct input *in);

#endif
