/* SPDX-License-Identifier: MIT */
/*
 * Signal handling.  uv_async_send is async-signal-safe, so a handler
 * can wake the loop; the async handle is unreferenced so that it never
 * keeps the loop alive by itself.  The signals must reach the loop
 * thread, the one that may be blocked in write(2): libuv's worker
 * threads are started here with the signals blocked, and inherit that.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"

#define SIGNALS_GRACE 2		/* seconds for the last writes */

static const int caught[] = { SIGINT, SIGTERM };

static volatile sig_atomic_t pending;
static volatile sig_atomic_t report_asked;
static volatile sig_atomic_t reload_asked;
static volatile sig_atomic_t grace_over;
static int grace_started;
static uv_async_t wakeup;
static struct signals_callbacks on;
static int active;

static void	handler(int);
static void	report_handler(int);
static void	reload_handler(int);
static void	install_handler(int, void (*)(int), int);
static void	alarm_handler(int);
static void	wakeup_cb(uv_async_t *);
static void	start_workers(uv_loop_t *);
static void	no_work(uv_work_t *);
static void	no_work_done(uv_work_t *, int);

int
signals_init(uv_loop_t *loop, const struct signals_callbacks *cb)
{
	size_t i;
	int rc;

	on = *cb;
	rc = uv_async_init(loop, &wakeup, wakeup_cb);
	if (rc != 0)
		return rc;
	uv_unref((uv_handle_t *)&wakeup);
	active = 1;
	start_workers(loop);
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		install_handler(caught[i], handler, 0);
	/* These only ask for work: a blocked write goes on. */
	if (on.reload != NULL)
		install_handler(SIGHUP, reload_handler, SA_RESTART);
	if (on.report != NULL)
		install_handler(SIGUSR1, report_handler, SA_RESTART);
	return 0;
}

int
signals_pending(void)
{
	return pending;
}

void
signals_deadline(void)
{
	struct sigaction sa;

	if (grace_started)
		return;
	grace_started = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = alarm_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(SIGNALS_GRACE);
}

bool
signals_give_up(void)
{
	if (pending == 0)
		return false;
	signals_deadline();
	return grace_over != 0;
}

void
signals_exit(void)
{
	int sig = pending != 0 ? pending : SIGTERM;

	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

void
signals_close(void)
{
	if (active)
		uv_close((uv_handle_t *)&wakeup, NULL);
	active = 0;
}

/* Start libuv's thread pool with the caught signals blocked. */
static void
start_workers(uv_loop_t *loop)
{
	static uv_work_t work;
	sigset_t set, old;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		sigaddset(&set, caught[i]);
	sigaddset(&set, SIGALRM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	uv_queue_work(loop, &work, no_work, no_work_done);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void
no_work(uv_work_t *w)
{
	(void)w;
}

static void
no_work_done(uv_work_t *w, int status)
{
	(void)w;
	(void)status;
}

static void
handler(int sig)
{
	if (pending == 0)
		pending = sig;
	uv_async_send(&wakeup);
}

/* Install fn for sig, unless sig was ignored when rcannotate started. */
static void
install_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa, old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void
reload_handler(int sig)
{
	(void)sig;
	reload_asked = 1;
	uv_async_send(&wakeup);
}

static void
report_handler(int sig)
{
	(void)sig;
	report_asked = 1;
	uv_async_send(&wakeup);
}

/* Interrupts a blocked write(2), and says the grace period is over. */
static void
alarm_handler(int sig)
{
	(void)sig;
	grace_over = 1;
}

static void
wakeup_cb(uv_async_t *h)
{
	(void)h;
	if (pending != 0 && on.die != NULL)
		on.die(on.arg);
	if (reload_asked && on.reload != NULL) {
		reload_asked = 0;
		on.reload(on.arg);
	}
	if (report_asked && on.report != NULL) {
		report_asked = 0;
		on.report(on.arg);
	}
}
