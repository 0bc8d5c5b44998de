/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a kernel image file is, and who it says it is: the kind (x86
 * bzImage, arm64 Image, ELF vmlinux, a gzip'd image) from its magic, and
 * its banner ("Linux version RELEASE (BUILDER) VERSION") when readable:
 * the bzImage header's kernel_version string, else the banner found in
 * an uncompressed image.
 */
#ifndef MHP_KIMAGE_H
#define MHP_KIMAGE_H

#include <stddef.h>

struct mhp_kimage {
	const char *kind;	/* "bzImage", "arm64 Image", "ELF vmlinux", "gzip" */
	char release[128];	/* uname -r, or empty when unknown */
	char version[128];	/* uname -v with '_' for ' ', or empty */
};

/*
 * Probe buf (len bytes of an image file): 0, or -1 when it is not a
 * kernel image this suite can boot.
 */
int mhp_kimage_probe_buf(const unsigned char *buf, size_t len,
			 struct mhp_kimage *k);

/* The same on a file; -1 also when it cannot be read. */
int mhp_kimage_probe(const char *path, struct mhp_kimage *k);

#endif
