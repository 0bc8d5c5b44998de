// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench lava import LOG... --export DIR --out RUN: LAVA's results of
 * the jobs mhpbench lava export wrote, back into a results directory that
 * report and compare read like any other.
 *
 * A LOG is either what lava-run wrote (one record per line: "lvl"
 * "results" lines are the test cases, "target" lines the console), a LAVA
 * server's job log (output.yaml: the same records as a YAML list) or its
 * test-results export of one job (/results/JOB/csv). Each
 * is matched to its exported job by the monitor's test suite name (or, in
 * a lava-run log of a job that never reached the test, the mhpbench.job=
 * word of its boot command); its kernel must be the exported one (the
 * sha256 LAVA's download computed). Rows are the guest's raw rows; the
 * scenario's own derive step then computes the metrics and the verdict,
 * as mhpbench run does. A job that failed or timed out in LAVA is an
 * outcome row with LAVA's error. A log that is malformed or truncated (no
 * job result) is refused: one line, exit 2.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "compiler.h"
#include "csvread.h"
#include "lava.h"
#include "lavalog.h"
#include "meta.h"
#include "opts.h"
#include "results.h"
#include "summary.h"

#define MAX_JOBS 4096
#define MAX_LINE (1 << 20)	/* lava-run cuts longer records */

/* One test case of the guest's. */
struct lava_case {
	char id[96];		/* all.METRIC, bN.METRIC, tN.METRIC (or _) */
	char result[16];
	char measurement[64];
	char units[16];
};

/* What one log says. */
struct lava_log {
	const char *path;
	char job_id[32];	/* a server's job id; "" from lava-run */
	bool server_csv;	/* a server's results export: no device in it */
	char definition[160];
	char kernel_sha[72];
	char initrd_sha[72];
	bool have_job;		/* the "lava" "job" result, always last */
	bool job_pass;
	char error[256];	/* LAVA's error_type: error_msg */
	char reason[256];	/* MHPB-REASON */
	char build[64];		/* MHPB-HELLO build= */
	char qemu[64];		/* the dispatcher's QEMU package version */
	struct lava_case *cases;
	int ncases, cap;
	char *text;		/* the log itself, copied into the run */
	size_t len;
	int job;		/* its job in the export's manifest */
	const struct mhp_kernel *kernel;
	int arch;
};

struct lava_import {
	char exportdir[PATH_MAX];
	char out[PATH_MAX];
	json_object *manifest;
	struct mhp_opts o;
	struct mhp_arch arches[MHP_MAX_ARCHES];
	struct mhp_kernel k[MHP_MAX_ARCHES][MHP_MAX_VARIANTS];
	struct mhp_meta_arch ma[MHP_MAX_ARCHES];
	int narches;
	bool seen[MAX_JOBS];
	json_object *jobs_meta;
	char qemu[64];		/* the logs' QEMU, "mixed", or "unknown" */
};

static char errbuf[512];

static int fail(const char *fmt, ...) __printf(1, 2);
static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	return -1;
}

static const char *jstr_get(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	if (json_object_is_type(v, json_type_string) ||
	    json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double))
		return json_object_get_string(v);
	return NULL;
}

static int add_case(struct lava_log *l, const char *id, const char *result,
		    const char *measurement, const char *units)
{
	struct lava_case *c;

	if (!id || !result || !measurement || !units ||
	    strlen(id) >= sizeof(c->id) || strlen(measurement) >= sizeof(c->measurement) ||
	    strlen(units) >= sizeof(c->units) || strlen(result) >= sizeof(c->result))
		return -1;
	if (l->ncases == l->cap) {
		int cap = l->cap ? 2 * l->cap : 128;
		struct lava_case *n = realloc(l->cases, cap * sizeof(*n));

		if (!n)
			return -1;
		l->cases = n;
		l->cap = cap;
	}
	c = &l->cases[l->ncases++];
	snprintf(c->id, sizeof(c->id), "%s", id);
	snprintf(c->result, sizeof(c->result), "%s", result);
	snprintf(c->measurement, sizeof(c->measurement), "%s", measurement);
	snprintf(c->units, sizeof(c->units), "%s", units);
	return 0;
}

