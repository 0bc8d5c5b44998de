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
 * Pages per pageblock from the text of /proc/pagetypeinfo ("Pages per
 * block:  512"); -1 when the line is absent or malformed.
 */
int64_t mhp_pagetypeinfo_block_pages(const char *text);

#endif
