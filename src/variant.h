/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_VARIANT_H
#define MHP_VARIANT_H

#include "mhpbench.h"

/* Check that configs/variants/NAME.conf exists and is well-formed. */
int mhp_variant_check(const char *top, const char *name, char *err,
		      size_t errlen);

struct mhp_prebuilt_src;
/*
 * A variant file naming a kernel the suite does not build (kernel =
 * PATH, or debian_package = NAME): 1 with *src filled, 0 for a variant
 * the suite builds, -1 with a reason.
 */
int mhp_variant_prebuilt(const char *top, const char *name,
			 struct mhp_prebuilt_src *src, char *err, size_t errlen);

/* Load the built kernel of a variant from KERNELS/ARCH/VARIANT/build.json. */
int mhp_kernel_load(const struct mhp_opts *o, const struct mhp_arch *a,
		    const char *variant, struct mhp_kernel *k, char *err,
		    size_t errlen);
void mhp_kernel_free(struct mhp_kernel *k);

#endif
