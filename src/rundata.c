// SPDX-License-Identifier: GPL-2.0
/*
 * Read a run directory back: every report is rebuilt from samples.csv
 * and meta.json alone, so a results directory copied to another machine
 * reports the same. Anything malformed is refused with the file, the
 * record and the field named.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "hotplug_report.h"
#include "rundata.h"

const char *mhp_rundata_intern(struct mhp_rundata *rd, const char *s)
{
	size_t i;

	for (i = rd->nstr; i > 0; i--)
		if (!strcmp(rd->str[i - 1], s))
			return rd->str[i - 1];
	if (rd->nstr == rd->strcap) {
		size_t cap = rd->strcap ? rd->strcap * 2 : 64;
		char **n = realloc(rd->str, cap * sizeof(*n));

		if (!n)
			return NULL;
		rd->str = n;
		rd->strcap = cap;
	}
	rd->str[rd->nstr] = strdup(s);
	return rd->str[rd->nstr] ? rd->str[rd->nstr++] : NULL;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !*end && !errno;
}

static bool parse_int(const char *s, int *v)
{
	uint64_t u;

	if (!parse_u64(s, &u) || u > INT_MAX)
		return false;
	*v = (int)u;
	return true;
}

static bool parse_double(const char *s, double *v)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return !*end && !errno && isfinite(*v);
}

/* "all", a block number, or "t" and the milliseconds of a timeline. */
static bool parse_block(const char *s, struct mhp_obs *o)
{
	uint64_t b;

	if (!strcmp(s, "all")) {
		o->block = MHP_BLOCK_ALL;
		return true;
	}
	if (s[0] == 't') {
		o->block = MHP_BLOCK_TIME;
		return parse_double(s + 1, &o->t_ms) && o->t_ms >= 0;
	}
	if (!parse_u64(s, &b) || b > LONG_MAX)
		return false;
	o->block = (long)b;
	return true;
}

static struct mhp_sample_rec *sample_rec(struct mhp_rundata *rd,
					 const struct mhp_sample_rec *key)
{
	struct mhp_sample_rec *s;
	size_t i;

	/* Rows of a sample are together: look from the end. */
	for (i = rd->nsmp; i > 0; i--) {
		s = &rd->smp[i - 1];
		if (s->arch == key->arch && s->variant == key->variant &&
		    s->scenario == key->scenario && s->size == key->size &&
		    s->sample == key->sample)
			return s;
	}
	if (rd->nsmp == rd->smpcap) {
		size_t cap = rd->smpcap ? rd->smpcap * 2 : 64;

		s = realloc(rd->smp, cap * sizeof(*s));
		if (!s)
			return NULL;
		rd->smp = s;
		rd->smpcap = cap;
	}
	s = &rd->smp[rd->nsmp++];
	*s = *key;
	s->valid = true;
	s->outcome = "";
	s->reason = "";
	s->note = "";
	return s;
}

static int add_obs(struct mhp_rundata *rd, const struct mhp_obs *o)
{
	if (rd->nobs == rd->obscap) {
		size_t cap = rd->obscap ? rd->obscap * 2 : 1024;
		struct mhp_obs *n = realloc(rd->obs, cap * sizeof(*n));

		if (!n)
			return -1;
		rd->obs = n;
		rd->obscap = cap;
	}
	rd->obs[rd->nobs++] = *o;
	return 0;
}

struct loader {
	struct mhp_rundata *rd;
	const char *file;
};

