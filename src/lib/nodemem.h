/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-node memory counters: /sys/devices/system/node/nodeN/meminfo
 * ("Node 1 MemFree:   123 kB") and the kernel's OOM-kill reports.
 */
#ifndef MHP_NODEMEM_H
#define MHP_NODEMEM_H

#include <stddef.h>

#include "meminfo.h"

/*
 * Parse a node's meminfo: its node number in *node, MemTotal and MemFree
 * in mi (MemAvailable, which nodes do not have, reads -1). Returns 0, or
 * -1 when a line names another node or MemTotal or MemFree is missing.
 */
int mhp_node_meminfo_parse(const char *text, int *node, struct mhp_meminfo *mi);

/*
 * A kernel log line of the OOM killer, "Out of memory: Killed process
 * PID (COMM) ..." (also after a /dev/kmsg "PRI,SEQ,TIME,-;" prefix or a
 * console "[   1.234567] " one, and "Memory cgroup out of memory: ..."):
 * 0 with the victim's pid and command name, else -1.
 */
int mhp_oom_kill_parse(const char *line, long *pid, char *comm, size_t len);

#endif
