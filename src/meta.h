/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MHP_META_H
#define MHP_META_H

#include "results.h"

/* One arch of a run: its profile, kernels and accelerator. */
struct mhp_meta_arch {
	const struct mhp_arch *arch;
	const struct mhp_kernel *kernels;
	int nkernels;
	const char *accel;
	const char *accel_why;
	const char *image;	/* guest initramfs; IMAGE.json describes it */
};

/*
 * meta.json has "arches": {NAME: {profile, accelerator, kernels}} for
 * every run; a run of one arch also keeps that arch's "arch" and
 * "kernels" at the top. "accelerator" at the top is the arches' common
 * one, or "auto" when they differ.
 */
struct mhp_meta {
	const struct mhp_opts *opts;
	const struct mhp_meta_arch *arches;
	int narches;
	const char *accel;
	const char *accel_why;
	const char *qemu_version;
	const char *started;
	const char *finished;	/* NULL while running */
	int argc;		/* the run command line, for --resume */
	char **argv;
};

/* Write RUN/meta.json: provenance of every number in the run. */
int mhp_meta_write(const struct mhp_run *r, const struct mhp_meta *m);

#endif