/* The suite a guest case belongs to: the first one seen is the job's. */
static int take_definition(struct lava_log *l, const char *def)
{
	if (!def || strlen(def) >= sizeof(l->definition))
		return -1;
	if (!l->definition[0])
		snprintf(l->definition, sizeof(l->definition), "%s", def);
	return strcmp(l->definition, def) ? -1 : 0;
}

/* "LABEL" download's sha256: kernel or initrd. */
static void take_sha(struct lava_log *l, const char *label, const char *sha)
{
	if (!label || !sha || strlen(sha) != 64)
		return;
	if (!strcmp(label, "kernel"))
		snprintf(l->kernel_sha, sizeof(l->kernel_sha), "%s", sha);
	else if (!strcmp(label, "initrd"))
		snprintf(l->initrd_sha, sizeof(l->initrd_sha), "%s", sha);
}

static void take_job(struct lava_log *l, const char *result, const char *type,
		     const char *msg)
{
	l->have_job = true;
	l->job_pass = result && !strcmp(result, "pass");
	if (!l->job_pass)
		snprintf(l->error, sizeof(l->error), "LAVA %s error: %s",
			 type && *type ? type : "job", msg && *msg ? msg : "failed");
}

/* A console line: the guest's reason and build, or the boot command. */
static void take_text(struct lava_log *l, const char *msg)
{
	const char *build = strstr(msg, "build=");
	const char *job = strstr(msg, " mhpbench.job=");

	if (!strncmp(msg, "MHPB-REASON ", 12))
		snprintf(l->reason, sizeof(l->reason), "%s", msg + 12);
	else if (!strncmp(msg, "MHPB-HELLO ", 11) && build)
		snprintf(l->build, sizeof(l->build), "%.*s",
			 (int)strcspn(build + 6, " "), build + 6);
	else if (!strncmp(msg, "Boot command: ", 14) && job && !l->definition[0])
		snprintf(l->definition, sizeof(l->definition), "%.*s",
			 (int)strcspn(job + 14, " \""), job + 14);
}

static int take_results(struct lava_log *l, json_object *msg)
{
	const char *def = jstr_get(msg, "definition");
	const char *kase = jstr_get(msg, "case");
	json_object *extra = NULL;
	const char *id;

	json_object_object_get_ex(msg, "extra", &extra);
	if (!def || !kase)
		return -1;
	if (!strcmp(def, "lava")) {
		if (!strcmp(kase, "file-download"))
			take_sha(l, jstr_get(extra, "label"), jstr_get(extra, "sha256sum"));
		else if (!strcmp(kase, "job"))
			take_job(l, jstr_get(msg, "result"), jstr_get(msg, "error_type"),
				 jstr_get(msg, "error_msg"));
		else if (!strcmp(kase, "execute-qemu") && jstr_get(extra, "qemu_version"))
			snprintf(l->qemu, sizeof(l->qemu), "%s",
				 jstr_get(extra, "qemu_version"));
		return 0;
	}
	if (take_definition(l, def))
		return -1;
	id = jstr_get(extra, "test_case_id") ?: kase;
	return add_case(l, id, jstr_get(msg, "result"), jstr_get(msg, "measurement"),
			jstr_get(msg, "units"));
}

