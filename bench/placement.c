// SPDX-License-Identifier: GPL-2.0
/*
 * What the truth check (src/lib/verdict.h) needs of a DIMM's blocks, the
 * same in every scenario: each block's state, node and self-hosted
 * pages, the node's present and managed pages, the pageblock size. What
 * could not be read is not sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "zoneinfo.h"

/* The node a memory block belongs to: its "nodeN" link in sysfs. */
static int block_node(long id)
{
	char path[96];
	int n;

	for (n = 0; n < MHP_MAX_NODES; n++) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/memory/memory%ld/node%d", id, n);
		if (access(path, F_OK) == 0)
			return n;
	}
	return -1;
}

/* 1 online, 0 not, -1 unreadable. */
static int block_online(long id)
{
	char path[96], state[32];

	snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%ld/state",
		 id);
	if (read_text(path, state, sizeof(state)) < 0)
		return -1;
	return !strncmp(state, "online", 6);
}

void placement_node(struct guest *g, const struct mhp_zoneinfo *zi, int node,
		    const char *when)
{
	char name[64];

	if (node < 0 || node >= MHP_MAX_NODES)
		return;
	/*
	 * zoneinfo lists every node that has memory (its pgdat); one it
	 * does not list had none. Say which it was.
	 */
	snprintf(name, sizeof(name), "node_listed%s", when);
	chan_metric(g, -1, name, zi->node[node].seen, "bool");
	if (!zi->node[node].seen)
		return;
	snprintf(name, sizeof(name), "node_present%s_pages", when);
	chan_metric(g, -1, name, zi->node[node].present, "pages");
	snprintf(name, sizeof(name), "node_managed%s_pages", when);
	chan_metric(g, -1, name, zi->node[node].managed, "pages");
}

void placement_send(struct guest *g, const long *ids, long n, int node,
		    const struct mhp_zoneinfo *zi)
{
	uint64_t pages = g->block_size / g->page_size;
	int64_t pb = pageblock_pages();
	long i, kpf;
	int on, nd;

	for (i = 0; i < n; i++) {
		on = block_online(ids[i]);
		if (on < 0)
			continue;
		chan_metric(g, ids[i], "block_online", on, "bool");
		nd = block_node(ids[i]);
		if (nd >= 0)
			chan_metric(g, ids[i], "block_node", nd, "node");
		kpf = on ? kpf_self_hosted(ids[i] * pages, pages) : -1;
		if (kpf >= 0)
			chan_metric(g, ids[i], "memmap_pages_kpf", kpf, "pages");
	}
	if (zi)
		placement_node(g, zi, node, "");
	if (pb > 0)
		chan_metric(g, -1, "pageblock_pages", pb, "pages");
}
