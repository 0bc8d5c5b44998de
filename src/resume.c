// SPDX-License-Identifier: GPL-2.0
/*
 * Resuming a run: every finished sample is on disk as its own pair of
 * files (samples/NAME.csv, samples/NAME.outcome.csv, written atomically
 * by results.c). A sample whose outcome file exists is done: its rows are
 * read back with libcsv and the sample is not run again.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results.h"

#define NCOLS 12
/* The outcome file has a 13th, note (runs from before have not). */
#define MAXCOLS 13

struct loader {
	struct mhp_sample *s;
	bool outcome;		/* reading the outcome file */
	int col;
	int bad;
	char f[MAXCOLS][256];
};

static void on_field(void *field, size_t len, void *data)
{
	struct loader *l = data;

	if (l->col < MAXCOLS) {
		if (len >= sizeof(l->f[0]))
			l->bad = 1;
		snprintf(l->f[l->col], sizeof(l->f[0]), "%.*s", (int)len,
			 (const char *)field);
	}
	l->col++;
}

static int outcome_of(const char *name)
{
	int o;

	for (o = MHP_OK; o <= MHP_NOT_APPLICABLE; o++)
		if (!strcmp(mhp_outcome_name(o), name))
			return o;
	return -1;
}

static void on_row(int c, void *data)
{
	struct loader *l = data;
	struct mhp_sample *s = l->s;
	char *end;

	(void)c;
	if (l->col != NCOLS && !(l->outcome && l->col == MAXCOLS)) {
		l->bad = 1;
	} else if (l->outcome) {
		int o = outcome_of(l->f[7]);

		if (o < 0)
			l->bad = 1;
		s->outcome = o;
		s->valid = !strcmp(l->f[8], "1");
		s->wall_us = strtoull(l->f[9], NULL, 10);
		snprintf(s->reason, sizeof(s->reason), "%s", l->f[10]);
		snprintf(s->log, sizeof(s->log), "%s", l->f[11]);
		snprintf(s->note, sizeof(s->note), "%s",
			 l->col == MAXCOLS ? l->f[12] : "");
	} else {
		long block = -1;
		double v = strtod(l->f[9], &end);

		if (*end || !*l->f[9])
			l->bad = 1;
		if (l->f[7][0] == 't') {
			mhp_sample_add_t(s, strtol(l->f[7] + 1, NULL, 10),
					 l->f[8], v, l->f[10]);
		} else {
			if (strcmp(l->f[7], "all"))
				block = strtol(l->f[7], NULL, 10);
			mhp_sample_add(s, block, l->f[8], v, l->f[10]);
		}
	}
	l->col = 0;
}

int mhp_sample_parse_csv(const char *buf, size_t len, bool outcome,
			 struct mhp_sample *s)
{
	struct loader l = { .s = s, .outcome = outcome };
	struct csv_parser p;
	int ret = 0;

	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return -1;
	if (csv_parse(&p, buf, len, on_field, on_row, &l) != len)
		ret = -1;
	csv_fini(&p, on_field, on_row, &l);
	csv_free(&p);
	return ret || l.bad ? -1 : 0;
}

/* A finished sample's files are small: read one whole. */
static int load_csv(const char *path, bool outcome, struct mhp_sample *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "re");
	FILE *m = open_memstream(&buf, &len);
	char chunk[4096];
	size_t n;
	int ret;

	if (!f || !m) {
		if (f)
			fclose(f);
		if (m)
			fclose(m);
		free(buf);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	ret = mhp_sample_parse_csv(buf, len, outcome, s);
	free(buf);
	return ret;
}

int mhp_run_load_sample(struct mhp_run *r, struct mhp_sample *s)
{
	char path[PATH_MAX + 64];

	mhp_sample_path(r, s, ".outcome.csv", path, sizeof(path));
	if (access(path, F_OK))
		return 0;
	if (load_csv(path, true, s))
		goto bad;
	mhp_sample_path(r, s, ".csv", path, sizeof(path));
	if (load_csv(path, false, s))
		goto bad;
	return 1;
bad:
	fprintf(stderr, "mhpbench: %s: unreadable finished sample\n", path);
	mhp_sample_free(s);
	return -1;
}