/* lava-run's output: one JSON object per line (buf, a copy, is cut up). */
static int parse_jsonl(struct lava_log *l, char *buf)
{
	static char json[2 * MAX_LINE];
	char *line = buf, *end;
	long n = 0;

	for (; line < buf + l->len; line = end + 1) {
		json_object *o, *msg;
		const char *lvl;
		bool last;
		int bad = 0;

		end = memchr(line, '\n', buf + l->len - line);
		last = !end;
		if (!end)
			end = buf + l->len;
		*end = '\0';
		n++;
		if (!line[strspn(line, " \t\r")])
			continue;
		/* A server's job log (output.yaml): a YAML list of records. */
		if (!strncmp(line, "- {", 3))
			line += 2;
		o = NULL;
		if (strlen(line) < MAX_LINE && !mhp_lava_line_json(line, json, sizeof(json)))
			o = json_tokener_parse(json);
		lvl = o && json_object_is_type(o, json_type_object) ?
		      jstr_get(o, "lvl") : NULL;
		if (!lvl || !json_object_object_get_ex(o, "msg", &msg)) {
			json_object_put(o);
			return fail("%s:%ld: %s", l->path, n, last ?
				    "truncated (its last line is cut)" :
				    "malformed: not a lava-run log line");
		}
		if (!strcmp(lvl, "results"))
			bad = take_results(l, msg);
		else if (json_object_is_type(msg, json_type_string))
			take_text(l, json_object_get_string(msg));
		json_object_put(o);
		if (bad)
			return fail("%s:%ld: malformed result", l->path, n);
	}
	return 0;
}

/* The value of 'key': '...' in a Python dict's repr (the server's CSV). */
static void repr_get(const char *s, const char *key, char *buf, size_t len)
{
	char pat[64];
	const char *p;

	buf[0] = '\0';
	snprintf(pat, sizeof(pat), "'%s': '", key);
	p = s ? strstr(s, pat) : NULL;
	if (p)
		snprintf(buf, len, "%.*s", (int)strcspn(p + strlen(pat), "'"),
			 p + strlen(pat));
}

/* A LAVA server's results export of one job: its CSV. */
enum { C_JOB, C_SUITE, C_RESULT, C_MEAS, C_UNIT, C_META, C_NAME, C_N };
static const char *const csv_cols[C_N] = {
	"job", "suite", "result", "measurement", "unit", "metadata", "name"
};

struct csv_state {
	struct lava_log *l;
	int col[C_N];
};

static int csv_record(void *arg, char **f, int nf, long rec, char *err,
		      size_t errlen)
{
	struct csv_state *st = arg;
	struct lava_log *l = st->l;
	char label[32], sha[80], type[64], msg[200];
	int i, j;

	if (rec == 1) {
		for (i = 0; i < C_N; i++) {
			st->col[i] = -1;
			for (j = 0; j < nf; j++)
				if (!strcmp(f[j], csv_cols[i]))
					st->col[i] = j;
			if (st->col[i] < 0) {
				snprintf(err, errlen, "%s: not a LAVA results export (no column %s)",
					 l->path, csv_cols[i]);
				return -1;
			}
		}
		return 0;
	}
	for (i = 0; i < C_N; i++)
		if (st->col[i] >= nf) {
			snprintf(err, errlen, "%s: record %ld: truncated", l->path, rec);
			return -1;
		}
	if (!l->job_id[0])
		snprintf(l->job_id, sizeof(l->job_id), "%s", f[st->col[C_JOB]]);
	if (strcmp(l->job_id, f[st->col[C_JOB]])) {
		snprintf(err, errlen, "%s: results of two jobs (%s and %s): one log per job",
			 l->path, l->job_id, f[st->col[C_JOB]]);
		return -1;
	}
	if (!strcmp(f[st->col[C_SUITE]], "lava")) {
		const char *meta = f[st->col[C_META]];

		if (!strcmp(f[st->col[C_NAME]], "file-download")) {
			repr_get(meta, "label", label, sizeof(label));
			repr_get(meta, "sha256sum", sha, sizeof(sha));
			take_sha(l, label, sha);
		} else if (!strcmp(f[st->col[C_NAME]], "job")) {
			repr_get(meta, "error_type", type, sizeof(type));
			repr_get(meta, "error_msg", msg, sizeof(msg));
			take_job(l, f[st->col[C_RESULT]], type, msg);
		}
		return 0;
	}
	if (take_definition(l, f[st->col[C_SUITE]]) ||
	    add_case(l, f[st->col[C_NAME]], f[st->col[C_RESULT]], f[st->col[C_MEAS]],
		     f[st->col[C_UNIT]])) {
		snprintf(err, errlen, "%s: record %ld: malformed result", l->path, rec);
		return -1;
	}
	return 0;
}

