/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernels the suite did not build, as variants: a distribution kernel (a
 * Debian linux-image .deb, or its package name), an image from your own
 * tree. Given on the command line (--kernel NAME=PATH[,modules=PATH]
 * [,config=PATH][,cmdline=ARGS][,altmap=yes|no]) or in a variant file
 * (kernel = PATH, config, modules, or debian_package = NAME).
 */
#ifndef MHP_PREBUILT_H
#define MHP_PREBUILT_H

#include "mhpbench.h"

struct mhp_prebuilt_src {
	char name[32];
	char kind[16];		/* "deb", "package" or "image" */
	char path[PATH_MAX];	/* the image, the .deb, or the package name */
	char config[PATH_MAX];
	char modules[PATH_MAX];
	char cmdline[256];
	int altmap;		/* 1, 0, or -1: from the command line */
};

/*
 * Parse and check a --kernel value: the name, known keys, files that
 * exist, an image that is a kernel or a .deb. 0, or -1 with one line.
 */
int mhp_prebuilt_parse(const char *spec, struct mhp_prebuilt_src *src,
		       char *err, size_t errlen);

/* "deb" when path is a Debian package (an ar archive), else "image". */
const char *mhp_prebuilt_kind(const char *path);

/* Whether a command line asks for memmap_on_memory (=1, y, on, force). */
bool mhp_cmdline_altmap_claim(const char *cmdline);

/*
 * The source of variant name: its --kernel, or a variant file naming
 * kernel = PATH or debian_package = NAME. 1 and *src filled, 0 when the
 * variant is one the suite builds, -1 with a reason.
 */
int mhp_prebuilt_find(const struct mhp_opts *o, const char *name,
		      struct mhp_prebuilt_src *src, char *err, size_t errlen);

/*
 * Make the kernel ready for arch a (kernels/prebuilt.sh: unpack, fetch,
 * modules into its own guest image from base_image, decompressed), check
 * its image and config, and fill k. A module that the run's hot-add
 * method and scenario need and the kernel cannot load refuses it; one
 * they do not need is skipped with a note on stderr. -1 with the reason
 * it cannot or must not boot.
 */
int mhp_prebuilt_load(const struct mhp_opts *o, const struct mhp_arch *a,
		      const char *base_image,
		      const struct mhp_prebuilt_src *src, struct mhp_kernel *k,
		      char *err, size_t errlen);

#endif
