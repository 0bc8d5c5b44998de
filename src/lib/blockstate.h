/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of every memory block (sysfs memoryN/state and valid_zones),
 * shared by the runner and the guest driver: mhpbench native takes a
 * snapshot before it touches anything and puts every block back the way
 * the snapshot says, whatever path it leaves by.
 */
#ifndef MHP_BLOCKSTATE_H
#define MHP_BLOCKSTATE_H

#include <stdbool.h>
#include <stddef.h>

#define MHP_SYS_MEMORY "/sys/devices/system/memory"

struct mhp_block {
	long id;
	bool online;
	bool movable;		/* online in ZONE_MOVABLE (valid_zones) */
	char zone[16];		/* the zone it is online in, or "" */
};

struct mhp_blocks {
	struct mhp_block *b;	/* sorted by id */
	long n;
};

/* Parse a state file ("online", "offline", "going-offline"): 1 online,
 * 0 offline, -1 anything else.
 */
int mhp_block_parse_state(const char *text);

/* The zone an online block is in: the first word of its valid_zones. */
void mhp_block_parse_zone(const char *text, char *zone, size_t len);

/* The write that onlines an offline block back into its zone. */
const char *mhp_block_online_verb(const struct mhp_block *b);

/* One block's state; 0, or -1 when it has none (gone meanwhile). */
int mhp_block_read(const char *dir, long id, struct mhp_block *b);

/* Every block under dir (MHP_SYS_MEMORY); 0, or -1 with errno. */
int mhp_blocks_read(const char *dir, struct mhp_blocks *bs);
void mhp_blocks_free(struct mhp_blocks *bs);

/* The block of that number in a snapshot, or NULL. */
const struct mhp_block *mhp_blocks_find(const struct mhp_blocks *bs, long id);

/*
 * Put every block of the snapshot that still exists back in its state
 * (online into its zone, or offline); a block the snapshot does not have
 * (hot-added since) that is offline now is onlined (online_movable): no
 * memory is left offline. Returns how many blocks it could not restore.
 */
long mhp_blocks_restore(const char *dir, const struct mhp_blocks *was);

#endif