static int read_log(struct lava_log *l)
{
	FILE *f = fopen(l->path, "re");
	struct csv_state st = { .l = l };
	char *p;

	if (!f)
		return fail("%s: %s", l->path, strerror(errno));
	l->text = NULL;
	l->len = 0;
	{
		char buf[65536];
		size_t n;

		while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
			char *t = realloc(l->text, l->len + n + 1);

			if (!t) {
				fclose(f);
				return fail("%s: out of memory", l->path);
			}
			l->text = t;
			memcpy(l->text + l->len, buf, n);
			l->len += n;
		}
	}
	fclose(f);
	if (!l->len)
		return fail("%s: empty", l->path);
	l->text[l->len] = '\0';
	if (memchr(l->text, '\0', l->len))
		return fail("%s: malformed: binary data", l->path);
	p = l->text + strspn(l->text, " \t\r\n");
	if (*p == '{' || !strncmp(p, "- {", 3)) {
		char *copy = strdup(l->text);
		int ret;

		if (!copy)
			return fail("%s: out of memory", l->path);
		ret = parse_jsonl(l, copy);
		free(copy);
		if (ret)
			return -1;
	} else if (!strncmp(p, "job,", 4) || strstr(p, "suite")) {
		l->server_csv = true;
		if (mhp_csv_read(l->path, csv_record, &st, errbuf, sizeof(errbuf)))
			return -1;
	} else {
		return fail("%s: malformed: neither a lava-run log nor a LAVA results export",
			    l->path);
	}
	if (!l->have_job)
		return fail("%s: truncated: no job result (the log ends before LAVA finished)",
			    l->path);
	return 0;
}

/* all.METRIC, b32.METRIC, t120.METRIC; LAVA's own names use _ for . */
static int case_row(const char *id, long *block, long *t_ms, const char **metric)
{
	char *end;

	*t_ms = 0;
	if (!strncmp(id, "all", 3) && (id[3] == '.' || id[3] == '_')) {
		*block = -1;
		*metric = id + 4;
		return **metric ? 0 : -1;
	}
	if ((id[0] != 'b' && id[0] != 't') || id[1] < '0' || id[1] > '9')
		return -1;
	errno = 0;
	if (id[0] == 'b')
		*block = strtol(id + 1, &end, 10);
	else
		*t_ms = strtol(id + 1, &end, 10);
	if (id[0] == 't')
		*block = MHP_ROW_TIME;
	if (errno || (*end != '.' && *end != '_') || !end[1])
		return -1;
	*metric = end + 1;
	return 0;
}

static void rename_qmp_timings(struct mhp_sample *s)
{
	int i;

	for (i = 0; i < s->nrows; i++)
		mhp_lava_qmp_name(s->rows[i].metric, sizeof(s->rows[i].metric),
				  true);
}

static const char *mget(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) &&
	       json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* The manifest's job of a definition; -1 when there is none. */
static int find_job(const struct lava_import *im, const char *def)
{
	json_object *jobs = json_object_object_get(im->manifest, "jobs");
	size_t i;

	for (i = 0; def[0] && i < json_object_array_length(jobs) && i < MAX_JOBS; i++)
		if (!strcmp(mget(json_object_array_get_idx(jobs, i), "definition") ?: "", def))
			return i;
	return -1;
}

static const struct mhp_kernel *find_kernel(const struct lava_import *im,
					    json_object *job, int *arch)
{
	int x, v;

	for (x = 0; x < im->narches; x++)
		for (v = 0; v < im->o.nvariants; v++)
			if (!strcmp(im->k[x][v].arch, mget(job, "arch") ?: "") &&
			    !strcmp(im->k[x][v].variant, mget(job, "variant") ?: "")) {
				*arch = x;
				return &im->k[x][v];
			}
	return NULL;
}

