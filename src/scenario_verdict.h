/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The truth check of a sample (src/lib/verdict.h) from its rows, for
 * every scenario: scenario_verdict.c.
 */
#ifndef MHP_SCENARIO_VERDICT_H
#define MHP_SCENARIO_VERDICT_H

#include <stddef.h>
#include <stdint.h>

#include "mhpbench.h"
#include "verdict.h"

/*
 * Why the sample's hot-add method never puts the memmap on the memory it
 * adds (virtio-mem), or NULL: then every variant is held to "memmap from
 * existing memory", and an altmap claim is not in effect.
 */
const char *mhp_scn_memmap_never(const struct mhp_sample *s);

/*
 * The verdict from the rows every scenario's guest sends (per block
 * block_online, block_node, memmap_pages_kpf; page_size_bytes,
 * block_size_bytes, pageblock_pages, dimm_node, node_present_pages,
 * node_managed_pages and their _before_, vmstat_memmap_*_pages,
 * meminfo_memmap_*_kb) and the scenario's MemFree witness: the free
 * memory the add took (MHP_UNMEASURED: not measured), or why it cannot
 * vote. Writes the verdict's rows (memmap_pages_expected,
 * memmap_pages_reserved_expected, witness_*, altmap_in_effect,
 * memmap_pages_wasted, the witnesses' counts) and makes a sample that
 * is still ok invalid when there is no verdict or it is not the
 * variant's. The witnesses' reports are copied to why. A kernel of
 * altmap = rule is held to upstream's rule for the sample: its answer
 * in row altmap_expected and its reason (where upstream used the altmap
 * and where not, why) in the sample's note; no answer (a size not
 * read, no arch hook for the page size) makes the sample invalid.
 */
enum mhp_placement mhp_scn_verdict(struct mhp_sample *s, int64_t drop_kb,
				   const char *drop_why, char *why,
				   size_t len);

/*
 * Whether the sample's kernel puts the memmap on the hot-added memory:
 * its variant's yes or no, or for altmap = rule upstream's rule
 * (altmap_rule.h) from the sample's measured page, block and pageblock
 * sizes and sizeof(struct page), with the kernel's mode and arch hook;
 * r says how much and why (r->decided false: an input was not read,
 * and the answer is false).
 */
bool mhp_scn_altmap_expected(const struct mhp_sample *s,
			     struct mhp_rule_out *r);

/* Make an ok sample invalid, with the reason. */
void mhp_scn_invalid(struct mhp_sample *s, const char *reason);

#endif
