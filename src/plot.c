// SPDX-License-Identifier: GPL-2.0
/*
 * Plots: one ops row per figure (its data writer and what it needs), the
 * gnuplot template of the same name in plots/. The data files are plain
 * gnuplot data with one block per series (a quoted title line, then
 * rows; two blank lines between blocks). Text that comes from a run
 * (titles, labels, provenance) reaches gnuplot only as data or as -c
 * arguments, which gnuplot does not evaluate.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler.h"
#include "contig_report.h"
#include "hotplug_report.h"
#include "plot.h"
#include "provenance.h"
#include "size.h"

#define MAX_SERIES 32
#define MAX_KEYS 64

/* A (scenario, arch, size) a series has samples of. */
struct key {
	const char *scenario;
	const char *arch;
	uint64_t size;
};

struct plot_ctx {
	const struct mhp_report *r;
	struct mhp_side series[MAX_SERIES];
	size_t nseries;
	bool many_arches;
	bool methods;		/* a methods comparison: series name theirs */
	char vs[256];		/* then ", acpi-dimm (A) vs virtio-mem (B)" */
	int extra;		/* a count for the template: series, nodes */
};

/* Quote a label for a data file: no quotes, backslashes, '#' or controls. */
static __printf(2, 3) void label(FILE *f, const char *fmt, ...)
{
	char buf[256], *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (p = buf; *p; p++)
		if (*p == '"' || *p == '\\' || *p == '#' || (unsigned char)*p < ' ')
			*p = '_';
	fprintf(f, "\"%s\"", buf);
}

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->arch, y->arch);

	if (!c)
		c = (x->size > y->size) - (x->size < y->size);
	if (!c)
		c = strcmp(x->scenario, y->scenario);
	return c;
}

/* The keys of a series that have metric (any scenario), sorted. */
static size_t series_keys(const struct mhp_side *s, const char *metric,
			  struct key *k, size_t max)
{
	const struct mhp_rundata *rd = s->rd;
	size_t i, j, n = 0;

	for (i = 0; i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];

		if (strcmp(o->variant, s->variant) || strcmp(o->metric, metric))
			continue;
		for (j = 0; j < n; j++)
			if (k[j].size == o->size && k[j].arch == o->arch &&
			    k[j].scenario == o->scenario)
				break;
		if (j == n && n < max)
			k[n++] = (struct key){ o->scenario, o->arch, o->size };
	}
	if (n)
		qsort(k, n, sizeof(*k), cmp_key);
	return n;
}

static bool mean_sd(const struct mhp_side *s, const struct key *k,
		    const char *metric, struct mhp_stats *st)
{
	size_t n;
	double *v = mhp_side_sample_values(s, k->scenario, k->arch, k->size,
					   metric, &n);

	mhp_stats(v, n, st);
	free(v);
	return n > 0;
}

static double mib(uint64_t bytes)
{
	return bytes / 1048576.0;
}

static void series_title(FILE *f, const struct plot_ctx *c,
			 const struct mhp_side *s, const struct key *k,
			 bool with_size)
{
	const char *m = c->methods ? mhp_run_method(s->rd, k->arch) : NULL;
	char size[16], name[128];

	snprintf(name, sizeof(name), "%s%s%s%s", s->label, c->methods ? " (" : "",
		 c->methods ? (m ? m : MHP_METHOD_UNRECORDED) : "",
		 c->methods ? ")" : "");
	mhp_size_format(k->size, size, sizeof(size));
	if (with_size)
		label(f, "%s%s%s %s", name, c->many_arches ? " " : "",
		      c->many_arches ? k->arch : "", size);
	else
		label(f, "%s%s%s", name, c->many_arches ? " " : "",
		      c->many_arches ? k->arch : "");
}

