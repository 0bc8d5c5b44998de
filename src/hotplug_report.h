/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hot-add method in the reports (hotplug_report.c): which method a
 * run used per arch (meta.json's profile "hotplug"), what the provenance
 * says of it, the samples whose rows only another method writes (left
 * out of every statistic), and the pairs whose sides used different
 * methods: a methods comparison, named in every header.
 */
#ifndef MHP_HOTPLUG_REPORT_H
#define MHP_HOTPLUG_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "comparison.h"

/* What the reports say where meta.json does not name the method. */
#define MHP_METHOD_UNRECORDED "method not recorded"

/*
 * The hot-add method of arch's samples in a run; NULL when meta.json
 * does not record it (never a default: an old run says nothing).
 */
const char *mhp_run_method(const struct mhp_rundata *rd, const char *arch);

/*
 * Mark each sample that has a row only another method than its run's
 * writes (other_method, other_row): no statistic takes it. rundata.c
 * calls it once the run is loaded.
 */
void mhp_rundata_mark_methods(struct mhp_rundata *rd);

/*
 * The method of arch in rd for its provenance line: "acpi-dimm",
 * "virtio-mem: device block 2M (QEMU's default), guest SBM with 2M
 * sub-blocks", or "hot-add method not recorded".
 */
void mhp_method_describe(const struct mhp_rundata *rd, const char *arch,
			 char *buf, size_t len);

/*
 * Each section's method per side, the pair's, and, when the sides used
 * different methods, what the pair isolates (mhp_pairing_fill calls it).
 */
void mhp_pairing_methods(struct mhp_pairing *p);

/*
 * The method of a side in a section (sec NULL: the method of the whole
 * pair) when the pair compares methods, MHP_METHOD_UNRECORDED when its
 * run does not say; NULL when the pair does not compare methods (or its
 * sections differ, for the pair's).
 */
const char *mhp_side_method(const struct mhp_pairing *p,
			    const struct mhp_section *sec, int side);

/* The side's label, with its method as mhp_side_method gives it:
 * "A:baseline (acpi-dimm)". Returns buf.
 */
const char *mhp_side_name(const struct mhp_pairing *p,
			  const struct mhp_section *sec, int side, char *buf,
			  size_t len);

/* True when a pair of the report compares two hot-add methods. */
bool mhp_report_compares_methods(const struct mhp_report *r);

/* The methods of the run on one side, over its arches: "virtio-mem",
 * "acpi-dimm/dlpar-dimm".
 */
void mhp_report_run_methods(const struct mhp_report *r, int side, char *buf,
			    size_t len);

/*
 * Warn (mhp_report_warn) about the method: samples of another method
 * left out; across two runs, a method one run records and the other
 * not, and a method's own profile keys that differ (provenance.c leaves
 * those to this, see mhp_method_profile_key).
 */
void mhp_methods_check(struct mhp_report *r);

/*
 * Whether an arch profile key of meta.json is the method's (its name,
 * its own keys): mhp_methods_check compares them, provenance.c not.
 */
bool mhp_method_profile_key(const char *key);

/* The same, and the keys a method changes in the profile (maxmem): not
 * compared between runs of different methods.
 */
bool mhp_method_changed_key(const char *key);

/* Both runs record a method for arch, and not the same one. */
bool mhp_methods_differ(const struct mhp_rundata *a,
			const struct mhp_rundata *b, const char *arch);

#endif