#define BAD(what, ...) \
	(snprintf(err, errlen, "%s record %ld: " what, l->file, rec, ##__VA_ARGS__), -1)

static int header_ok(char **f, int n)
{
	char line[256] = "";
	int i;

	for (i = 0; i < n; i++) {
		if (i)
			strncat(line, ",", sizeof(line) - strlen(line) - 1);
		strncat(line, f[i], sizeof(line) - strlen(line) - 1);
	}
	return !strcmp(line, MHP_SAMPLES_HEADER);
}

static int intern_all(struct mhp_rundata *rd, struct mhp_obs *o, char **f)
{
	o->arch = mhp_rundata_intern(rd, f[1]);
	o->variant = mhp_rundata_intern(rd, f[2]);
	o->kernel_id = mhp_rundata_intern(rd, f[3]);
	o->scenario = mhp_rundata_intern(rd, f[4]);
	o->metric = mhp_rundata_intern(rd, f[8]);
	o->unit = mhp_rundata_intern(rd, f[10]);
	return o->arch && o->variant && o->kernel_id && o->scenario &&
	       o->metric && o->unit ? 0 : -1;
}

static int samples_record(void *arg, char **f, int n, long rec, char *err,
			  size_t errlen)
{
	struct loader *l = arg;
	struct mhp_rundata *rd = l->rd;
	struct mhp_sample_rec key, *s;
	struct mhp_obs o = { 0 };

	if (rec == 1)
		return header_ok(f, n) ? 0 :
		       BAD("header is not %s", MHP_SAMPLES_HEADER);
	if (n != 12)
		return BAD("%d fields, want 12", n);
	if (!*f[2] || !*f[8])
		return BAD("empty variant or metric");
	if (!parse_u64(f[5], &o.size))
		return BAD("size_bytes '%.32s' is not a number of bytes", f[5]);
	if (!parse_int(f[6], &o.sample))
		return BAD("sample '%.32s' is not a sample number", f[6]);
	if (!parse_block(f[7], &o))
		return BAD("block '%.32s' is not all, a number or t<ms>", f[7]);
	if (!parse_double(f[9], &o.value))
		return BAD("value '%.32s' is not a finite number", f[9]);
	if (strcmp(f[11], "0") && strcmp(f[11], "1"))
		return BAD("valid '%.32s' is not 0 or 1", f[11]);
	o.valid = f[11][0] == '1';
	if (intern_all(rd, &o, f))
		return BAD("out of memory");
	if (!rd->id[0])
		snprintf(rd->id, sizeof(rd->id), "%s", f[0]);
	key = (struct mhp_sample_rec){ .arch = o.arch, .variant = o.variant,
				       .scenario = o.scenario, .size = o.size,
				       .sample = o.sample };
	s = sample_rec(rd, &key);
	if (s)
		o.smp = s - rd->smp;
	if (!s || add_obs(rd, &o))
		return BAD("out of memory");
	s->valid = s->valid && o.valid;
	return 0;
}

/*
 * outcomes.csv: columns found by name, so added columns do not hurt;
 * those after O_NREQ are optional (note: runs from before have none).
 */
enum { O_ARCH, O_VARIANT, O_SCENARIO, O_SIZE, O_SAMPLE, O_OUTCOME, O_VALID,
	O_REASON, O_NREQ, O_NOTE = O_NREQ, O_NCOLS };
static const char *const ocol_name[O_NCOLS] = {
	"arch", "variant", "scenario", "size_bytes", "sample", "outcome",
	"valid", "reason", "note"
};

struct oloader {
	struct loader l;
	int col[O_NCOLS];
};

static int outcomes_header(struct oloader *ol, char **f, int n, char *err,
			   size_t errlen)
{
	int i, j;

	for (i = 0; i < O_NCOLS; i++) {
		ol->col[i] = -1;
		for (j = 0; j < n; j++)
			if (!strcmp(f[j], ocol_name[i]))
				ol->col[i] = j;
		if (ol->col[i] < 0 && i < O_NREQ) {
			snprintf(err, errlen, "%s: no column %s", ol->l.file,
				 ocol_name[i]);
			return -1;
		}
	}
	return 0;
}

static int outcomes_record(void *arg, char **f, int n, long rec, char *err,
			   size_t errlen)
{
	struct oloader *ol = arg;
	struct loader *l = &ol->l;
	struct mhp_sample_rec key = { 0 }, *s;
	int *c = ol->col, i;

	if (rec == 1)
		return outcomes_header(ol, f, n, err, errlen);
	for (i = 0; i < O_NREQ; i++)
		if (c[i] >= n)
			return BAD("%d fields, want more than %d", n, c[i]);
	if (!parse_u64(f[c[O_SIZE]], &key.size) ||
	    !parse_int(f[c[O_SAMPLE]], &key.sample))
		return BAD("size_bytes or sample is not a number");
	key.arch = mhp_rundata_intern(l->rd, f[c[O_ARCH]]);
	key.variant = mhp_rundata_intern(l->rd, f[c[O_VARIANT]]);
	key.scenario = mhp_rundata_intern(l->rd, f[c[O_SCENARIO]]);
	s = key.arch && key.variant && key.scenario ? sample_rec(l->rd, &key) : NULL;
	if (!s)
		return BAD("out of memory");
	s->outcome = mhp_rundata_intern(l->rd, f[c[O_OUTCOME]]);
	s->reason = mhp_rundata_intern(l->rd, f[c[O_REASON]]);
	s->note = mhp_rundata_intern(l->rd, c[O_NOTE] >= 0 && c[O_NOTE] < n ?
				     f[c[O_NOTE]] : "");
	if (!s->outcome || !s->reason || !s->note)
		return BAD("out of memory");
	s->valid = s->valid && !strcmp(f[c[O_VALID]], "1");
	return 0;
}

static int load_meta(struct mhp_rundata *rd, char *err, size_t errlen)
{
	char path[PATH_MAX + 16];

	snprintf(path, sizeof(path), "%s/meta.json", rd->dir);
	if (access(path, R_OK)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rd->meta = json_object_from_file(path);
	if (!rd->meta || !json_object_is_type(rd->meta, json_type_object)) {
		const char *why = rd->meta ? "not an object" : json_util_get_last_err();

		/* json-c's message ends with a newline: one line only. */
		snprintf(err, errlen, "%s: not a JSON object (%.*s)", path,
			 (int)strcspn(why ? why : "", "\n"), why ? why : "");
		return -1;
	}
	return 0;
}

/*
 * Which samples were traced: the runner writes "traced" (1 or 0) for
 * every sample; in a run from before, a sample with ftrace_* rows was.
 */
static void mark_traced(struct mhp_rundata *rd)
{
	enum { NONE, FTRACE, ROW0, ROW1 } *how = calloc(rd->nsmp + 1, sizeof(*how));
	size_t i;

	if (!how)
		return;
	for (i = 0; i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];

		if (!strcmp(o->metric, "traced") && o->block == MHP_BLOCK_ALL)
			how[o->smp] = o->value != 0 ? ROW1 : ROW0;
		else if (!strncmp(o->metric, "ftrace_", 7) && how[o->smp] == NONE)
			how[o->smp] = FTRACE;
	}
	for (i = 0; i < rd->nsmp; i++)
		rd->smp[i].traced = how[i] == FTRACE || how[i] == ROW1;
	for (i = 0; i < rd->nobs; i++)
		rd->obs[i].traced = rd->smp[rd->obs[i].smp].traced;
	free(how);
}

int mhp_rundata_load(const char *dir, struct mhp_rundata *rd, char *err,
		     size_t errlen)
{
	char path[PATH_MAX + 16];
	struct oloader ol = { 0 };
	struct loader l = { rd, path };
	struct stat st;

	memset(rd, 0, sizeof(*rd));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", dir, errno == ENOENT ?
			 "no such run directory" : "not a run directory");
		return -1;
	}
	snprintf(rd->dir, sizeof(rd->dir), "%s", dir);
	if (load_meta(rd, err, errlen))
		goto fail;
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	if (mhp_csv_read(path, samples_record, &l, err, errlen))
		goto fail;
	snprintf(path, sizeof(path), "%s/outcomes.csv", dir);
	ol.l = l;
	if (!access(path, F_OK) &&
	    mhp_csv_read(path, outcomes_record, &ol, err, errlen))
		goto fail;
	if (!rd->id[0])
		snprintf(rd->id, sizeof(rd->id), "%s", mhp_meta_get(rd->meta, "run_id"));
	mark_traced(rd);
	mhp_rundata_mark_methods(rd);
	return 0;
fail:
	mhp_rundata_free(rd);
	return -1;
}