static enum mhp_outcome lava_outcome(const struct lava_log *l)
{
	return strcasestr(l->error, "timed out") || strcasestr(l->error, "timeout") ?
	       MHP_TIMEOUT : MHP_HOST_ERROR;
}

/* The guest's rows into s; its outcome (all.sample) or LAVA's error. */
static int fill_sample(const struct lava_log *l, struct mhp_sample *s)
{
	bool have_sample = false;
	int i;

	for (i = 0; i < l->ncases; i++) {
		const struct lava_case *c = &l->cases[i];
		const char *metric;
		long block = -1, t_ms = 0;
		char *end, name[96];
		double v;

		errno = 0;
		v = strtod(c->measurement, &end);
		if (errno || *end || end == c->measurement || !isfinite(v) ||
		    case_row(c->id, &block, &t_ms, &metric))
			return fail("%s: malformed test case %s %s", l->path, c->id,
				    c->measurement);
		if (block == -1 && !strcmp(metric, "sample")) {
			have_sample = true;
			s->outcome = v >= MHP_OK && v <= MHP_NOT_APPLICABLE ?
				     (enum mhp_outcome)v : MHP_GUEST_ERROR;
			continue;
		}
		/* The derive step knows the timings by their own names. */
		snprintf(name, sizeof(name), "%s", metric);
		mhp_lava_qmp_name(name, sizeof(name), false);
		if (block == MHP_ROW_TIME)
			mhp_sample_add_t(s, t_ms, name, v, c->units);
		else
			mhp_sample_add(s, block, name, v, c->units);
	}
	if (!l->job_pass) {
		s->outcome = lava_outcome(l);
		snprintf(s->reason, sizeof(s->reason), "%s", l->error);
	} else if (!have_sample) {
		s->outcome = MHP_HOST_ERROR;
		snprintf(s->reason, sizeof(s->reason),
			 "LAVA job passed without the guest's outcome (no all.sample)");
	} else if (s->outcome != MHP_OK) {
		snprintf(s->reason, sizeof(s->reason), "%s",
			 l->reason[0] ? l->reason : "the guest reported a failure");
	}
	return 0;
}

static int check_provenance(const struct lava_log *l, json_object *job,
			    const struct mhp_kernel *k)
{
	const char *want = mget(job, "kernel_sha256") ?: "";

	if (!l->kernel_sha[0] && l->ncases)
		return fail("%s: results without the kernel's sha256 (no kernel download in the log)",
			    l->path);
	if (l->kernel_sha[0] && strcmp(l->kernel_sha, want))
		return fail("%s: kernel sha256 %.12s is not the exported %.12s of %s",
			    l->path, l->kernel_sha, want, mget(job, "job"));
	if (l->initrd_sha[0] && strcmp(l->initrd_sha, mget(job, "image_sha256") ?: ""))
		return fail("%s: guest image sha256 %.12s is not the exported one",
			    l->path, l->initrd_sha);
	if (l->build[0] && strncmp(l->build + strlen("mhpbench-"), k->build_id, 12))
		return fail("%s: the guest ran build %s, the export's is %.12s", l->path,
			    l->build, k->build_id);
	return 0;
}

/* Read a log and match it to its exported job: nothing is written yet. */
static int check_log(struct lava_import *im, struct lava_log *l)
{
	json_object *job;
	int x = 0;

	if (read_log(l))
		return -1;
	l->job = find_job(im, l->definition);
	if (l->job < 0)
		return fail("%s: not a job of the export %s (%s)", l->path, im->exportdir,
			    l->definition[0] ? l->definition : "no mhpbench results in it");
	if (im->seen[l->job])
		return fail("%s: a second log of job %s", l->path, l->definition);
	im->seen[l->job] = true;
	job = json_object_array_get_idx(json_object_object_get(im->manifest, "jobs"),
					l->job);
	l->kernel = find_kernel(im, job, &x);
	l->arch = x;
	if (!l->kernel)
		return fail("%s: job %s names a kernel the export lacks", l->path,
			    l->definition);
	return check_provenance(l, job, l->kernel);
}

