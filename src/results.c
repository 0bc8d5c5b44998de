// SPDX-License-Identifier: GPL-2.0
/*
 * Results as CSV, written with libcsv so that any field (a reason, a
 * path) is quoted correctly. samples.csv is the long format that every
 * report is rebuilt from:
 *   run_id,arch,variant,kernel_id,scenario,size_bytes,sample,block,
 *   metric,value,unit,valid
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "results.h"
#include "size.h"

int mhp_run_add(struct mhp_run *r, struct mhp_sample *s)
{
	if (r->nsamples == r->cap) {
		int cap = r->cap ? r->cap * 2 : 16;
		struct mhp_sample *n = realloc(r->samples, cap * sizeof(*n));

		if (!n)
			return -1;
		r->samples = n;
		r->cap = cap;
	}
	r->samples[r->nsamples++] = *s;
	memset(s, 0, sizeof(*s));
	return 0;
}

int mhp_write_atomic(const char *path, const char *data, size_t len)
{
	char tmp[PATH_MAX + 8];
	int fd, e;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		data += n;
		len -= n;
	}
	if (fsync(fd))
		goto fail;
	close(fd);
	return rename(tmp, path);
fail:
	e = errno;
	close(fd);
	unlink(tmp);
	errno = e;
	return -1;
}

/* Quote a field only when it needs it (libcsv does the quoting). */
static void field(FILE *f, const char *s, int last)
{
	if (strpbrk(s, ",\"\r\n") || *s == ' ')
		csv_fwrite(f, s, strlen(s));
	else
		fputs(s, f);
	fputc(last ? '\n' : ',', f);
}

static void fieldf(FILE *f, const char *fmt, double v, int last)
{
	char buf[64];

	snprintf(buf, sizeof(buf), fmt, v);
	field(f, buf, last);
}

static void sample_rows(FILE *f, const struct mhp_run *r,
			const struct mhp_sample *s)
{
	char block[24];
	int i;

	for (i = 0; i < s->nrows; i++) {
		const struct mhp_row *row = &s->rows[i];

		if (row->block == MHP_ROW_TIME)
			snprintf(block, sizeof(block), "t%ld", row->t_ms);
		else if (row->block < 0)
			snprintf(block, sizeof(block), "all");
		else
			snprintf(block, sizeof(block), "%ld", row->block);
		field(f, r->id, 0);
		field(f, s->kernel->arch, 0);
		field(f, s->kernel->variant, 0);
		field(f, s->kernel->build_id, 0);
		field(f, s->scenario ?: r->scenario, 0);
		fieldf(f, "%.0f", s->size, 0);
		fieldf(f, "%.0f", s->index, 0);
		field(f, block, 0);
		field(f, row->metric, 0);
		fieldf(f, "%.15g", row->value, 0);
		field(f, row->unit, 0);
		field(f, s->valid ? "1" : "0", 1);
	}
}

static void outcome_row(FILE *f, const struct mhp_run *r,
			const struct mhp_sample *s)
{
	field(f, r->id, 0);
	field(f, s->kernel->arch, 0);
	field(f, s->kernel->variant, 0);
	field(f, s->kernel->build_id, 0);
	field(f, s->scenario ?: r->scenario, 0);
	fieldf(f, "%.0f", s->size, 0);
	fieldf(f, "%.0f", s->index, 0);
	field(f, mhp_outcome_name(s->outcome), 0);
	field(f, s->valid ? "1" : "0", 0);
	fieldf(f, "%.0f", s->wall_us, 0);
	field(f, s->reason, 0);
	field(f, s->log, 0);
	field(f, s->note, 1);
}

void mhp_sample_path(const struct mhp_run *r, const struct mhp_sample *s,
		     const char *suffix, char *buf, size_t len)
{
	char size[32];

	mhp_size_format(s->size, size, sizeof(size));
	snprintf(buf, len, "%s/samples/%s-%s-%s-%d%s", r->dir, s->kernel->arch,
		 s->kernel->variant, size, s->index, suffix);
}

static int write_one(const struct mhp_run *r, const struct mhp_sample *s,
		     const char *suffix,
		     void (*row)(FILE *, const struct mhp_run *,
				 const struct mhp_sample *))
{
	char path[PATH_MAX + 64], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return -1;
	row(f, r, s);
	if (fclose(f)) {
		free(buf);
		return -1;
	}
	mhp_sample_path(r, s, suffix, path, sizeof(path));
	ret = mhp_write_atomic(path, buf, len);
	free(buf);
	return ret;
}

int mhp_run_write_sample(const struct mhp_run *r, const struct mhp_sample *s)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/samples", r->dir);
	if (mkdir(path, 0700) && errno != EEXIST)
		return -1;
	/* The outcome file last: its presence means the sample is done. */
	return write_one(r, s, ".csv", sample_rows) ||
	       write_one(r, s, ".outcome.csv", outcome_row);
}

static int write_csv(const struct mhp_run *r, const char *name,
		     const char *header,
		     void (*row)(FILE *, const struct mhp_run *,
				 const struct mhp_sample *))
{
	char path[PATH_MAX + 32], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i, ret;

	if (!f)
		return -1;
	fputs(header, f);
	for (i = 0; i < r->nsamples; i++)
		row(f, r, &r->samples[i]);
	if (fclose(f)) {
		free(buf);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	ret = mhp_write_atomic(path, buf, len);
	free(buf);
	return ret;
}

int mhp_run_write(const struct mhp_run *r)
{
	return write_csv(r, "samples.csv",
			 "run_id,arch,variant,kernel_id,scenario,size_bytes,sample,block,metric,value,unit,valid\n",
			 sample_rows) ||
	       write_csv(r, "outcomes.csv",
			 "run_id,arch,variant,kernel_id,scenario,size_bytes,sample,outcome,valid,wall_us,reason,log,note\n",
			 outcome_row);
}
