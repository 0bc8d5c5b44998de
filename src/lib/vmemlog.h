/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the 6.1 virtio-mem driver says at probe (virtio_mem_init() and
 * virtio_mem_init_hotplug(), KERN_INFO), read back from a kernel log:
 *
 *   virtio_mem virtio2: start address: 0x140000000
 *   virtio_mem virtio2: region size: 0x400000000
 *   virtio_mem virtio2: device block size: 0x200000
 *   virtio_mem virtio2: nid: 1
 *   virtio_mem virtio2: memory block size: 0x8000000
 *   virtio_mem virtio2: subblock size: 0x400000     (or, in BBM:)
 *   virtio_mem virtio2: big block size: 0x8000000
 *
 * The driver works in sub-block mode (SBM) when max(device block size,
 * pageblock size) is below the memory block size, else in big-block mode
 * (BBM). The log may be syslog(2)'s or dmesg -r's ("<6>[    1.234567] "
 * before each line), /dev/kmsg's records ("6,123,456,-;"), dmesg's
 * ("[    1.234567] ") or bare lines.
 */
#ifndef MHP_VMEMLOG_H
#define MHP_VMEMLOG_H

#include <stddef.h>
#include <stdint.h>

/* What the log said of one device; -1 for what it did not say. */
struct mhp_vmem_probe {
	char dev[32];			/* "virtio2" */
	int64_t memory_block_bytes;
	int64_t subblock_bytes;		/* SBM only */
	int64_t bigblock_bytes;		/* BBM only */
	int64_t device_block_bytes;
	int64_t region_bytes;
	int64_t nid;
};

/*
 * The probe lines of the first virtio-mem device in log (len bytes, NUL
 * or not); a later probe of the same device (a rebind) wins field by
 * field, other devices are left out. 0 when the device said at least
 * one of the fields, -1 when the log has none.
 */
int mhp_vmem_probe_parse(const char *log, size_t len,
			 struct mhp_vmem_probe *p);

/* 1 in sub-block mode, 0 in big-block mode, -1 when the log did not say. */
int mhp_vmem_probe_sbm(const struct mhp_vmem_probe *p);

#endif
