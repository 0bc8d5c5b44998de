/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_OPTS_H
#define MHP_OPTS_H

#include "mhpbench.h"

/* Fill o from the config file (--config or the default) and then the
 * command line; validate everything. -1 with one line in err.
 */
int mhp_opts_parse(int argc, char **argv, const char *top, struct mhp_opts *o,
		   char *err, size_t errlen);

/* Does a DIMM of this size suit the arch: whole blocks, under maxmem? */
bool mhp_size_fits(const struct mhp_arch *a, uint64_t size);

#endif
