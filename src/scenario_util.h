/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers the host sides of the scenarios share (scenario_util.c). */
#ifndef MHP_SCENARIO_UTIL_H
#define MHP_SCENARIO_UTIL_H

#include "mhpbench.h"

/*
 * Wait for the guest's verb (HELLOs left from boot skipped, rows taken
 * into s); 0, or -1 with the outcome and reason set in s.
 */
int mhp_scn_expect(struct mhp_guest *g, const char *verb, int timeout_ms,
		   struct mhp_sample *s);

/*
 * The hot-add every scenario starts with: wait for the guest's ARMED,
 * send GO, add one DIMM of the sample's size on node through the arch's
 * hot-add method; rows qmp_device_add_us (a method that plugs on request,
 * virtio-mem: qmp_plug_request_us, the request only) and dimm_node. 0,
 * or -1 with the outcome and reason set in s.
 */
int mhp_scn_arm_add(const struct mhp_ctx *ctx, struct mhp_guest *g,
		    struct mhp_sample *s, int node, int timeout_ms);

/* Store an "M" message as a row: block "all", a number or "t<ms>". */
int mhp_scn_take_metric(struct mhp_sample *s, const struct mhp_msg *m);

/*
 * Take M lines until DONE: 0 on "DONE status=ok", else -1 with the
 * outcome and reason set.
 */
int mhp_scn_collect(struct mhp_guest *g, int timeout_ms, struct mhp_sample *s);

/*
 * What a scenario's host side does when its guest asks for something
 * before DONE (the hot-add's OFFLINED, UNPLUG, REPLUG): the verb, and
 * its handler (0, or -1 with the outcome and reason set in the sample).
 */
struct mhp_scn_verb {
	const char *verb;
	int (*on)(const struct mhp_msg *m, void *arg);
};

/*
 * The same, calling the handler of each message of verbs (ended by a
 * NULL verb) with arg; one that fails ends it: -1.
 */
int mhp_scn_collect_on(struct mhp_guest *g, int timeout_ms,
		       struct mhp_sample *s, const struct mhp_scn_verb *verbs,
		       void *arg);

/* A whole-sample value, or -1 when absent. */
double mhp_scn_get(const struct mhp_sample *s, const char *metric);

/* b - a of two whole-sample values into *d; false when either is absent. */
bool mhp_scn_diff(const struct mhp_sample *s, const char *a, const char *b,
		  double *d);

/* Sum and largest of a per-block metric (max -1: no such rows). */
void mhp_scn_per_block(const struct mhp_sample *s, const char *metric,
		       double *sum, double *max);

/* The value of a per-block metric of one block; false when absent. */
bool mhp_scn_block_get(const struct mhp_sample *s, long block,
		       const char *metric, double *v);

/* Number of NUMA nodes the host has (/sys/devices/system/node), or 1. */
int mhp_scn_host_nodes(void);

#endif