/* Latency vs size: size_MiB, add mean/sd (ms), online mean/sd (ms). */
static int latency_data(struct plot_ctx *c, FILE *f)
{
	struct key k[MAX_KEYS];
	size_t i, j, n;
	int blocks = 0;

	for (i = 0; i < c->nseries; i++) {
		const struct mhp_side *s = &c->series[i];
		int rows = 0;

		n = series_keys(s, "add_total_us", k, MAX_KEYS);
		for (j = 0; j < n; j++) {
			struct mhp_stats add, on;

			if (!mean_sd(s, &k[j], "add_total_us", &add))
				continue;
			if (!rows++) {
				fprintf(f, "%s", blocks++ ? "\n\n" : "");
				series_title(f, c, s, &k[j], false);
				fprintf(f, " mib add_ms add_sd online_ms online_sd\n");
			}
			if (!mean_sd(s, &k[j], "online_total_us", &on))
				on.mean = on.stddev = NAN;
			fprintf(f, "%g %g %g %g %g\n", mib(k[j].size), add.mean / 1000,
				add.stddev / 1000, on.mean / 1000, on.stddev / 1000);
		}
	}
	c->extra = blocks;
	return blocks;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One ECDF block per series and size for metric: ms, fraction. */
static int ecdf_blocks(struct plot_ctx *c, FILE *f, const char *metric,
		       int *blocks)
{
	struct key k[MAX_KEYS];
	size_t i, j, m, n, nv;
	int made = 0;

	for (i = 0; i < c->nseries; i++) {
		const struct mhp_side *s = &c->series[i];

		n = series_keys(s, metric, k, MAX_KEYS);
		for (j = 0; j < n; j++) {
			double *v = mhp_side_values(s, k[j].scenario, k[j].arch,
						    k[j].size, metric, &nv);

			if (!nv)
				continue;
			qsort(v, nv, sizeof(*v), cmp_double);
			fprintf(f, "%s", (*blocks)++ ? "\n\n" : "");
			series_title(f, c, s, &k[j], true);
			fprintf(f, " fraction\n");
			for (m = 0; m < nv; m++)
				fprintf(f, "%g %g\n", v[m] / 1000, (m + 1.0) / nv);
			free(v);
			made++;
		}
	}
	return made;
}

/* add_latency_us blocks first, then as many online_latency_us blocks. */
static int ecdf_data(struct plot_ctx *c, FILE *f)
{
	int blocks = 0, add, online;

	add = ecdf_blocks(c, f, "add_latency_us", &blocks);
	if (!add)
		return 0;
	online = ecdf_blocks(c, f, "online_latency_us", &blocks);
	c->extra = add;
	return online ? add + online : 0;
}

/* Clusters per arch, series and size: existing, hot-added, expected. */
static int memmap_data(struct plot_ctx *c, FILE *f)
{
	struct key k[MAX_KEYS];
	size_t i, j, n;
	int rows = 0;

	for (i = 0; i < c->nseries; i++) {
		const struct mhp_side *s = &c->series[i];

		n = series_keys(s, "memmap_pages_from_existing", k, MAX_KEYS);
		for (j = 0; j < n; j++) {
			struct mhp_stats ex, on, want;

			if (!mean_sd(s, &k[j], "memmap_pages_from_existing", &ex) ||
			    !mean_sd(s, &k[j], "memmap_pages_on_hotadded", &on))
				continue;
			if (!mean_sd(s, &k[j], "memmap_pages_expected", &want))
				want.mean = NAN;
			rows++;
			series_title(f, c, s, &k[j], true);
			fprintf(f, " %g %g %g\n", ex.mean, on.mean, want.mean);
		}
	}
	c->extra = rows;
	return rows;
}

/* Survival in % of the valid samples vs size, a block per series. */
static int oom_data(struct plot_ctx *c, FILE *f)
{
	struct key k[MAX_KEYS];
	size_t i, j, n;
	int blocks = 0;

	for (i = 0; i < c->nseries; i++) {
		const struct mhp_side *s = &c->series[i];
		int rows = 0;

		n = series_keys(s, "oom_survived", k, MAX_KEYS);
		for (j = 0; j < n; j++) {
			struct mhp_stats st;

			if (!mean_sd(s, &k[j], "oom_survived", &st))
				continue;
			if (!rows++) {
				fprintf(f, "%s", blocks++ ? "\n\n" : "");
				series_title(f, c, s, &k[j], false);
				fprintf(f, " survived_pct n\n");
			}
			fprintf(f, "%g %g %zu\n", mib(k[j].size), st.mean * 100, st.n);
		}
	}
	c->extra = blocks;
	return blocks;
}

struct point {
	double t, v;
};

static int cmp_point(const void *a, const void *b)
{
	return cmp_double(&((const struct point *)a)->t,
			  &((const struct point *)b)->t);
}

/* The timeline of the first valid sample of one series and key. */
static size_t timeline(const struct mhp_side *s, const struct key *k,
		       struct point **out, int *sample)
{
	const struct mhp_rundata *rd = s->rd;
	struct point *p = NULL;
	size_t i, n = 0;

	*sample = -1;
	for (i = 0; i < rd->nobs; i++) {
		const struct mhp_obs *o = &rd->obs[i];
		struct point *b;

		if (o->block != MHP_BLOCK_TIME || !o->valid || o->size != k->size ||
		    rd->smp[o->smp].other_method ||
		    strcmp(o->metric, "memavailable_kb") ||
		    strcmp(o->variant, s->variant) || o->arch != k->arch ||
		    o->scenario != k->scenario)
			continue;
		if (*sample < 0)
			*sample = o->sample;
		if (o->sample != *sample)
			continue;
		b = realloc(p, (n + 1) * sizeof(*p));
		if (!b)
			break;
		p = b;
		p[n++] = (struct point){ o->t_ms / 1000, o->value / 1024 };
	}
	if (n)
		qsort(p, n, sizeof(*p), cmp_point);
	*out = p;
	return n;
}

/* MemAvailable (MiB) over time (s), a block per series and size. */
static int timeline_data(struct plot_ctx *c, FILE *f)
{
	struct key k[MAX_KEYS];
	size_t i, j, m, n, np;
	int blocks = 0, sample;

	for (i = 0; i < c->nseries; i++) {
		const struct mhp_side *s = &c->series[i];

		n = series_keys(s, "memavailable_kb", k, MAX_KEYS);
		for (j = 0; j < n; j++) {
			struct point *p;

			np = timeline(s, &k[j], &p, &sample);
			if (!np) {
				free(p);
				continue;
			}
			fprintf(f, "%s", blocks++ ? "\n\n" : "");
			series_title(f, c, s, &k[j], true);
			fprintf(f, " memavailable_mib\n");
			for (m = 0; m < np; m++)
				fprintf(f, "%g %g\n", p[m].t, p[m].v);
			free(p);
		}
	}
	c->extra = blocks;
	return blocks;
}

/* The highest N of the memmap_pages_nodeN metrics, or -1. */
static int max_node(const struct plot_ctx *c)
{
	int node = -1;
	size_t i, j;

	for (i = 0; i < c->nseries; i++)
		for (j = 0; j < c->series[i].rd->nobs; j++) {
			const char *m = c->series[i].rd->obs[j].metric;
			char *end;
			long v;

			if (strncmp(m, "memmap_pages_node", 17))
				continue;
			v = strtol(m + 17, &end, 10);
			if (end != m + 17 && !*end && v >= 0 && v < 64 && v > node)
				node = (int)v;
		}
	return node;
}

/* Stacked bars: per arch, series and size, memmap pages on each node. */
static int numa_data(struct plot_ctx *c, FILE *f)
{
	struct key k[MAX_KEYS];
	int nodes = max_node(c), rows = 0, node;
	char metric[32];
	size_t i, j, n;

	if (nodes < 0)
		return 0;
	fprintf(f, "cluster");
	for (node = 0; node <= nodes; node++)
		fprintf(f, " \"node %d\"", node);
	fprintf(f, "\n");
	for (i = 0; i < c->nseries; i++) {
		const struct mhp_side *s = &c->series[i];

		n = series_keys(s, "memmap_pages_node0", k, MAX_KEYS);
		for (j = 0; j < n; j++) {
			series_title(f, c, s, &k[j], true);
			for (node = 0; node <= nodes; node++) {
				struct mhp_stats st;

				snprintf(metric, sizeof(metric), "memmap_pages_node%d", node);
				fprintf(f, " %g", mean_sd(s, &k[j], metric, &st) ?
					st.mean : 0);
			}
			fprintf(f, "\n");
			rows++;
		}
	}
	c->extra = nodes + 1;
	return rows;
}

/*
 * What the altmap gives and what it takes: per variant, arch and size, a
 * cluster of bars (gigantic pages, huge pages movable and kernel,
 * MAX_ORDER blocks as % of the range with no memmap), the memory it
 * saves at add in the label.
 */
static int contig_data(struct plot_ctx *c, FILE *f)
{
	struct mhp_contig_row rows[MAX_KEYS];
	size_t n = mhp_contig_rows(c->r, rows, MAX_KEYS), i;
	char size[16];
	int j;

	if (!n)
		return 0;
	fprintf(f, "cluster");
	for (j = 0; j < MHP_CONTIG_NR; j++)
		fprintf(f, " \"%s\"", mhp_contig_names[j]);
	fprintf(f, "\n");
	for (i = 0; i < n; i++) {
		mhp_size_format(rows[i].size, size, sizeof(size));
		if (rows[i].saved_kb >= 0)
			label(f, "%s%s%s %s, saves %.1f MiB", rows[i].side->label,
			      c->many_arches ? " " : "",
			      c->many_arches ? rows[i].arch : "", size,
			      rows[i].saved_kb / 1024);
		else
			label(f, "%s%s%s %s", rows[i].side->label,
			      c->many_arches ? " " : "",
			      c->many_arches ? rows[i].arch : "", size);
		for (j = 0; j < MHP_CONTIG_NR; j++)
			fprintf(f, " %g", rows[i].pct[j] < 0 ? 0 : rows[i].pct[j]);
		fprintf(f, "\n");
	}
	c->extra = MHP_CONTIG_NR;
	return (int)n;
}

static const struct plot_type {
	const char *name;
	const char *title;
	bool timing;		/* shows times: say when they are emulated */
	const char *needs;
	int (*data)(struct plot_ctx *c, FILE *f);
} types[] = {
	{ "latency-vs-size", "Hot-add and online latency vs DIMM size", true,
	  "add_total_us and online_total_us", latency_data },
	{ "block-latency-ecdf", "Per-block latency, ECDF", true,
	  "per-block add_latency_us and online_latency_us", ecdf_data },
	{ "memmap-placement", "memmap pages: from existing RAM vs on the hot-added memory",
	  false, "memmap_pages_from_existing and memmap_pages_on_hotadded", memmap_data },
	{ "oom-survival", "Surviving the hot-add under memory pressure", false,
	  "oom_survived rows (scenario oom)", oom_data },
	{ "memavailable-timeline", "MemAvailable during hot-add and online", true,
	  "memavailable_kb timeline rows, block t<ms> (scenario oom)",
	  timeline_data },
	{ "numa-placement", "Node of the memmap of the hot-added memory", false,
	  "memmap_pages_node<N> rows (scenario numa)", numa_data },
	{ "contig", "What the altmap gives and what it takes", false,
	  "gigantic_pages_pct rows (scenario contig)", contig_data },
};

size_t mhp_plot_types(void)
{
	return ARRAY_SIZE(types);
}

static void collect_series(struct plot_ctx *c)
{
	const char *arch = NULL;
	size_t i, j, k;
	int s;

	for (i = 0; i < c->r->npair; i++)
		for (s = 0; s < 2; s++) {
			const struct mhp_side *sd = &c->r->pair[i].side[s];

			if (!sd->rd || c->r->pair[i].kind != MHP_PAIR_MAIN)
				continue;
			for (j = 0; j < c->nseries; j++)
				if (c->series[j].rd == sd->rd &&
				    !strcmp(c->series[j].variant, sd->variant))
					break;
			if (j == c->nseries && j < MAX_SERIES)
				c->series[c->nseries++] = *sd;
		}
	for (i = 0; i < c->nseries; i++)
		for (k = 0; k < c->series[i].rd->nsmp; k++) {
			const char *a = c->series[i].rd->smp[k].arch;

			if (arch && strcmp(arch, a))
				c->many_arches = true;
			arch = a;
		}
}

/* "x86_64", "x86_64, arm64" (the arches of the report) into buf. */
static void arches(const struct plot_ctx *c, char *buf, size_t len)
{
	size_t i, k;
	int w = 0;

	buf[0] = '\0';
	for (i = 0; i < c->nseries; i++)
		for (k = 0; k < c->series[i].rd->nsmp; k++) {
			const char *a = c->series[i].rd->smp[k].arch;

			if (strstr(buf, a) || w < 0 || (size_t)w >= len)
				continue;
			w += snprintf(buf + w, len - w, "%s%s", w ? ", " : "", a);
		}
}

static bool any_emulated(const struct mhp_report *r)
{
	return mhp_timing_emulated(r->run[0]) ||
	       mhp_timing_emulated(r->run[1]);
}

static int run_gnuplot(const char *templates, char *const argv[],
		       const char *log)
{
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		int in = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (out < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
		    dup2(out, 2) < 0 || chdir(templates))
			_exit(126);
		execvp("gnuplot", argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool mhp_png_valid(const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
					      0x1a, '\n' };
	unsigned char head[8], tail[8];
	bool ok = false;
	FILE *f = fopen(path, "rbe");

	if (!f)
		return false;
	/* The signature, and the IEND chunk's type and CRC at the end. */
	if (fread(head, 1, 8, f) == 8 && !memcmp(head, sig, 8) &&
	    !fseek(f, -8, SEEK_END) && fread(tail, 1, 8, f) == 8)
		ok = !memcmp(tail, "IEND\xae\x42\x60\x82", 8);
	fclose(f);
	return ok;
}

bool mhp_svg_valid(const char *path)
{
	char buf[4096];
	size_t n;
	bool ok = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	if (strstr(buf, "<svg") && !fseek(f, -16, SEEK_END)) {
		n = fread(buf, 1, 16, f);
		buf[n] = '\0';
		ok = strstr(buf, "</svg>") != NULL;
	}
	fclose(f);
	return ok;
}

static void render(const struct plot_ctx *c, const struct plot_type *t,
		   const char *templates, const char *dir, const char *prov,
		   int nprov, struct mhp_plot *p)
{
	char tmpl[PATH_MAX + 64], data[PATH_MAX + 64], log[PATH_MAX + 32];
	char title[768], arch[128], nprov_s[16], extra_s[16];
	const char *term[2] = { "png", "svg" };
	char *out[2] = { p->png, p->svg };
	int i, rc;

	snprintf(tmpl, sizeof(tmpl), "%s/%s.gp", templates, t->name);
	snprintf(data, sizeof(data), "%s/%s.dat", dir, t->name);
	snprintf(log, sizeof(log), "%s/gnuplot.log", dir);
	arches(c, arch, sizeof(arch));
	snprintf(title, sizeof(title), "%s, %s%s%s", t->title, arch, c->vs,
		 t->timing && any_emulated(c->r) ? " (TCG: emulated timings)" : "");
	snprintf(nprov_s, sizeof(nprov_s), "%d", nprov);
	snprintf(extra_s, sizeof(extra_s), "%d", c->extra);
	for (i = 0; i < 2; i++) {
		char *argv[11];

		argv[0] = "gnuplot";
		argv[1] = "-c";
		argv[2] = tmpl;
		argv[3] = (char *)term[i];
		argv[4] = out[i];
		argv[5] = data;
		argv[6] = title;
		argv[7] = (char *)prov;
		argv[8] = nprov_s;
		argv[9] = extra_s;
		argv[10] = NULL;
		snprintf(out[i], PATH_MAX, "%s/%s.%s", dir, t->name, term[i]);
		unlink(out[i]);
		rc = run_gnuplot(templates, argv, log);
		if (rc == 127) {
			snprintf(p->note, sizeof(p->note), "gnuplot is not installed");
			return;
		}
		if (rc || !(i ? mhp_svg_valid(out[i]) : mhp_png_valid(out[i]))) {
			snprintf(p->note, sizeof(p->note),
				 "gnuplot failed on %s (exit %d, see gnuplot.log)",
				 t->name, rc);
			return;
		}
	}
	p->rendered = true;
}

/*
 * In a methods comparison each run's hot-add method follows the title:
 * ", acpi-dimm (A) vs virtio-mem (B)".
 */
static void methods_vs(struct plot_ctx *c)
{
	char m[2][112];

	c->methods = mhp_report_compares_methods(c->r);
	c->vs[0] = '\0';
	if (!c->methods)
		return;
	mhp_report_run_methods(c->r, MHP_BASE, m[0], sizeof(m[0]));
	mhp_report_run_methods(c->r, MHP_NEW, m[1], sizeof(m[1]));
	snprintf(c->vs, sizeof(c->vs), ", %s (A) vs %s (B)", m[0], m[1]);
}

static int count_lines(const char *s)
{
	int n = *s ? 1 : 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

size_t mhp_plots_render(const struct mhp_report *r, const char *templates_dir,
			const char *dir, struct mhp_plot *plots, size_t max)
{
	struct plot_ctx c = { .r = r };
	char prov[MHP_PROV_LINES * (MHP_PROV_WIDTH + 1) + 1];
	char tmpl[PATH_MAX], data[PATH_MAX + 64], adir[PATH_MAX];
	size_t i, done = 0;

	collect_series(&c);
	methods_vs(&c);
	mhp_provenance_figure(r, prov, sizeof(prov));
	/* gnuplot runs in the templates' directory: absolute paths. */
	if ((mkdir(dir, 0755) && errno != EEXIST) || !realpath(dir, adir))
		return 0;
	snprintf(data, sizeof(data), "%s/gnuplot.log", adir);
	unlink(data);
	if (!realpath(templates_dir, tmpl))
		snprintf(tmpl, sizeof(tmpl), "%s", templates_dir);
	for (i = 0; i < ARRAY_SIZE(types) && i < max; i++) {
		const struct plot_type *t = &types[i];
		struct mhp_plot *p = &plots[i];
		FILE *f;
		int n;

		memset(p, 0, sizeof(*p));
		p->name = t->name;
		p->title = t->title;
		if (c.methods) {
			snprintf(p->title_buf, sizeof(p->title_buf), "%s%s",
				 t->title, c.vs);
			p->title = p->title_buf;
		}
		snprintf(data, sizeof(data), "%s/%s.dat", adir, t->name);
		f = fopen(data, "we");
		if (!f) {
			snprintf(p->note, sizeof(p->note), "cannot write %s.dat",
				 t->name);
			continue;
		}
		c.extra = 0;
		n = t->data(&c, f);
		fclose(f);
		if (!n) {
			unlink(data);
			p->no_data = true;
			snprintf(p->note, sizeof(p->note), "no data: needs %s",
				 t->needs);
			continue;
		}
		render(&c, t, tmpl, adir, prov, count_lines(prov), p);
		done += p->rendered;
	}
	return done;
}
