/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the numbers came from, from meta.json: host, QEMU and its
 * accelerator, arch profiles, options, and each kernel (build id, config,
 * cmdline). And what differs between compared runs besides the variant.
 */
#ifndef MHP_PROVENANCE_H
#define MHP_PROVENANCE_H

#include <stdio.h>

#include "comparison.h"

/* "emulated (TCG)", "KVM (hardware-assisted)", or the accelerator. */
const char *mhp_accel_label(const char *accel);

/* True when any arch of the run was timed without KVM. */
bool mhp_timing_emulated(const struct mhp_rundata *rd);

/* The arches of a run, in order of their first sample; how many. */
size_t mhp_run_arches(const struct mhp_rundata *rd, const char **out,
		      size_t max);

/* The provenance block of a run for the text report (72 columns), with
 * the kernels of the variants the report uses.
 */
void mhp_provenance_text(FILE *f, const struct mhp_report *r, int side);

/*
 * The provenance of the report as short lines for the foot of a figure
 * (at most MHP_PROV_LINES lines of at most MHP_PROV_WIDTH characters,
 * separated by '\n'), into buf.
 */
#define MHP_PROV_LINES 8
#define MHP_PROV_WIDTH 150
void mhp_provenance_figure(const struct mhp_report *r, char *buf, size_t len);

/* Warn (mhp_report_warn) about everything that differs between the
 * compared sides other than the variant: config, QEMU, host, arch
 * profile and page size, the kernels' source and toolchain.
 */
void mhp_provenance_check(struct mhp_report *r);

/* The variants of a run the report uses, in order; how many. */
size_t mhp_report_variants(const struct mhp_report *r, int side,
			   const char **out, size_t max);

#endif