static int import_log(struct lava_import *im, struct mhp_run *r, struct lava_log *l)
{
	const struct mhp_scenario *sc = mhp_scenario_find(im->o.scenario);
	json_object *job = json_object_array_get_idx(
		json_object_object_get(im->manifest, "jobs"), l->job);
	struct mhp_sample s = { .kernel = l->kernel };
	char path[PATH_MAX + 64];
	int x = l->arch;
	json_object *jm;
	double wall;

	s.size = json_object_get_uint64(json_object_object_get(job, "size_bytes"));
	s.index = json_object_get_int(json_object_object_get(job, "sample"));
	snprintf(s.log, sizeof(s.log), "%s/logs/%s", r->dir, mget(job, "job"));
	mkdir(s.log, 0700);
	snprintf(path, sizeof(path), "%s/lava.log", s.log);
	if (mhp_write_atomic(path, l->text, l->len))
		return fail("cannot write %s: %s", path, strerror(errno));
	if (fill_sample(l, &s))
		return -1;
	if (s.outcome == MHP_OK && sc->derive) {
		struct mhp_ctx ctx = { .opts = &im->o, .arch = &im->arches[x],
				       .accel = "tcg" };

		sc->derive(&ctx, &s);
	}
	rename_qmp_timings(&s);
	/* What the guest was told (mhpbench.trace), as the runner says it. */
	mhp_sample_add(&s, -1, "traced", im->o.trace, "bool");
	if (mhp_sample_get(&s, "wall_ms", &wall))
		s.wall_us = wall * 1000;
	s.valid = s.outcome == MHP_OK;
	fprintf(stderr, "mhpbench: lava import %s: %s%s%s\n", mget(job, "job"),
		mhp_outcome_name(s.outcome), s.valid ? "" : ": ",
		s.valid ? "" : s.reason);
	jm = json_object_new_object();
	json_object_object_add(jm, "job", json_object_new_string(mget(job, "job")));
	/* lava-run's logs do not say the job id it was given. */
	if (l->job_id[0])
		json_object_object_add(jm, "lava_job_id",
				       json_object_new_string(l->job_id));
	json_object_object_add(jm, "device_type",
			       json_object_new_string(mget(job, "device_type") ?: ""));
	/* The exported device ran a log of lava-run; a server's is its own. */
	if (!l->server_csv)
		json_object_object_add(jm, "device", json_object_new_string(
			mget(json_object_object_get(json_object_object_get(im->manifest,
									   "arches"),
						    s.kernel->arch), "device") ?: ""));
	json_object_object_add(jm, "log", json_object_new_string(l->path));
	json_object_object_add(jm, "kernel_sha256", json_object_new_string(l->kernel_sha));
	json_object_object_add(jm, "lava_result", json_object_new_string(
		l->job_pass ? "pass" : l->error));
	json_object_array_add(im->jobs_meta, jm);
	if (mhp_run_write_sample(r, &s) || mhp_run_add(r, &s))
		return fail("cannot write the sample into %s: %s", r->dir, strerror(errno));
	return 0;
}

