/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel uevents as read from a NETLINK_KOBJECT_UEVENT socket. */
#ifndef MHP_UEVENT_H
#define MHP_UEVENT_H

#include <stddef.h>

struct mhp_uevent {
	char action[16];	/* "add", "remove", "online", "offline", ... */
	char subsystem[32];	/* "memory", "acpi", ... */
	char devpath[128];	/* "/devices/system/memory/memory40" */
	long memory_block;	/* 40 for memory40, -1 when not a memory block */
};

/* Parse one netlink message: "ACTION@DEVPATH\0KEY=VALUE\0...". Returns 0,
 * or -1 when the buffer is not a well-formed kernel uevent (libudev's
 * messages, which start with "libudev", are rejected too).
 */
int mhp_uevent_parse(const char *buf, size_t len, struct mhp_uevent *ev);

#endif
