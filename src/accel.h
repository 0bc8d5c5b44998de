/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_ACCEL_H
#define MHP_ACCEL_H

#include "mhpbench.h"

/*
 * Choose the accelerator. "auto" uses KVM only when a real boot of kernel
 * k under KVM reaches the guest driver (a /dev/kvm that exists can still
 * fail, e.g. nested); otherwise TCG. The verdict is cached per arch
 * profile (machine, CPU), host kernel and QEMU version in the cache
 * directory (kvm-probe/ARCH.conf); "kvm" probes afresh. why says how it
 * was decided.
 */
const char *mhp_accel_choose(const struct mhp_ctx *ctx,
			     const struct mhp_kernel *k, const char *logdir,
			     char *why, size_t len);

/* The probe after elapsed_ms, the console silent for quiet_ms. */
enum mhp_probe {
	MHP_PROBE_WAIT,		/* keep waiting for the guest driver */
	MHP_PROBE_SILENT,	/* no console output for too long: stuck */
	MHP_PROBE_SLOW,		/* printing, but no guest driver in time */
};

enum mhp_probe mhp_accel_probe_state(uint64_t elapsed_ms, uint64_t quiet_ms);

#endif
