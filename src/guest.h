/* SPDX-License-Identifier: GPL-2.0 */
/* A QEMU guest under the runner's control (qemu.c, ctl.c). */
#ifndef MHP_HOST_GUEST_H
#define MHP_HOST_GUEST_H

#include "compiler.h"
#include "mhpbench.h"

/* Start QEMU for kernel k with the arch profile's machine, logs into
 * logdir (console.log, qemu.log); connect QMP and the control port.
 */
int mhp_guest_start(const struct mhp_ctx *ctx, const struct mhp_kernel *k,
		    const char *accel, const char *logdir, struct mhp_guest *g,
		    char *err, size_t errlen);

/* Wait for the guest driver's HELLO (pinging it); 0, or -1 on timeout
 * or an early QEMU exit.
 */
int mhp_guest_hello(struct mhp_guest *g, int timeout_ms, struct mhp_msg *m);

int mhp_guest_send(struct mhp_guest *g, const char *fmt, ...)
	__printf(2, 3);

/* Next message: 0; -1 on timeout; -2 when QEMU exited or the port closed. */
int mhp_guest_recv(struct mhp_guest *g, struct mhp_msg *m, int timeout_ms);

/*
 * The guest's console so far: its first line with needle in it, from
 * there on and trimmed, into out; false when it has none.
 */
bool mhp_guest_console_has(const struct mhp_guest *g, const char *needle,
			   char *out, size_t len);

/* Why a guest failed, from its state and console: panic, QEMU exit... */
enum mhp_outcome mhp_guest_diagnose(struct mhp_guest *g, char *reason,
				    size_t len);

/* Say BYE, quit QEMU, reap it (killing its process group if it lingers)
 * and remove the private socket directory. Safe to call twice.
 */
void mhp_guest_stop(struct mhp_guest *g);

bool mhp_pid_exited(pid_t pid);

/*
 * The profile's CPUs, memory, NUMA nodes and firmware as QEMU options
 * (-smp, -m, -object, -numa, -bios), each handed to emit with its value:
 * what the runner starts QEMU with, and what mhpbench lava writes into
 * its LAVA device descriptions.
 */
void mhp_qemu_machine_opts(const struct mhp_arch *ar,
			   void (*emit)(void *ctx, const char *opt,
					const char *val),
			   void *ctx);

/* Kill every QEMU still running: for signal handlers and exit paths. */
void mhp_guest_kill_all(void);

#endif
