/* SPDX-License-Identifier: GPL-2.0 */
/* mhpbench native: the machine and the local guest driver (native_host.c). */
#ifndef MHP_NATIVE_HOST_H
#define MHP_NATIVE_HOST_H

#include "guest.h"

struct mhp_native_machine {
	unsigned int page_size;
	uint64_t block_size;
	uint64_t mem_total;
	char nodes[64];		/* /sys/devices/system/node/online */
	int memmap_on_memory;	/* the module parameter: 1, 0, -1 absent */
	char memmap_param[16];	/* as read */
	char release[65];
	char version[65];
	char machine[65];
	char cmdline[512];
	char kernel_id[16];
};

/* The suite's name of this machine's architecture (x86_64, arm64...). */
const char *mhp_native_arch(void);

int mhp_native_probe(struct mhp_native_machine *m, char *err, size_t errlen);

/* The machine as a run's arch profile and kernel (arch "native", variant
 * the kernel release).
 */
void mhp_native_describe(const struct mhp_native_machine *m,
			 const char *hotplug, struct mhp_arch *a,
			 struct mhp_kernel *k);

/* Start the static guest driver here, on a socketpair. */
int mhp_native_driver_start(const char *driver, const char *logdir,
			    struct mhp_guest *g, char *err, size_t errlen);

/* BYE, then wait for it: it puts every block back before it exits. */
void mhp_native_driver_stop(struct mhp_guest *g);

#endif
