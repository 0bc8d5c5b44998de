/* SPDX-License-Identifier: GPL-2.0 */
/* mhpbench native: the measurement on the machine it runs on. */
#ifndef MHP_NATIVE_H
#define MHP_NATIVE_H

#include "mhpbench.h"

/* A devdax device that dax/kmem can hot-add (native_dax.c). */
struct mhp_dax {
	char name[32];		/* dax0.0 */
	uint64_t start;		/* its physical range */
	uint64_t size;
	int node;		/* the node kmem adds it to */
	long first_block;	/* the whole memory blocks kmem adds */
	long nblocks;
	bool memmap_on_memory;	/* the device asks kmem for it (newer kernels) */
	char daxctl[PATH_MAX];	/* the program, as given or found on PATH */
	int timeout_ms;
	char log[PATH_MAX];	/* daxctl's output goes here */
};

/*
 * The first devdax device (bound to device_dax) with whole memory blocks
 * in its range, or the one named want: 0, or -1 with why in err.
 */
int mhp_dax_find(const char *want, uint64_t block_size, struct mhp_dax *d,
		 char *err, size_t errlen);

/* The device the dax-kmem hot-add method works on. */
void mhp_dax_select(struct mhp_dax *d);

/*
 * Back to devdax if the device is still System RAM (an interrupted or
 * failed sample): daxctl --force offlines its memory first. 0 when the
 * device is devdax again.
 */
int mhp_dax_restore(const struct mhp_dax *d);

/* The dax-kmem hot-add method (a row of hotplug.c's table). */
int mhp_dax_add(struct mhp_guest *g, uint64_t size, int node,
		uint64_t *qmp_us, char *err, size_t errlen);
int mhp_dax_remove(struct mhp_guest *g, int timeout_ms, uint64_t *qmp_us,
		   uint64_t *deleted_us, char *err, size_t errlen);

/* Run argv (execvp, no shell), output appended to log, within timeout_ms;
 * its exit status, or -1 when it could not run or was killed.
 */
int mhp_exec_log(const char *const argv[], const char *log, int timeout_ms);

/* A program on PATH (or a path): its path in buf, or -1. */
int mhp_which(const char *prog, char *buf, size_t len);

#endif
