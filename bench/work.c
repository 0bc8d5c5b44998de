// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's work mode: struct-page-heavy loops that the numa scenario
 * runs under numactl (bound to a node's CPUs and memory), each for a
 * given time, printing "ops=N ns=T" (pages or PFNs handled, and how long):
 *
 *   mhpbench-guest work fault MB SECONDS      mmap, touch every page, munmap
 *   mhpbench-guest work dontneed MB SECONDS   touch, MADV_DONTNEED, again
 *   mhpbench-guest work migrate MB SECONDS NODE_A NODE_B
 *                                             move_pages between two nodes
 *   mhpbench-guest work kpageflags START_PFN COUNT SECONDS
 *                                             sequential /proc/kpageflags
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest.h"

#define MPOL_MF_MOVE (1 << 1)
#define KPF_CHUNK 8192		/* PFNs per read */

static long page_size;

static int arg_ll(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno || end == s || *end || *v < 0 ? -1 : 0;
}

static void touch(char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += page_size)
		p[off] = 1;
}

static int work_fault(size_t len, uint64_t end, unsigned long long *ops)
{
	while (now_us() < end) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return -1;
		touch(p, len);
		munmap(p, len);
		*ops += len / page_size;
	}
	return 0;
}

static int work_dontneed(size_t len, uint64_t end, unsigned long long *ops)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	while (now_us() < end) {
		touch(p, len);
		if (madvise(p, len, MADV_DONTNEED))
			return -1;
		*ops += len / page_size;
	}
	munmap(p, len);
	return 0;
}

static int work_migrate(size_t len, uint64_t end, int a, int b,
			unsigned long long *ops)
{
	size_t i, n = len / page_size;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void **pages = calloc(n, sizeof(*pages));
	int *nodes = calloc(n, sizeof(*nodes));
	int *status = calloc(n, sizeof(*status));
	int to = a, ret = 0;

	if (p == MAP_FAILED || !pages || !nodes || !status)
		return -1;
	touch(p, len);
	for (i = 0; i < n; i++)
		pages[i] = p + i * page_size;
	while (now_us() < end && !ret) {
		to = to == a ? b : a;
		for (i = 0; i < n; i++)
			nodes[i] = to;
		if (syscall(SYS_move_pages, 0, n, pages, nodes, status,
			    MPOL_MF_MOVE) < 0)
			ret = -1;
		for (i = 0; i < n && !ret; i++)
			*ops += status[i] == to;
	}
	free(pages);
	free(nodes);
	free(status);
	munmap(p, len);
	return ret;
}

static int work_kpageflags(uint64_t start, uint64_t count, uint64_t end,
			   unsigned long long *ops)
{
	static uint64_t buf[KPF_CHUNK];
	int fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	uint64_t pfn;

	if (fd < 0 || !count)
		return -1;
	while (now_us() < end) {
		for (pfn = start; pfn < start + count; pfn += KPF_CHUNK) {
			uint64_t n = start + count - pfn;

			if (n > KPF_CHUNK)
				n = KPF_CHUNK;
			if (pread(fd, buf, n * 8, pfn * 8) != (ssize_t)(n * 8)) {
				close(fd);
				return -1;
			}
			*ops += n;
		}
	}
	close(fd);
	return 0;
}

int work_main(int argc, char **argv)
{
	long long a[4] = { 0 };
	unsigned long long ops = 0;
	uint64_t t0, end;
	int i, ret = -1, nargs;
	const char *kind;

	page_size = sysconf(_SC_PAGESIZE);
	if (argc < 5)
		goto usage;
	kind = argv[2];
	nargs = argc - 3;
	if (nargs > 4)
		goto usage;
	for (i = 0; i < nargs; i++)
		if (arg_ll(argv[3 + i], &a[i]))
			goto usage;
	t0 = now_us();
	if (!strcmp(kind, "kpageflags") && nargs == 3) {
		end = t0 + a[2] * 1000000;
		ret = work_kpageflags(a[0], a[1], end, &ops);
	} else {
		size_t len = (size_t)a[0] << 20;

		end = t0 + a[1] * 1000000;
		if (!len)
			goto usage;
		if (!strcmp(kind, "fault") && nargs == 2)
			ret = work_fault(len, end, &ops);
		else if (!strcmp(kind, "dontneed") && nargs == 2)
			ret = work_dontneed(len, end, &ops);
		else if (!strcmp(kind, "migrate") && nargs == 4)
			ret = work_migrate(len, end, a[2], a[3], &ops);
		else
			goto usage;
	}
	if (ret) {
		fprintf(stderr, "work %s: %s\n", kind, strerror(errno));
		return 1;
	}
	printf("ops=%llu ns=%llu\n", ops, (unsigned long long)(now_us() - t0) * 1000);
	return 0;
usage:
	fprintf(stderr, "usage: mhpbench-guest work fault|dontneed MB SECONDS | migrate MB SECONDS NODE NODE | kpageflags START COUNT SECONDS\n");
	return 2;
}
