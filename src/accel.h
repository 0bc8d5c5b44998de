/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_ACCEL_H
#define MHP_ACCEL_H

#include "mhpbench.h"

/*
 * Choose the accelerator. "auto" uses KVM only when a real boot of kernel
 * k under KVM reaches the guest driver (a /dev/kvm that exists can still
 * fail, e.g. nested); otherwise TCG. why says how it was decided.
 */
const char *mhp_accel_choose(const struct mhp_ctx *ctx,
			     const struct mhp_kernel *k, const char *logdir,
			     char *why, size_t len);

#endif
