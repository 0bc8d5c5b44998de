/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_OPTS_H
#define MHP_OPTS_H

#include "mhpbench.h"

/* Fill o from the config file (--config or the default) and then the
 * command line; validate everything. -1 with one line in err.
 */
int mhp_opts_parse(int argc, char **argv, const char *top, struct mhp_opts *o,
		   char *err, size_t errlen);

/*
 * The report's rule, recorded by the run: --alpha "0.01" (or "1%"),
 * 0 < alpha < 1; --min-change "0.05" or "5%", 0 to 1. -1 with one line
 * in err.
 */
#define MHP_ALPHA_DEFAULT 0.01
#define MHP_MIN_CHANGE_DEFAULT 0.05
int mhp_alpha_parse(const char *v, double *alpha, char *err, size_t errlen);
int mhp_min_change_parse(const char *v, double *frac, char *err,
			 size_t errlen);

/* Does a DIMM of this size suit the arch: whole blocks, under maxmem? */
bool mhp_size_fits(const struct mhp_arch *a, uint64_t size);

#endif
