// SPDX-License-Identifier: GPL-2.0
/* virtio-mem's probe lines in a kernel log (vmemlog.h). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "compiler.h"
#include "vmemlog.h"

#define DRIVER "virtio_mem "

/* A line of the log: [p, eol). */
struct line {
	const char *p;
	const char *eol;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Past "<6>" (syslog(2), dmesg -r), if the line starts with it. */
static const char *skip_level(const char *p, const char *eol)
{
	const char *q = p + 1;

	if (p == eol || *p != '<')
		return p;
	while (q < eol && is_digit(*q))
		q++;
	return q > p + 1 && q < eol && *q == '>' ? q + 1 : p;
}

/*
 * Past a /dev/kmsg record's header, "level,seq,usec,flags;": digits and
 * commas, then the flags ('-', 'c', '+') and the ';'.
 */
static const char *skip_kmsg(const char *p, const char *eol)
{
	const char *q = p;
	int commas = 0;

	while (q < eol && (is_digit(*q) || *q == ','))
		commas += *q++ == ',';
	if (commas != 3)
		return p;
	while (q < eol && *q != ';' && *q != ' ')
		q++;
	return q < eol && *q == ';' ? q + 1 : p;
}

/* Past "[    1.234567] " (printk.time). */
static const char *skip_time(const char *p, const char *eol)
{
	const char *q = p + 1;

	if (p == eol || *p != '[')
		return p;
	while (q < eol && (*q == ' ' || is_digit(*q) || *q == '.'))
		q++;
	if (q == eol || *q != ']')
		return p;
	q++;
	while (q < eol && *q == ' ')
		q++;
	return q;
}

/* The message of a line, what printk was given. */
static const char *message(const struct line *l)
{
	const char *p = skip_level(l->p, l->eol);

	p = skip_kmsg(p, l->eol);
	return skip_time(p, l->eol);
}

/*
 * The number in [p, eol), in base (16: "0x" first), trailing blanks
 * allowed; -1 when it is not one. Copied out first: strtoull would read
 * on past eol when the log goes on with digits.
 */
static int64_t number(const char *p, const char *eol, int base)
{
	unsigned long long v;
	char buf[32], *end;
	size_t n;

	while (eol > p && (eol[-1] == ' ' || eol[-1] == '\t' || eol[-1] == '\r'))
		eol--;
	if (base == 16) {
		if (eol - p < 3 || strncmp(p, "0x", 2))
			return -1;
		p += 2;
	}
	n = eol - p;
	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (strspn(buf, base == 16 ? "0123456789abcdefABCDEF" : "0123456789") < n)
		return -1;
	errno = 0;
	v = strtoull(buf, &end, base);
	if (errno || *end || v > INT64_MAX)
		return -1;
	return v;
}

/* Each field: its text after "DEV: ", its base, where it goes. */
static const struct {
	const char *key;
	int base;
	size_t off;
} fields[] = {
	{ "memory block size: ", 16,
	  offsetof(struct mhp_vmem_probe, memory_block_bytes) },
	{ "subblock size: ", 16, offsetof(struct mhp_vmem_probe, subblock_bytes) },
	{ "big block size: ", 16, offsetof(struct mhp_vmem_probe, bigblock_bytes) },
	{ "device block size: ", 16,
	  offsetof(struct mhp_vmem_probe, device_block_bytes) },
	{ "region size: ", 16, offsetof(struct mhp_vmem_probe, region_bytes) },
	{ "nid: ", 10, offsetof(struct mhp_vmem_probe, nid) },
};

/* A field of the device's line at p ("memory block size: 0x..."). */
static bool field(const char *p, const char *eol, struct mhp_vmem_probe *vp)
{
	size_t i, k;
	int64_t v;

	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		k = strlen(fields[i].key);
		if ((size_t)(eol - p) <= k || strncmp(p, fields[i].key, k))
			continue;
		v = number(p + k, eol, fields[i].base);
		if (v < 0)
			return false;
		*(int64_t *)((char *)vp + fields[i].off) = v;
		return true;
	}
	return false;
}

/* A line of the first device seen, or the first line of a device. */
static bool probe_line(const struct line *l, struct mhp_vmem_probe *vp)
{
	const char *p = message(l), *colon, *dev;
	size_t n;

	if ((size_t)(l->eol - p) <= strlen(DRIVER) ||
	    strncmp(p, DRIVER, strlen(DRIVER)))
		return false;
	dev = p + strlen(DRIVER);
	colon = memchr(dev, ':', l->eol - dev);
	n = colon ? (size_t)(colon - dev) : 0;
	if (!n || n >= sizeof(vp->dev) || memchr(dev, ' ', n) ||
	    l->eol - colon < 2 || colon[1] != ' ')
		return false;
	if (vp->dev[0] && (strlen(vp->dev) != n || strncmp(vp->dev, dev, n)))
		return false;
	if (!field(colon + 2, l->eol, vp))
		return false;
	if (!vp->dev[0]) {
		memcpy(vp->dev, dev, n);
		vp->dev[n] = '\0';
	}
	return true;
}

int mhp_vmem_probe_parse(const char *log, size_t len,
			 struct mhp_vmem_probe *p)
{
	const char *end, *nl;
	struct line l;
	bool seen = false;

	*p = (struct mhp_vmem_probe){ .memory_block_bytes = -1,
				      .subblock_bytes = -1,
				      .bigblock_bytes = -1,
				      .device_block_bytes = -1,
				      .region_bytes = -1, .nid = -1 };
	if (!log)
		return -1;
	end = memchr(log, '\0', len) ?: log + len;
	for (l.p = log; l.p < end; l.p = l.eol + 1) {
		nl = memchr(l.p, '\n', end - l.p);
		l.eol = nl ?: end;
		seen |= probe_line(&l, p);
	}
	return seen ? 0 : -1;
}

int mhp_vmem_probe_sbm(const struct mhp_vmem_probe *p)
{
	if (p->subblock_bytes >= 0 && p->bigblock_bytes < 0)
		return 1;
	if (p->bigblock_bytes >= 0 && p->subblock_bytes < 0)
		return 0;
	return -1;
}
