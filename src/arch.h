/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_ARCH_H
#define MHP_ARCH_H

#include "mhpbench.h"

/* Load configs/arch/NAME.conf under top; -1 with one line in err. */
int mhp_arch_load(const char *top, const char *name, struct mhp_arch *a,
		  char *err, size_t errlen);

/* Can this host run the arch: its QEMU binary and firmware present?
 * -1 with one line in err naming what is missing.
 */
int mhp_arch_check_host(const struct mhp_arch *a, char *err, size_t errlen);

#endif
