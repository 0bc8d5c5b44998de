// SPDX-License-Identifier: GPL-2.0
/*
 * Provenance: every table and figure says which kernels (build id,
 * config, cmdline), which QEMU and accelerator, which host and which
 * options made it, and says loudly when two compared runs differ in
 * anything but the variant under test.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "hotplug_report.h"
#include "provenance.h"
#include "size.h"
#include "wrap.h"

#define GET(rd, path) mhp_meta_get((rd)->meta, path)
#define MAX_ARCHES 8
#define MAX_VARIANTS 32

const char *mhp_accel_label(const char *a)
{
	if (!strcmp(a, "tcg"))
		return "emulated (TCG)";
	if (!strcmp(a, "kvm"))
		return "KVM (hardware-assisted)";
	return *a ? a : "unknown accelerator";
}

size_t mhp_run_arches(const struct mhp_rundata *rd, const char **out,
		      size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < rd->nsmp && n < max; i++) {
		for (j = 0; j < n && strcmp(out[j], rd->smp[i].arch); j++)
			;
		if (j == n)
			out[n++] = rd->smp[i].arch;
	}
	if (!n && *GET(rd, "arch.name") && max)
		out[n++] = GET(rd, "arch.name");
	return n;
}

/* KVM, or mhpbench native on the machine itself: hardware's timings. */
static bool hw_timing(const char *accel)
{
	return !strcmp(accel, "kvm") || !strcmp(accel, "native");
}

bool mhp_timing_emulated(const struct mhp_rundata *rd)
{
	const char *a[MAX_ARCHES];
	size_t i, n = mhp_run_arches(rd, a, MAX_ARCHES);

	for (i = 0; i < n; i++)
		if (!hw_timing(mhp_meta_accel(rd->meta, a[i])))
			return true;
	return n ? false : !hw_timing(GET(rd, "accelerator"));
}

