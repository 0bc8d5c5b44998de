/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc/vmstat ("name value" lines) and the pageblock size of
 * /proc/pagetypeinfo: the few numbers the memmap accounting needs.
 */
#ifndef MHP_VMSTAT_H
#define MHP_VMSTAT_H

#include <stdint.h>

/*
 * The value of counter name in the text of /proc/vmstat; -1 when the
 * counter is absent (a kernel without it) or its line is malformed.
 */
int64_t mhp_vmstat_get(const char *text, const char *name);

/*
 * Upstream's memmap counters (Linux 6.11 and later): the pages of memmap
 * of every hot-added section, whether the memmap came from RAM or from
 * the hot-added memory itself (the altmap), in nr_memmap_pages, and of
 * boot memory in nr_memmap_boot_pages; 6.11 called them nr_memmap and
 * nr_memmap_boot. Unlike this suite's nr_memmap_on_memory they do not
 * say where the memmap is, only how big it is. 0 with both read into
 * *pages and *boot, -1 when the kernel has neither form.
 */
int mhp_vmstat_upstream_memmap(const char *text, int64_t *pages,
			       int64_t *boot);

/*
 * What upstream's nr_memmap_pages grows by for a hot-add of size bytes:
 * per memory section (section bytes: 2^SECTION_SIZE_BITS, 128 MiB on
 * x86_64 and arm64 with 4K pages, 16 MiB on powerpc) its memmap rounded
 * up to whole pages, wherever it is placed; -1 on a zero or partial
 * argument.
 */
int64_t mhp_upstream_memmap_expected(uint64_t size, unsigned int page_size,
				     unsigned int struct_page_bytes,
				     uint64_t section);

/*
 * Pages per pageblock from the text of /proc/pagetypeinfo ("Pages per
 * block:  512"); -1 when the line is absent or malformed.
 */
int64_t mhp_pagetypeinfo_block_pages(const char *text);

#endif
