/* SPDX-License-Identifier: GPL-2.0 */
/* A virtio-serial port found by its name (guest side). */
#ifndef MHP_VPORT_H
#define MHP_VPORT_H

/*
 * Open the port QEMU named name (virtserialport name=...) read-write:
 * /dev/vportNpM whose /sys/class/virtio-ports/vportNpM/name says so
 * (no udev, no /dev/virtio-ports links in the guest). The fd, or -1.
 */
int mhp_vport_open(const char *name);

#endif
