/* SPDX-License-Identifier: GPL-2.0 */
/* A run's results directory: samples.csv, outcomes.csv, meta.json. */
#ifndef MHP_RESULTS_H
#define MHP_RESULTS_H

#include "mhpbench.h"

struct mhp_run {
	char id[64];
	char dir[PATH_MAX];
	const char *arch;
	const char *scenario;
	struct mhp_sample *samples;
	int nsamples;
	int cap;
};

/* Append a finished sample (takes ownership of its rows). */
int mhp_run_add(struct mhp_run *r, struct mhp_sample *s);

/* Rewrite samples.csv and outcomes.csv: temp file, fsync, rename, so a
 * reader or a crash never sees half a file and no finished sample is
 * lost. -1 with errno on failure.
 */
int mhp_run_write(const struct mhp_run *r);

/* RUN/samples/ARCH-VARIANT-SIZE-INDEX plus suffix. */
void mhp_sample_path(const struct mhp_run *r, const struct mhp_sample *s,
		     const char *suffix, char *buf, size_t len);

/* Write one finished sample's rows and outcome as files of their own
 * (atomically): what --resume reads back.
 */
int mhp_run_write_sample(const struct mhp_run *r, const struct mhp_sample *s);

/* Read a finished sample back (resume.c): 1 when it was on disk, 0 when
 * it was not, -1 when its files are unreadable.
 */
int mhp_run_load_sample(struct mhp_run *r, struct mhp_sample *s);

/* Parse a finished sample's rows (or, with outcome, its outcome row)
 * into s. -1 on malformed CSV.
 */
int mhp_sample_parse_csv(const char *buf, size_t len, bool outcome,
			 struct mhp_sample *s);

/* Write any file of the run atomically. */
int mhp_write_atomic(const char *path, const char *data, size_t len);

#endif
