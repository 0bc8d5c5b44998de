// SPDX-License-Identifier: GPL-2.0
/*
 * CSV input through libcsv: the results files are written with libcsv's
 * quoting, so they are read back by the same rules (strict: a stray
 * quote is an error, not a guess).
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"

#define MHP_CSV_MAX_FIELDS 64

struct reader {
	mhp_csv_record_fn fn;
	void *arg;
	char *field[MHP_CSV_MAX_FIELDS];
	int nfields;
	long record;
	int failed;
	char *err;
	size_t errlen;
	const char *path;
};

static void drop_fields(struct reader *r)
{
	int i;

	for (i = 0; i < r->nfields; i++)
		free(r->field[i]);
	r->nfields = 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;

	if (r->failed)
		return;
	if (r->nfields == MHP_CSV_MAX_FIELDS) {
		snprintf(r->err, r->errlen, "%s record %ld: more than %d fields",
			 r->path, r->record + 1, MHP_CSV_MAX_FIELDS);
		r->failed = 1;
		return;
	}
	r->field[r->nfields] = strndup(s ? s : "", s ? len : 0);
	if (!r->field[r->nfields]) {
		snprintf(r->err, r->errlen, "%s: out of memory", r->path);
		r->failed = 1;
		return;
	}
	r->nfields++;
}

static void on_record(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	if (!r->failed) {
		r->record++;
		if (r->fn(r->arg, r->field, r->nfields, r->record, r->err, r->errlen))
			r->failed = 1;
	}
	drop_fields(r);
}

int mhp_csv_read(const char *path, mhp_csv_record_fn fn, void *arg,
		 char *err, size_t errlen)
{
	struct reader r = { .fn = fn, .arg = arg, .err = err, .errlen = errlen,
			    .path = path };
	struct csv_parser p;
	char buf[65536];
	size_t n, off = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		fclose(f);
		snprintf(err, errlen, "%s: cannot start the CSV parser", path);
		return -1;
	}
	while (!r.failed && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (csv_parse(&p, buf, n, on_field, on_record, &r) != n) {
			snprintf(err, errlen, "%s: malformed CSV near byte %zu: %s",
				 path, off + n, csv_strerror(csv_error(&p)));
			r.failed = 1;
		}
		off += n;
	}
	if (!r.failed && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		r.failed = 1;
	}
	if (!r.failed && csv_fini(&p, on_field, on_record, &r)) {
		snprintf(err, errlen, "%s: malformed CSV at the end: %s", path,
			 csv_strerror(csv_error(&p)));
		r.failed = 1;
	}
	drop_fields(&r);
	csv_free(&p);
	fclose(f);
	return r.failed ? -1 : 0;
}
