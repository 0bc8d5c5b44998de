/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Upstream's rule for the memmap of a hot-added memory block (Linux 6.12,
 * mm/memory_hotplug.c mhp_supports_memmap_on_memory()): whether the
 * altmap is used, from the mode given on the command line
 * (memory_hotplug.memmap_on_memory=0|1|force), the page, memory block
 * and pageblock sizes, sizeof(struct page) and the arch's hook
 * arch_supports_memmap_on_memory(). Since 6.8 a multi-block add is split
 * per block, each with its own altmap: the rule is the same for every
 * block of an add, and holds per block.
 */
#ifndef MHP_ALTMAP_RULE_H
#define MHP_ALTMAP_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* memory_hotplug.memmap_on_memory: memmap_mode in mm/memory_hotplug.c. */
enum mhp_mom_mode {
	MHP_MOM_OFF,		/* 0, n, off: the default */
	MHP_MOM_ON,		/* 1, y, on */
	MHP_MOM_FORCE,		/* force: memmap rounded up to pageblocks */
};

/* "0", "1", "force": how the command line spells it. */
const char *mhp_mom_mode_name(enum mhp_mom_mode m);

/*
 * The mode a kernel command line sets, as the kernel parses it
 * (set_memmap_mode(): "force" or "FORCE", else kstrtobool(); the
 * parameter name with '-' or '_' alike): the last valid value counts, an
 * invalid one changes nothing, none is MHP_MOM_OFF.
 */
enum mhp_mom_mode mhp_mom_mode_parse(const char *cmdline);

/*
 * The arch hook arch_supports_memmap_on_memory(vmemmap_size), as data
 * (arch profile key altmap_arch_hook, src/arch.c): per page size, a
 * size the vmemmap of a block must be a multiple of (the generic hook:
 * PMD_SIZE), "any" (the hook says yes) or "no" (it refuses).
 */
enum mhp_hook_kind { MHP_HOOK_ALIGN, MHP_HOOK_ANY, MHP_HOOK_REFUSE };

#define MHP_MAX_HOOKS 4
struct mhp_altmap_hooks {
	int n;
	struct {
		uint64_t page_size;
		enum mhp_hook_kind kind;
		uint64_t align;		/* MHP_HOOK_ALIGN */
	} h[MHP_MAX_HOOKS];
};

/*
 * Parse "PAGE:ALIGN ..." (ALIGN a size, any or no; sizes as 4096, 64K,
 * 2M): 0, or -1 with one line in err. An empty text gives no hooks.
 */
int mhp_altmap_hooks_parse(const char *text, struct mhp_altmap_hooks *h,
			   char *err, size_t errlen);

/* What one sample measured; 0 or less: not measured. */
struct mhp_rule_in {
	enum mhp_mom_mode mode;
	int64_t page_size;
	int64_t block_size;
	int64_t pageblock_pages;
	int64_t struct_page_bytes;
	const struct mhp_altmap_hooks *hooks;
};

struct mhp_rule_out {
	bool decided;		/* false: an input is missing (reason says) */
	bool altmap;		/* upstream puts the memmap on the block */
	int64_t memmap_pages;	/* PFN_UP(vmemmap size) per block */
	int64_t reserved_pages;	/* altmap->free per block; with force rounded */
	char reason[240];	/* "upstream rule: ..." */
};

/* The rule, for one block of the add; always fills out->reason. */
void mhp_altmap_rule(const struct mhp_rule_in *in, struct mhp_rule_out *out);

#endif
