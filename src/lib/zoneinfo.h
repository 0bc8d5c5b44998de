/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/zoneinfo: spanned, present, managed, free and per-cpu free pages
 * summed per node.
 */
#ifndef MHP_ZONEINFO_H
#define MHP_ZONEINFO_H

#include <stdint.h>

#define MHP_MAX_NODES 64

struct mhp_node_pages {
	int64_t spanned;
	int64_t present;
	int64_t managed;
	int64_t free;
	int64_t pcp;	/* free pages on per-cpu lists (pagesets' count:) */
	int seen;	/* the node appeared in the file */
};

struct mhp_zoneinfo {
	struct mhp_node_pages node[MHP_MAX_NODES];
};

/* Parse the text of /proc/zoneinfo. Returns 0, or -1 on malformed text
 * (a zone header without its counters, a node id out of range).
 */
int mhp_zoneinfo_parse(const char *text, struct mhp_zoneinfo *zi);

/*
 * Free pages with those waiting on per-cpu lists, of one node or, for
 * node -1, of all: MemFree leaves the lists out, and they hold pages of
 * pageblock order (a vmemmap PMD) or, with 64K pages, megabytes.
 */
int64_t mhp_zoneinfo_free_pcp(const struct mhp_zoneinfo *zi, int node);

#endif
