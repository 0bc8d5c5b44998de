// SPDX-License-Identifier: GPL-2.0
/* Kernel image kinds by their magic, and the banner inside. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kimage.h"

/* Images are read whole up to this much (a vmlinux with BTF is ~60 MiB). */
#define KIMAGE_MAX (256u << 20)

static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

/*
 * "RELEASE (BUILDER@HOST) VERSION": the release is the first word, the
 * version starts at the '#' after the builder's parentheses.
 */
static void banner(const char *s, size_t len, struct mhp_kimage *k)
{
	const char *end = memchr(s, '\0', len), *sp, *hash;
	size_t n;

	if (!end)
		end = s + len;
	if (memchr(s, '\n', end - s))
		end = memchr(s, '\n', end - s);
	sp = memchr(s, ' ', end - s);
	hash = sp ? memchr(sp, '#', end - sp) : NULL;
	if (!sp || !hash || sp == s || (size_t)(sp - s) >= sizeof(k->release))
		return;
	memcpy(k->release, s, sp - s);
	k->release[sp - s] = '\0';
	n = end - hash;
	if (n >= sizeof(k->version))
		n = sizeof(k->version) - 1;
	memcpy(k->version, hash, n);
	k->version[n] = '\0';
	for (n = 0; k->version[n]; n++)
		if (k->version[n] == ' ')
			k->version[n] = '_';
}

/* The first "Linux version " banner in an uncompressed image. */
static void find_banner(const unsigned char *buf, size_t len,
			struct mhp_kimage *k)
{
	static const char tag[] = "Linux version ";
	const unsigned char *p = buf;
	size_t left = len;

	while (left > sizeof(tag)) {
		const unsigned char *hit = memmem(p, left, tag, sizeof(tag) - 1);

		if (!hit)
			return;
		hit += sizeof(tag) - 1;
		/* The format string of printk has "%s": not the banner. */
		if (*hit != '%') {
			banner((const char *)hit, len - (hit - buf), k);
			if (k->release[0])
				return;
		}
		left = len - (hit - buf);
		p = hit;
	}
}

int mhp_kimage_probe_buf(const unsigned char *buf, size_t len,
			 struct mhp_kimage *k)
{
	memset(k, 0, sizeof(*k));
	if (len >= 0x210 && !memcmp(buf + 0x202, "HdrS", 4)) {
		size_t off = le16(buf + 0x20e) + 0x200;

		k->kind = "bzImage";
		if (le16(buf + 0x20e) && off < len)
			banner((const char *)buf + off, len - off, k);
		return 0;
	}
	if (len >= 0x40 && !memcmp(buf + 0x38, "ARM\x64", 4))
		k->kind = "arm64 Image";
	else if (len >= 4 && buf[0] == 0x7f && !memcmp(buf + 1, "ELF", 3))
		k->kind = "ELF vmlinux";
	else if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
		k->kind = "gzip";
	else
		return -1;
	if (strcmp(k->kind, "gzip"))
		find_banner(buf, len, k);
	return 0;
}

int mhp_kimage_probe(const char *path, struct mhp_kimage *k)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long len;
	int ret = -1;

	memset(k, 0, sizeof(*k));
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END))
		goto out;
	len = ftell(f);
	if (len <= 0 || (unsigned long)len > KIMAGE_MAX || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc(len);
	if (buf && fread(buf, 1, len, f) == (size_t)len)
		ret = mhp_kimage_probe_buf(buf, len, k);
out:
	free(buf);
	fclose(f);
	return ret;
}
