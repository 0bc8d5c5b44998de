/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A finished (or interrupted) run read back from its directory:
 * samples.csv and meta.json, which is all a report needs, and
 * outcomes.csv when it is there (the reasons of excluded samples).
 */
#ifndef MHP_RUNDATA_H
#define MHP_RUNDATA_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#define MHP_SAMPLES_HEADER "run_id,arch,variant,kernel_id,scenario,size_bytes," \
			   "sample,block,metric,value,unit,valid"

#define MHP_BLOCK_ALL	(-1)	/* block "all": a whole-sample value */
#define MHP_BLOCK_TIME	(-2)	/* block "t<ms>": a timeline point */

/* One row of samples.csv; strings are interned (compare pointers). */
struct mhp_obs {
	const char *arch;
	const char *variant;
	const char *kernel_id;
	const char *scenario;
	const char *metric;
	const char *unit;
	uint64_t size;
	int sample;
	long block;		/* >= 0, MHP_BLOCK_ALL or MHP_BLOCK_TIME */
	double t_ms;		/* MHP_BLOCK_TIME: ms since the hot-add */
	double value;
	bool valid;
	bool traced;		/* of a sample taken under function_graph */
	size_t smp;		/* its sample: rd->smp[smp] */
};

/* One sample as outcomes.csv or samples.csv saw it. */
struct mhp_sample_rec {
	const char *arch;
	const char *variant;
	const char *scenario;
	uint64_t size;
	int sample;
	bool valid;
	/*
	 * Taken under function_graph: its "traced" row, or (a run from
	 * before those rows) any ftrace_* row.
	 */
	bool traced;
	const char *outcome;	/* "ok", "invalid", ..., or "" */
	const char *reason;	/* "" when outcomes.csv is absent */
	/* Its note (upstream's rule for altmap = rule kernels), or "". */
	const char *note;
	/*
	 * NULL, or the hot-add method whose own row (other_row) the sample
	 * has while meta.json records another one for its arch: no
	 * statistic takes it (hotplug_report.c).
	 */
	const char *other_method;
	const char *other_row;
};

struct mhp_rundata {
	char dir[PATH_MAX];
	char id[128];
	json_object *meta;
	struct mhp_obs *obs;
	size_t nobs, obscap;
	struct mhp_sample_rec *smp;
	size_t nsmp, smpcap;
	char **str;		/* the intern pool */
	size_t nstr, strcap;
};

/* 0, or -1 with one line in err (and nothing to free). */
int mhp_rundata_load(const char *dir, struct mhp_rundata *rd, char *err,
		     size_t errlen);
void mhp_rundata_free(struct mhp_rundata *rd);

/* The pool's copy of s (NULL when out of memory). */
const char *mhp_rundata_intern(struct mhp_rundata *rd, const char *s);

/* Distinct variants in order of first appearance; returns how many
 * (at most max are stored).
 */
size_t mhp_rundata_variants(const struct mhp_rundata *rd, const char **out,
			    size_t max);

/* A meta.json value by dotted path ("host.cpu") as a string; "" when
 * absent. Numbers come back in their JSON spelling.
 */
const char *mhp_meta_get(json_object *meta, const char *path);

/*
 * Per-arch parts of meta.json: "arches": {ARCH: {profile, accelerator,
 * kernels}} (a run of one arch also has "arch", "accelerator" and
 * "kernels" at the top, which older runs have alone). NULL / "" when
 * absent.
 */
json_object *mhp_meta_kernel(json_object *meta, const char *arch,
			     const char *variant);
json_object *mhp_meta_profile(json_object *meta, const char *arch);
const char *mhp_meta_accel(json_object *meta, const char *arch);
/* What the arch's profile added to every command line under the run's
 * accelerator (cmdline_tcg), "" when nothing or not recorded.
 */
const char *mhp_meta_cmdline_accel(json_object *meta, const char *arch);

#endif