/* The export's run options, its profiles and kernels. */
static int load_export(struct lava_import *im, const char *top)
{
	char path[PATH_MAX + 32], err[512];
	json_object *argvj, *arches;
	char *args[128];
	int n = 0, x, v;
	size_t i;

	snprintf(path, sizeof(path), "%s/export.json", im->exportdir);
	im->manifest = json_object_from_file(path);
	if (!im->manifest || !json_object_object_get_ex(im->manifest, "run_argv", &argvj) ||
	    !json_object_object_get_ex(im->manifest, "arches", &arches))
		return fail("%s: not an export of mhpbench lava", path);
	for (i = 0; i < json_object_array_length(argvj) && n < 126; i++) {
		const char *a = json_object_get_string(json_object_array_get_idx(argvj, i));

		if (!strcmp(a, "--url-base")) {
			i++;
			continue;
		}
		args[n++] = (char *)a;
	}
	args[n] = NULL;
	if (mhp_opts_parse(n, args, top, &im->o, err, sizeof(err)))
		return fail("%s: its run options: %s", path, err);
	snprintf(im->o.out, sizeof(im->o.out), "%s", im->out);
	for (x = 0; x < im->o.narches; x++) {
		json_object *ao = json_object_object_get(arches, im->o.arches[x]);
		json_object *ks = json_object_object_get(ao, "kernels");

		if (mhp_arch_load(top, im->o.arches[x], &im->arches[x], err, sizeof(err)) ||
		    mhp_arch_machine(&im->o, &im->arches[x], err, sizeof(err)))
			return fail("%s", err);
		for (v = 0; v < im->o.nvariants; v++) {
			struct mhp_kernel *k = &im->k[x][v];
			json_object *b = json_object_object_get(ks, im->o.variants[v]);
			const char *id = mget(b, "build_id");

			if (!id)
				return fail("%s: no build of %s/%s", path, im->o.arches[x],
					    im->o.variants[v]);
			snprintf(k->arch, sizeof(k->arch), "%s", im->o.arches[x]);
			snprintf(k->variant, sizeof(k->variant), "%s", im->o.variants[v]);
			snprintf(k->build_id, sizeof(k->build_id), "%s", id);
			snprintf(k->cmdline, sizeof(k->cmdline), "%s", mget(b, "cmdline") ?: "");
			k->struct_page_bytes = json_object_get_int(
				json_object_object_get(b, "struct_page_bytes"));
			k->expect_altmap = json_object_get_boolean(
				json_object_object_get(json_object_object_get(ao, "expect_altmap"),
						       k->variant));
			k->build = json_object_get(b);
		}
		im->ma[x] = (struct mhp_meta_arch){
			.arch = &im->arches[x], .kernels = im->k[x],
			.nkernels = im->o.nvariants, .accel = "tcg",
			.accel_why = "LAVA qemu device, TCG (no_kvm)",
		};
	}
	im->narches = im->o.narches;
	return 0;
}

static int parse_args(struct lava_import *im, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "export", required_argument, NULL, 'e' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'e':
			snprintf(im->exportdir, sizeof(im->exportdir), "%s", optarg);
			break;
		case 'o':
			snprintf(im->out, sizeof(im->out), "%s", optarg);
			break;
		default:
			return fail("unknown option or missing value: %s", argv[optind - 1]);
		}
	}
	if (!im->exportdir[0] || !im->out[0])
		return fail("--export DIR and --out RUN are required");
	if (optind == argc)
		return fail("no LAVA log given");
	return optind;
}

static int write_meta(struct lava_import *im, struct mhp_run *r, int argc,
		      char **argv)
{
	struct mhp_meta meta = {
		.opts = &im->o, .arches = im->ma, .narches = im->narches,
		.accel = "tcg", .accel_why = "LAVA qemu device, TCG (no_kvm)",
		.qemu_version = im->qemu, .argc = argc, .argv = argv,
	};
	char path[PATH_MAX + 16], stamp[32];
	json_object *m, *lava;
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	meta.started = meta.finished = stamp;
	if (mhp_meta_write(r, &meta))
		return -1;
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	m = json_object_from_file(path);
	if (!m)
		return -1;
	lava = json_object_new_object();
	json_object_object_add(lava, "export", json_object_new_string(im->exportdir));
	json_object_object_add(lava, "exported", json_object_get(
		json_object_object_get(im->manifest, "created")));
	json_object_object_add(lava, "jobs", json_object_get(im->jobs_meta));
	json_object_object_add(m, "lava", lava);
	{
		const char *s = json_object_to_json_string_ext(m, JSON_C_TO_STRING_PRETTY);
		int ret = mhp_write_atomic(path, s, strlen(s));

		json_object_put(m);
		return ret;
	}
}

