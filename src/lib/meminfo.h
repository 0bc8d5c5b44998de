/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/meminfo and per-node meminfo: the few fields the suite needs. */
#ifndef MHP_MEMINFO_H
#define MHP_MEMINFO_H

#include <stdint.h>

struct mhp_meminfo {
	int64_t mem_total_kb;
	int64_t mem_free_kb;
	int64_t mem_available_kb;
	/* Reported by kernels with the memmap accounting patch, else -1. */
	int64_t memmap_on_memory_kb;
};

/* Parse the text of /proc/meminfo; fields that are absent read -1.
 * Returns 0, or -1 when MemTotal or MemFree is missing.
 */
int mhp_meminfo_parse(const char *text, struct mhp_meminfo *mi);

#endif
