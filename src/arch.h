/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_ARCH_H
#define MHP_ARCH_H

#include <string.h>

#include "mhpbench.h"

/* Load configs/arch/NAME.conf under top; -1 with one line in err. */
int mhp_arch_load(const char *top, const char *name, struct mhp_arch *a,
		  char *err, size_t errlen);

/* Put the profile's big-block machine (bigblock_* keys) in place of its
 * machine, slots, memory and block size; -1 with one line in err when
 * it has none.
 */
int mhp_arch_bigblock(struct mhp_arch *a, char *err, size_t errlen);

/* The machine a run asks for: --bigblock, then --boot-mem. */
int mhp_arch_machine(const struct mhp_opts *o, struct mhp_arch *a, char *err,
		     size_t errlen);

/* Can this host run the arch: its QEMU binary and firmware present?
 * -1 with one line in err naming what is missing.
 */
int mhp_arch_check_host(const struct mhp_arch *a, char *err, size_t errlen);

/*
 * What the profile adds to the command line under accel: cmdline_tcg
 * under TCG, "" otherwise (the runner's -append, meta.json's record).
 * Inline: the LAVA guest's runner links qemu.c without arch.c.
 */
static inline const char *mhp_arch_accel_cmdline(const struct mhp_arch *a,
						 const char *accel)
{
	return accel && !strcmp(accel, "tcg") ? a->cmdline_tcg : "";
}

#endif