int mhp_lava_import(int argc, char **argv, const char *top)
{
	static struct lava_import im;
	struct mhp_run r = { 0 };
	struct lava_log *logs = NULL;
	char path[PATH_MAX + 16];
	int first, i, x, v, ret = MHP_EXIT_USAGE;
	size_t njobs, missing = 0;

	umask(077);
	first = parse_args(&im, argc, argv);
	if (first < 0 || load_export(&im, top))
		goto out;
	snprintf(r.dir, sizeof(r.dir), "%s", im.out);
	snprintf(r.id, sizeof(r.id), "%s", strrchr(im.out, '/') ? strrchr(im.out, '/') + 1 :
		 im.out);
	r.arch = im.o.arch;
	r.scenario = im.o.scenario;
	im.jobs_meta = json_object_new_array();
	/* Every log checked before anything is written. */
	logs = calloc(argc - first, sizeof(*logs));
	if (!logs) {
		fail("out of memory");
		goto out;
	}
	snprintf(im.qemu, sizeof(im.qemu), "unknown");
	for (i = first; i < argc; i++) {
		struct lava_log *l = &logs[i - first];

		l->path = argv[i];
		if (check_log(&im, l))
			goto out;
		/* The QEMU of the dispatcher (lava-run's logs say it). */
		if (l->qemu[0] && !strcmp(im.qemu, "unknown"))
			snprintf(im.qemu, sizeof(im.qemu), "%s", l->qemu);
		else if (l->qemu[0] && strcmp(l->qemu, im.qemu))
			snprintf(im.qemu, sizeof(im.qemu), "mixed");
	}
	snprintf(path, sizeof(path), "%s/samples", r.dir);
	if ((mkdir(r.dir, 0700) && errno != EEXIST) || !access(path, F_OK)) {
		fail("cannot create %s: %s", r.dir, errno == EEXIST || !access(path, F_OK) ?
		     "it holds a run already" : strerror(errno));
		goto out;
	}
	snprintf(path, sizeof(path), "%s/logs", r.dir);
	mkdir(path, 0700);
	ret = 1;
	for (i = first; i < argc; i++)
		if (import_log(&im, &r, &logs[i - first]))
			goto out;
	njobs = json_object_array_length(json_object_object_get(im.manifest, "jobs"));
	for (i = 0; (size_t)i < njobs && i < MAX_JOBS; i++)
		missing += !im.seen[i];
	if (missing)
		fprintf(stderr, "mhpbench: lava import: %zu of the %zu exported jobs have no log here\n",
			missing, njobs);
	if (mhp_run_write(&r) || write_meta(&im, &r, argc, argv)) {
		fail("cannot write the results into %s: %s", r.dir, strerror(errno));
		goto out;
	}
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (f) {
			mhp_summary(f, &r, "tcg (LAVA)", im.qemu);
			fclose(f);
			snprintf(path, sizeof(path), "%s/summary.txt", r.dir);
			mhp_write_atomic(path, buf, len);
			fwrite(buf, 1, len, stdout);
			free(buf);
		}
	}
	printf("\nresults: %s\n", r.dir);
	ret = 0;
out:
	if (ret)
		fprintf(stderr, "mhpbench: lava import: %s\n", errbuf);
	for (i = 0; i < r.nsamples; i++)
		mhp_sample_free(&r.samples[i]);
	free(r.samples);
	for (i = 0; logs && i < argc - first; i++) {
		free(logs[i].cases);
		free(logs[i].text);
	}
	free(logs);
	for (x = 0; x < MHP_MAX_ARCHES; x++)
		for (v = 0; v < MHP_MAX_VARIANTS; v++)
			json_object_put(im.k[x][v].build);
	json_object_put(im.jobs_meta);
	json_object_put(im.manifest);
	return ret;
}
