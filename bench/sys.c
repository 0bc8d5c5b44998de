// SPDX-License-Identifier: GPL-2.0
/* Small file, clock and /proc/kpageflags helpers for the guest driver. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "kpf.h"
#include "vmstat.h"

uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

ssize_t read_text(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !len)
		return -1;
	while (got < len - 1) {
		ssize_t n = read(fd, buf + got, len - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

int write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	if (n < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return (size_t)n == len ? 0 : -1;
}

/*
 * A memmap placed on its own memory occupies the first pages of the range,
 * which mhp_init_memmap_on_memory() marks PG_vmemmap_self_hosted
 * (mhp_kpf_self_hosted()).
 */
long kpf_self_hosted(uint64_t start_pfn, uint64_t nr_pages)
{
	uint64_t flags[512];
	long count = 0;
	uint64_t done = 0;
	int fd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (done < nr_pages) {
		uint64_t want = nr_pages - done;
		ssize_t n;
		size_t i;

		if (want > 512)
			want = 512;
		n = pread(fd, flags, want * 8, (start_pfn + done) * 8);
		if (n <= 0)
			break;
		for (i = 0; i < (size_t)n / 8; i++) {
			if (!mhp_kpf_self_hosted(flags[i]))
				goto out;
			count++;
		}
		done += n / 8;
	}
out:
	close(fd);
	return count;
}

int64_t vmstat_value(const char *name)
{
	static char text[32768];

	if (read_text("/proc/vmstat", text, sizeof(text)) < 0)
		return -1;
	return mhp_vmstat_get(text, name);
}

int vmstat_upstream_memmap(int64_t *pages, int64_t *boot)
{
	static char text[32768];

	*pages = *boot = -1;
	if (read_text("/proc/vmstat", text, sizeof(text)) < 0)
		return -1;
	return mhp_vmstat_upstream_memmap(text, pages, boot);
}

void send_upstream_memmap(struct guest *g, const char *when, int64_t pages,
			  int64_t boot)
{
	char name[64];

	if (pages < 0)
		return;
	snprintf(name, sizeof(name), "upstream_memmap_%s_pages", when);
	chan_metric(g, -1, name, pages, "pages");
	if (!strcmp(when, "before"))
		chan_metric(g, -1, "upstream_memmap_boot_pages", boot, "pages");
}

void send_upstream_memmap_span(struct guest *g, const char *when,
			       int64_t before, int64_t after, int64_t boot)
{
	send_upstream_memmap(g, "before", before, boot);
	send_upstream_memmap(g, when, after, boot);
	if (before >= 0 && after >= 0)
		chan_metric(g, -1, "memmap_pages_upstream", after - before,
			    "pages");
}

int64_t pageblock_pages(void)
{
	static char text[16384];

	if (read_text("/proc/pagetypeinfo", text, sizeof(text)) < 0)
		return -1;
	return mhp_pagetypeinfo_block_pages(text);
}