static bool listed(const char **v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

size_t mhp_report_variants(const struct mhp_report *r, int side,
			   const char **out, size_t max)
{
	size_t i, n = 0;
	int s;

	for (i = 0; i < r->npair; i++)
		for (s = 0; s < 2; s++) {
			const struct mhp_side *sd = &r->pair[i].side[s];

			if (!sd->rd || (mhp_report_two_runs(r) && s != side))
				continue;
			if (n < max && !listed(out, n, sd->variant))
				out[n++] = sd->variant;
		}
	return n;
}

static void size_str(const char *bytes, char *buf, size_t len)
{
	uint64_t b = strtoull(bytes, NULL, 10);

	if (b)
		mhp_size_format(b, buf, len);
	else
		snprintf(buf, len, "?");
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* "tinyconfig+common,x86_64,baseline" from build.json. */
static void kernel_config(json_object *k, char *buf, size_t len)
{
	json_object *frags;
	size_t i, n = 0;
	int w;

	w = snprintf(buf, len, "%s", mhp_meta_get(k, "base"));
	if (json_object_object_get_ex(k, "fragments", &frags) &&
	    json_object_is_type(frags, json_type_array))
		n = json_object_array_length(frags);
	for (i = 0; i < n && w > 0 && (size_t)w < len; i++) {
		const char *p = base_name(mhp_meta_get(
			json_object_array_get_idx(frags, i), "path"));
		size_t l = strlen(p);

		/* Less ".config" only: linux-source-6.12.config has dots. */
		if (l > 7 && !strcmp(p + l - 7, ".config"))
			l -= 7;
		w += snprintf(buf + w, len - w, "%s%.*s", i ? "," : "+",
			      (int)l, p);
	}
}

/*
 * "Linux 6.12.48 (linux-source-6.12)": the version and the kernel
 * source it was built from (build.json source.name, else .package);
 * a build.json from before either has only "Linux 6.1.158".
 */
static void kernel_source(json_object *k, char *buf, size_t len)
{
	const char *name = mhp_meta_get(k, "source.name");
	const char *pkg = mhp_meta_get(k, "source.package");

	if (!*name)
		name = pkg;
	snprintf(buf, len, "Linux %s%s%s%s", mhp_meta_get(k, "source.version"),
		 *name ? " (" : "", name, *name ? ")" : "");
}

/* " patches altmap/series (709b184b)" for build.json's key, or "". */
static int kernel_patches(json_object *k, const char *key, char *buf,
			  size_t len, int w)
{
	json_object *ps;
	size_t i, n = 0;

	if (json_object_object_get_ex(k, key, &ps) &&
	    json_object_is_type(ps, json_type_array))
		n = json_object_array_length(ps);
	for (i = 0; i < n && w >= 0 && (size_t)w < len; i++) {
		json_object *p = json_object_array_get_idx(ps, i);
		const char *path = mhp_meta_get(p, "path");
		const char *tail = strstr(path, "patches/");

		w += snprintf(buf + w, len - w, "%s%s (%.8s)", i ? ", " : " patches ",
			      tail ? tail + 8 : path, mhp_meta_get(p, "sha256"));
	}
	return w;
}

/* One line of a run's provenance block, before wrapping. */
struct entry {
	char key[64];		/* matches the same entry of the other run */
	const char *first;	/* the label column */
	const char *cont;
	char text[1024];
};

#define MAX_ENTRIES 48

static struct entry *add_entry(struct entry *e, size_t *n, const char *key,
			       const char *first, const char *cont)
{
	struct entry *x;

	if (*n == MAX_ENTRIES)
		return NULL;
	x = &e[(*n)++];
	snprintf(x->key, sizeof(x->key), "%s", key);
	x->first = first;
	x->cont = cont;
	x->text[0] = '\0';
	return x;
}

#define ENTRY(key, first, cont, ...) \
	do { \
		struct entry *x_ = add_entry(e, &n, key, first, cont); \
		if (x_) \
			snprintf(x_->text, sizeof(x_->text), __VA_ARGS__); \
	} while (0)

static size_t kernel_entries(const struct mhp_rundata *rd, const char *arch,
			     bool many, const char *v, struct entry *e, size_t n)
{
	json_object *k = mhp_meta_kernel(rd->meta, arch, v);
	char config[256], patches[512], key[64], name[80], src[192];
	const char *acc;
	int w;

	snprintf(name, sizeof(name), "%s%s%s", many ? arch : "", many ? " " : "", v);
	snprintf(key, sizeof(key), "kernel %s", name);
	if (!k) {
		ENTRY(key, "kernel   ", "         ", "%s: not in meta.json", name);
		return n;
	}
	kernel_config(k, config, sizeof(config));
	patches[0] = '\0';
	w = kernel_patches(k, "platform_patches", patches, sizeof(patches), 0);
	kernel_patches(k, "patches", patches, sizeof(patches), w);
	kernel_source(k, src, sizeof(src));
	ENTRY(key, "kernel   ", "         ",
	      "%s: build %s, %s, %s%s, struct page %s B", name,
	      mhp_meta_get(k, "build_id"), src, config, patches,
	      mhp_meta_get(k, "struct_page_bytes"));
	snprintf(key, sizeof(key), "cmdline %s", name);
	acc = mhp_meta_cmdline_accel(rd->meta, arch);
	ENTRY(key, "         ", "           ", "cmdline %s%s%s%s",
	      mhp_meta_get(k, "cmdline"), *acc ? " (+ " : "", acc,
	      *acc ? " under this accelerator)" : "");
	return n;
}

/* Options other than the ones printed by name, as key=value. */
static void other_options(const struct mhp_rundata *rd, char *buf, size_t len)
{
	static const char *const shown[] = { "config", "scenario", "sizes_bytes",
					     "samples", "online", "boot_timeout_s",
					     NULL };
	json_object *o;
	int w = 0, i;

	buf[0] = '\0';
	if (!json_object_object_get_ex(rd->meta, "options", &o) ||
	    !json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, key, val) {
		const char *s = json_object_get_string(val);

		for (i = 0; shown[i] && strcmp(shown[i], key); i++)
			;
		if (shown[i] || !s || !*s || w < 0 || (size_t)w >= len ||
		    json_object_is_type(val, json_type_array) ||
		    json_object_is_type(val, json_type_object))
			continue;
		/* A double as the shortest text that reads back the same. */
		if (json_object_is_type(val, json_type_double))
			w += snprintf(buf + w, len - w, ", %s=%g", key,
				      json_object_get_double(val));
		else
			w += snprintf(buf + w, len - w, ", %s=%s", key, s);
	}
}

/* "x86_64 emulated (TCG), arm64 KVM (...)", or the one label. */
static void accels(const struct mhp_rundata *rd, char *buf, size_t len)
{
	const char *a[MAX_ARCHES];
	size_t i, n = mhp_run_arches(rd, a, MAX_ARCHES);
	int w = 0;

	if (n <= 1) {
		snprintf(buf, len, "%s", mhp_accel_label(n ?
			 mhp_meta_accel(rd->meta, a[0]) : GET(rd, "accelerator")));
		return;
	}
	for (i = 0; i < n && w >= 0 && (size_t)w < len; i++)
		w += snprintf(buf + w, len - w, "%s%s %s", i ? ", " : "", a[i],
			      mhp_accel_label(mhp_meta_accel(rd->meta, a[i])));
}

static size_t arch_entry(const struct mhp_rundata *rd, const char *arch,
			 struct entry *e, size_t n)
{
	json_object *p = mhp_meta_profile(rd->meta, arch);
	char boot[16], block[16], page[16], key[64], method[256];

	size_str(mhp_meta_get(p, "boot_mem_bytes"), boot, sizeof(boot));
	size_str(mhp_meta_get(p, "block_size_bytes"), block, sizeof(block));
	size_str(mhp_meta_get(p, "page_size"), page, sizeof(page));
	mhp_method_describe(rd, arch, method, sizeof(method));
	snprintf(key, sizeof(key), "arch %s", arch);
	ENTRY(key, "arch     ", "         ",
	      "%s: machine %s, cpu %s, %s cpus, %s boot RAM, %s pages, %s blocks, %s",
	      arch, mhp_meta_get(p, "machine"), mhp_meta_get(p, "cpu"),
	      mhp_meta_get(p, "cpus"), boot, page, block, method);
	return n;
}

static size_t run_entries(const struct mhp_report *r, int side,
			  struct entry *e)
{
	const struct mhp_rundata *rd = r->run[side];
	const char *vs[MAX_VARIANTS], *a[MAX_ARCHES];
	char mem[32], other[512], acc[256];
	size_t i, j, nv, na, n = 0;

	ENTRY("run", "run      ", "         ", "%s%s: %s, %s to %s",
	      mhp_report_two_runs(r) ? (side ? "B (new) " : "A (base) ") : "",
	      rd->id, GET(rd, "options.scenario"), GET(rd, "started"),
	      *GET(rd, "finished") ? GET(rd, "finished") : "unfinished");
	snprintf(mem, sizeof(mem), "%.1f GiB",
		 strtoull(GET(rd, "host.mem_bytes"), NULL, 10) / 1073741824.0);
	ENTRY("host", "host     ", "         ", "%s: %s, %s cpus, %s RAM, Linux %s",
	      GET(rd, "host.hostname"), GET(rd, "host.cpu"), GET(rd, "host.cpus"),
	      mem, GET(rd, "host.kernel"));
	accels(rd, acc, sizeof(acc));
	ENTRY("QEMU", "QEMU     ", "         ", "%s, accelerator %s%s",
	      GET(rd, "qemu_version"), acc, mhp_timing_emulated(rd) ?
	      ": timings are emulated, not hardware's" : "");
	na = mhp_run_arches(rd, a, MAX_ARCHES);
	for (i = 0; i < na; i++)
		n = arch_entry(rd, a[i], e, n);
	other_options(rd, other, sizeof(other));
	ENTRY("options", "options  ", "         ",
	      "config %s, %s, %s samples, boot timeout %s s%s",
	      base_name(GET(rd, "options.config")), GET(rd, "options.online"),
	      GET(rd, "options.samples"), GET(rd, "options.boot_timeout_s"), other);
	nv = mhp_report_variants(r, side, vs, MAX_VARIANTS);
	for (i = 0; i < na; i++)
		for (j = 0; j < nv; j++)
			n = kernel_entries(rd, a[i], na > 1, vs[j], e, n);
	return n;
}

void mhp_provenance_text(FILE *f, const struct mhp_report *r, int side)
{
	static struct entry e[MAX_ENTRIES], a[MAX_ENTRIES];
	char same[512] = "", line[600];
	size_t i, j, n, na = 0;
	int w = 0;

	n = run_entries(r, side, e);
	if (side == MHP_NEW && mhp_report_two_runs(r))
		na = run_entries(r, MHP_BASE, a);
	for (i = 0; i < n; i++) {
		/* The second run prints only what the first did not say. */
		for (j = 0; j < na; j++)
			if (!strcmp(a[j].key, e[i].key) && !strcmp(a[j].text, e[i].text))
				break;
		if (j == na) {
			mhp_wrap(f, e[i].first, e[i].cont, e[i].text, MHP_TEXT_WIDTH);
			continue;
		}
		if (strncmp(e[i].key, "cmdline", 7) && w >= 0 &&
		    (size_t)w < sizeof(same))
			w += snprintf(same + w, sizeof(same) - w, "%s%s",
				      w ? ", " : "", e[i].key);
	}
	if (w > 0) {
		snprintf(line, sizeof(line), "as A: %s", same);
		mhp_wrap(f, "same     ", "         ", line, MHP_TEXT_WIDTH);
	}
}

static int figure_line(char *buf, size_t len, int w, int *lines, const char *s)
{
	size_t n = strlen(s);

	/* Long lines are cut into pieces of MHP_PROV_WIDTH. */
	while (n && *lines < MHP_PROV_LINES && w >= 0 && (size_t)w < len) {
		size_t take = n > MHP_PROV_WIDTH ? MHP_PROV_WIDTH : n;

		if (take < n) {
			size_t sp = take;

			while (sp > MHP_PROV_WIDTH / 2 && s[sp] != ' ')
				sp--;
			if (s[sp] == ' ')
				take = sp;
		}
		w += snprintf(buf + w, len - w, "%s%.*s", w ? "\n" : "", (int)take, s);
		s += take;
		n -= take;
		while (*s == ' ') {
			s++;
			n--;
		}
		(*lines)++;
	}
	return w;
}

/* Run A has this kernel of B's, the same build with the same cmdline. */
static bool same_kernel(const struct mhp_report *r, const char *arch,
			const char *variant, json_object *k)
{
	json_object *ka = mhp_meta_kernel(r->run[MHP_BASE]->meta, arch, variant);

	return ka && !strcmp(mhp_meta_get(ka, "build_id"),
			     mhp_meta_get(k, "build_id")) &&
	       !strcmp(mhp_meta_get(ka, "cmdline"), mhp_meta_get(k, "cmdline"));
}

/* Whether the space-separated words of s include the n bytes at w. */
static bool has_word(const char *s, const char *w, size_t n)
{
	while (*s) {
		size_t k = strcspn(s, " ");

		if (k == n && !strncmp(s, w, n))
			return true;
		s += k;
		s += strspn(s, " ");
	}
	return false;
}

/* Into out, the words of s that are (keep) or are not (!keep) in all n
 * cmdlines.
 */
static void filter_words(const char *s, const char **all, size_t n, bool keep,
			 char *out, size_t len)
{
	size_t i, k, w = 0;

	out[0] = '\0';
	for (s += strspn(s, " "); *s; s += k, s += strspn(s, " ")) {
		k = strcspn(s, " ");
		for (i = 0; i < n && has_word(all[i], s, k); i++)
			;
		if ((i == n) != keep || w + k + 2 > len)
			continue;
		w += snprintf(out + w, len - w, "%s%.*s", w ? " " : "", (int)k, s);
	}
}

static int figure_run(const struct mhp_report *r, int side, char *buf,
		      size_t len, int w, int *lines)
{
	const struct mhp_rundata *rd = r->run[side];
	const char *vs[MAX_VARIANTS], *a[MAX_ARCHES], *cmd[MAX_VARIANTS];
	json_object *ks[MAX_VARIANTS];
	const char *ka[MAX_VARIANTS], *kv[MAX_VARIANTS];
	char line[1024], config[256], acc[256], own[512];
	char src[192];
	size_t i, j, nv, na, nk = 0;
	int said_same = 0;

	accels(rd, acc, sizeof(acc));
	snprintf(line, sizeof(line), "%s%s: QEMU %s, %s; host %s (%s, %s cpus); config %s, %s",
		 mhp_report_two_runs(r) ? (side ? "B " : "A ") : "run ", rd->id,
		 GET(rd, "qemu_version"), acc, GET(rd, "host.hostname"),
		 GET(rd, "host.cpu"), GET(rd, "host.cpus"),
		 base_name(GET(rd, "options.config")), GET(rd, "options.online"));
	w = figure_line(buf, len, w, lines, line);
	na = mhp_run_arches(rd, a, MAX_ARCHES);
	nv = mhp_report_variants(r, side, vs, MAX_VARIANTS);
	for (i = 0; i < na; i++)
		for (j = 0; j < nv && nk < MAX_VARIANTS; j++) {
			json_object *k = mhp_meta_kernel(rd->meta, a[i], vs[j]);

			if (!k)
				continue;
			/* B's kernels that A described already: once, briefly. */
			if (side == MHP_NEW && same_kernel(r, a[i], vs[j], k)) {
				if (!said_same++)
					w = figure_line(buf, len, w, lines,
							"  the same kernels as A");
				continue;
			}
			ks[nk] = k;
			ka[nk] = a[i];
			kv[nk] = vs[j];
			cmd[nk++] = mhp_meta_get(k, "cmdline");
		}
	/* The cmdline words all kernels share once, then each one's own. */
	if (nk > 1) {
		filter_words(cmd[0], cmd, nk, true, own, sizeof(own));
		snprintf(line, sizeof(line), "  every kernel's cmdline: %s", own);
		w = figure_line(buf, len, w, lines, line);
	}
	for (i = 0; i < nk; i++) {
		kernel_config(ks[i], config, sizeof(config));
		if (nk > 1)
			filter_words(cmd[i], cmd, nk, false, own, sizeof(own));
		else
			snprintf(own, sizeof(own), "%s", cmd[i]);
		kernel_source(ks[i], src, sizeof(src));
		snprintf(line, sizeof(line), "  %s %s: build %s (%s, %s)%s%s",
			 ka[i], kv[i], mhp_meta_get(ks[i], "build_id"), src,
			 config,
			 nk > 1 ? (*own ? ", and " : "") : ", cmdline ", own);
		w = figure_line(buf, len, w, lines, line);
	}
	return w;
}

void mhp_provenance_figure(const struct mhp_report *r, char *buf, size_t len)
{
	int lines = 0, w;

	buf[0] = '\0';
	w = figure_run(r, MHP_BASE, buf, len, 0, &lines);
	if (mhp_report_two_runs(r))
		figure_run(r, MHP_NEW, buf, len, w, &lines);
}

/* Compare one scalar of meta.json; warn when it differs. */
static void differ(struct mhp_report *r, json_object *a, json_object *b,
		   const char *path, const char *what)
{
	const char *x = mhp_meta_get(a, path), *y = mhp_meta_get(b, path);

	if (strcmp(x, y))
		mhp_report_warn(r, "%s differs: %s vs %s", what, *x ? x : "(none)",
				*y ? y : "(none)");
}

/*
 * Every scalar member of objects a and b (either may lack one), but the
 * keys skip lists and those skip_key says yes to.
 */
static void differ_object(struct mhp_report *r, json_object *a, json_object *b,
			  const char *what, const char *const *skip,
			  bool (*skip_key)(const char *key))
{
	json_object *o[2] = { a, b };
	char name[160];
	int s;

	for (s = 0; s < 2; s++) {
		if (!o[s] || !json_object_is_type(o[s], json_type_object))
			continue;
		json_object_object_foreach(o[s], k, v) {
			(void)v;
			if (mhp_strv_has(skip, k) || (skip_key && skip_key(k)) ||
			    (s == 1 && o[0] && json_object_object_get_ex(o[0], k, NULL)))
				continue;
			snprintf(name, sizeof(name), "%s.%s", what, k);
			differ(r, a, b, k, name);
		}
	}
}

static json_object *object(json_object *meta, const char *key)
{
	json_object *o;

	return json_object_object_get_ex(meta, key, &o) ? o : NULL;
}

static void differ_json(struct mhp_report *r, json_object *a, json_object *b,
			const char *key, const char *what)
{
	json_object *x = NULL, *y = NULL;

	json_object_object_get_ex(a, key, &x);
	json_object_object_get_ex(b, key, &y);
	if (strcmp(x ? json_object_to_json_string(x) : "",
		   y ? json_object_to_json_string(y) : ""))
		mhp_report_warn(r, "%s differs", what);
}

static void differ_kernels(struct mhp_report *r, const struct mhp_pairing *p,
			   const char *arch)
{
	json_object *k[2];
	char what[160];
	int s;

	for (s = 0; s < 2; s++)
		k[s] = p->side[s].rd ? mhp_meta_kernel(p->side[s].rd->meta, arch,
						       p->side[s].variant) : NULL;
	if (!k[0] || !k[1])
		return;
#define KERNEL(path, name) \
	do { \
		snprintf(what, sizeof(what), "%s vs %s: %s kernel %s", \
			 p->side[0].label, p->side[1].label, arch, name); \
		differ(r, k[0], k[1], path, what); \
	} while (0)
	KERNEL("source.version", "version");
	KERNEL("source.hash", "source");
	KERNEL("toolchain", "toolchain");
	KERNEL("struct_page_bytes", "sizeof(struct page)");
	KERNEL("base", "base config");
	snprintf(what, sizeof(what), "%s vs %s: %s kernel platform patches",
		 p->side[0].label, p->side[1].label, arch);
	differ_json(r, k[0], k[1], "platform_patches", what);
	if (strcmp(p->side[0].variant, p->side[1].variant))
		return;
	/* The same variant on both sides: its kernel should be the same. */
	KERNEL("build_id", "build id");
	KERNEL("cmdline", "cmdline");
	snprintf(what, sizeof(what), "%s vs %s: %s kernel config fragments",
		 p->side[0].label, p->side[1].label, arch);
	differ_json(r, k[0], k[1], "fragments", what);
	snprintf(what, sizeof(what), "%s vs %s: %s kernel patches",
		 p->side[0].label, p->side[1].label, arch);
	differ_json(r, k[0], k[1], "patches", what);
#undef KERNEL
}

static bool warned(const struct mhp_report *r, size_t from, const char *w)
{
	size_t i;

	for (i = 0; i < from; i++)
		if (!strcmp(r->warn[i], w))
			return true;
	return false;
}

static void differ_runs(struct mhp_report *r)
{
	/*
	 * The run's hot-add method: per arch, mhp_methods_check. The seed
	 * of the order: every run draws its own (an order, not the machine).
	 */
	static const char *const opt_skip[] = { "config", "sizes_bytes", "samples",
						"hotplug", "seed", NULL };
	static const char *const prof_skip[] = { "page_size", NULL };
	json_object *m[2] = { r->run[0]->meta, r->run[1]->meta };
	const char *a[MAX_ARCHES];
	char what[64];
	size_t i, n = mhp_run_arches(r->run[0], a, MAX_ARCHES);

	differ(r, m[0], m[1], "qemu_version", "QEMU version");
	differ_object(r, object(m[0], "host"), object(m[1], "host"), "host", NULL,
		      NULL);
	differ_object(r, object(m[0], "options"), object(m[1], "options"),
		      "options", opt_skip, NULL);
	differ_object(r, object(m[0], "guest"), object(m[1], "guest"), "guest",
		      NULL, NULL);
	if (strcmp(base_name(mhp_meta_get(m[0], "options.config")),
		   base_name(mhp_meta_get(m[1], "options.config"))))
		differ(r, m[0], m[1], "options.config", "config");
	for (i = 0; i < n; i++) {
		json_object *p[2] = { mhp_meta_profile(m[0], a[i]),
				      mhp_meta_profile(m[1], a[i]) };

		if (!p[0] || !p[1])
			continue;
		snprintf(what, sizeof(what), "%s accelerator", a[i]);
		if (strcmp(mhp_meta_accel(m[0], a[i]), mhp_meta_accel(m[1], a[i])))
			mhp_report_warn(r, "%s differs: %s vs %s", what,
					mhp_meta_accel(m[0], a[i]),
					mhp_meta_accel(m[1], a[i]));
		snprintf(what, sizeof(what), "%s page size", a[i]);
		differ(r, p[0], p[1], "page_size", what);
		snprintf(what, sizeof(what), "%s profile", a[i]);
		/*
		 * The method's keys: mhp_methods_check; and between two
		 * methods what a method changes too.
		 */
		differ_object(r, p[0], p[1], what, prof_skip,
			      mhp_methods_differ(r->run[0], r->run[1], a[i]) ?
			      mhp_method_changed_key : mhp_method_profile_key);
	}
}

void mhp_provenance_check(struct mhp_report *r)
{
	size_t i, j, k;

	if (mhp_report_two_runs(r))
		differ_runs(r);
	mhp_methods_check(r);
	for (i = 0; i < r->npair; i++)
		for (j = 0; j < r->pair[i].nsec; j++) {
			const char *arch = r->pair[i].sec[j].arch;

			for (k = 0; k < j && strcmp(r->pair[i].sec[k].arch, arch); k++)
				;
			if (k == j)
				differ_kernels(r, &r->pair[i], arch);
		}
	/* Pairs and arches can repeat a finding; keep the first. */
	for (i = j = 0; i < r->nwarn; i++) {
		if (warned(r, j, r->warn[i])) {
			free(r->warn[i]);
			continue;
		}
		r->warn[j++] = r->warn[i];
	}
	r->nwarn = j;
}
