/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_SUMMARY_H
#define MHP_SUMMARY_H

#include <stdio.h>

#include "results.h"

/* The per variant and size summary of a run, as text (summary.txt). */
void mhp_summary(FILE *f, const struct mhp_run *r, const char *accel,
		 const char *qemu_version);

#endif