void mhp_rundata_free(struct mhp_rundata *rd)
{
	size_t i;

	for (i = 0; i < rd->nstr; i++)
		free(rd->str[i]);
	free(rd->str);
	free(rd->obs);
	free(rd->smp);
	if (rd->meta)
		json_object_put(rd->meta);
	memset(rd, 0, sizeof(*rd));
}

size_t mhp_rundata_variants(const struct mhp_rundata *rd, const char **out,
			    size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < rd->nsmp; i++) {
		for (j = 0; j < i; j++)
			if (rd->smp[j].variant == rd->smp[i].variant)
				break;
		if (j < i)
			continue;
		if (n < max)
			out[n] = rd->smp[i].variant;
		n++;
	}
	return n;
}

const char *mhp_meta_get(json_object *meta, const char *path)
{
	char key[128];
	json_object *o = meta;
	const char *p = path;

	while (o && *p) {
		size_t n = strcspn(p, ".");

		if (n >= sizeof(key) || !json_object_is_type(o, json_type_object))
			return "";
		memcpy(key, p, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(o, key, &o))
			return "";
		p += n + (p[n] == '.');
	}
	if (!o || json_object_is_type(o, json_type_object) ||
	    json_object_is_type(o, json_type_array))
		return "";
	return json_object_get_string(o);
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_object))
		return NULL;
	return v;
}

static json_object *arch_entry(json_object *meta, const char *arch)
{
	return member(member(meta, "arches"), arch);
}

json_object *mhp_meta_kernel(json_object *meta, const char *arch,
			     const char *variant)
{
	json_object *k = member(member(arch_entry(meta, arch), "kernels"), variant);

	return k ? k : member(member(meta, "kernels"), variant);
}

json_object *mhp_meta_profile(json_object *meta, const char *arch)
{
	json_object *p = member(arch_entry(meta, arch), "profile");

	return p ? p : member(meta, "arch");
}

const char *mhp_meta_cmdline_accel(json_object *meta, const char *arch)
{
	return mhp_meta_get(arch_entry(meta, arch), "cmdline_accel");
}

const char *mhp_meta_accel(json_object *meta, const char *arch)
{
	const char *a = mhp_meta_get(arch_entry(meta, arch), "accelerator");

	return *a ? a : mhp_meta_get(meta, "accelerator");
}
