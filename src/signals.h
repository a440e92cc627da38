/* SPDX-License-Identifier: MIT */
/*
 * The signals that end rcannotate, SIGINT and SIGTERM; SIGHUP, which
 * asks for the patterns to be loaded again; and SIGUSR1, which asks for
 * the summary while running.  The handlers only record the signal and
 * wake the event loop, which acts on it.  For an ending signal the loop
 * writes what was read and dies of the same signal; that handler is
 * installed without SA_RESTART, so a write blocked on a stuck reader is
 * interrupted too.  A signal that was ignored at start stays ignored.
 */
#ifndef RCANNOTATE_SIGNALS_H
#define RCANNOTATE_SIGNALS_H

#include <stdbool.h>

#include <uv.h>

/* Called on the loop thread after a signal arrived. */
typedef void	signals_cb(void *arg);

/* What the loop does about each signal; each gets arg. */
struct signals_callbacks {
	signals_cb	*die;		/* SIGINT, SIGTERM */
	signals_cb	*reload;	/* SIGHUP */
	signals_cb	*report;	/* SIGUSR1 */
	void		*arg;
};

/*
 * Install the handlers; the callbacks run on loop.  A NULL reload or
 * report leaves SIGHUP or SIGUSR1 their default action (to die).
 */
int	signals_init(uv_loop_t *loop, const struct signals_callbacks *cb);

/* The signal that arrived, or 0. */
int	signals_pending(void);

/*
 * Give the last writes a bounded time (a stuck reader cannot keep
 * rcannotate alive): after this, a blocked write is interrupted within
 * a couple of seconds.  Called again, it changes nothing.
 */
void	signals_deadline(void);

/*
 * For a write that was cut short: true if a signal is pending and its
 * grace period is over, so the write should be abandoned.  The first
 * call after a signal starts the grace period.
 */
bool	signals_give_up(void);

/* Die of the pending signal, with its default action. */
_Noreturn void	signals_exit(void);

/* Close the loop handle (before the loop is closed). */
void	signals_close(void);

#endif
