// SPDX-License-Identifier: GPL-2.0
/*
 * Variants (configs/variants/NAME.conf) and the kernels built for them.
 * A variant is data: the kernel source it builds from (source = NAME,
 * configs/sources/NAME.conf; default linux-source-6.1), fragment, patch
 * series, command line (cmdline.ARCH in place of cmdline for one arch),
 * and whether the memmap goes on the hot-added memory: altmap = yes or
 * no (the variant's claim), or rule (upstream's rule decides, per
 * sample: altmap_rule.h). The command line is no build input
 * (kernels/build.sh): variants that differ only in it share a build.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "conf.h"
#include "prebuilt.h"
#include "variant.h"

static const char *const variant_keys[] = {
	"description", "fragment", "patches", "cmdline", "altmap", NULL
};

static const char *const variant_allowed[] = {
	"description", "fragment", "patches", "cmdline", "altmap", "source",
	NULL
};

/* The kernel source a variant without "source" builds from. */
#define DEFAULT_SOURCE "linux-source-6.1"

/* altmap = yes, no or rule: the variant's kind of expectation. */
static const char *const altmap_kinds[] = {
	[MHP_EXPECT_NO] = "no", [MHP_EXPECT_YES] = "yes",
	[MHP_EXPECT_RULE] = "rule",
};

static int altmap_kind(const char *v)
{
	int i;

	for (i = 0; i < (int)ARRAY_SIZE(altmap_kinds); i++)
		if (!strcmp(v, altmap_kinds[i]))
			return i;
	return -1;
}

/* source = NAME: configs/sources/NAME.conf must be there. */
static int check_source(const char *top, const struct mhp_conf *c,
			char *err, size_t errlen)
{
	const char *v = mhp_conf_get(c, "source");
	char path[PATH_MAX];

	if (!v)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/configs/sources/%s.conf",
			     top, v) >= sizeof(path) ||
	    !*v || strchr(v, '/') || access(path, R_OK)) {
		snprintf(err, errlen, "%s: key 'source': unknown kernel source '%s' (no configs/sources/%s.conf)",
			 c->path, v, v);
		return -1;
	}
	return 0;
}

/*
 * A variant of a kernel the suite does not build (prebuilt.c): kernel =
 * PATH (config, modules optional) or debian_package = NAME, instead of
 * fragment and patches.
 */
static const char *const prebuilt_allowed[] = {
	"description", "cmdline", "altmap", "kernel", "config", "modules",
	"debian_package", NULL
};

static const char *const prebuilt_required[] = {
	"description", "cmdline", "altmap", NULL
};

static bool is_prebuilt(const struct mhp_conf *c)
{
	return mhp_conf_get(c, "kernel") || mhp_conf_get(c, "debian_package");
}

/*
 * Every key must be in allowed, or cmdline.ARCH for an arch with a
 * profile: that arch's command line in place of cmdline.
 */
static int check_keys(const char *top, const struct mhp_conf *c,
		      const char *const *allowed, char *err, size_t errlen)
{
	char path[PATH_MAX];
	const char *k;
	int i, j;

	for (i = 0; i < c->n; i++) {
		k = c->kv[i].key;
		for (j = 0; allowed[j] && strcmp(allowed[j], k); j++)
			;
		if (allowed[j])
			continue;
		if (strncmp(k, "cmdline.", 8)) {
			snprintf(err, errlen, "%s: unknown key '%s'", c->path, k);
			return -1;
		}
		snprintf(path, sizeof(path), "%s/configs/arch/%s.conf", top, k + 8);
		if (strchr(k + 8, '/') || access(path, R_OK)) {
			snprintf(err, errlen, "%s: key '%s': no arch '%s' (configs/arch/)",
				 c->path, k, k + 8);
			return -1;
		}
	}
	return 0;
}

static int variant_conf(const char *top, const char *name,
			struct mhp_conf *c, char *err, size_t errlen)
{
	char path[PATH_MAX];

	if (!*name || strlen(name) >= 32 || strchr(name, '/')) {
		snprintf(err, errlen, "bad variant name '%s'", name);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/configs/variants/%s.conf", top, name);
	if (access(path, R_OK)) {
		snprintf(err, errlen, "unknown variant '%s' (no %s)", name, path);
		return -1;
	}
	if (mhp_conf_load(path, c, err, errlen))
		return -1;
	if (is_prebuilt(c) ?
	    check_keys(top, c, prebuilt_allowed, err, errlen) ||
	    mhp_conf_check(c, NULL, prebuilt_required, err, errlen) :
	    check_keys(top, c, variant_allowed, err, errlen) ||
	    mhp_conf_check(c, NULL, variant_keys, err, errlen) ||
	    check_source(top, c, err, errlen))
		return -1;
	if (mhp_conf_get(c, "kernel") && mhp_conf_get(c, "debian_package")) {
		snprintf(err, errlen, "%s: kernel and debian_package: give one", path);
		return -1;
	}
	if (altmap_kind(mhp_conf_get(c, "altmap")) < 0) {
		snprintf(err, errlen, "%s: key 'altmap': want yes, no or rule",
			 path);
		return -1;
	}
	/* A kernel the suite did not build has no known source's rule. */
	if (is_prebuilt(c) &&
	    altmap_kind(mhp_conf_get(c, "altmap")) == MHP_EXPECT_RULE) {
		snprintf(err, errlen, "%s: key 'altmap': rule is for kernels built from a source (want yes or no)",
			 path);
		return -1;
	}
	return 0;
}

int mhp_variant_check(const char *top, const char *name, char *err,
		      size_t errlen)
{
	static struct mhp_conf c;

	return variant_conf(top, name, &c, err, errlen);
}

/* A path of a variant file: absolute, or relative to the suite's top. */
static int variant_path(const char *top, const char *v, char *dst, size_t len,
			const char *file, const char *key, char *err,
			size_t errlen)
{
	if (!v || !*v) {
		*dst = '\0';
		return 0;
	}
	if ((size_t)snprintf(dst, len, "%s%s%s", *v == '/' ? "" : top,
			     *v == '/' ? "" : "/", v) >= len ||
	    access(dst, R_OK)) {
		snprintf(err, errlen, "%s: %s %s: cannot read", file, key, v);
		return -1;
	}
	return 0;
}

int mhp_variant_prebuilt(const char *top, const char *name,
			 struct mhp_prebuilt_src *src, char *err, size_t errlen)
{
	static struct mhp_conf c;
	char file[64];
	const char *pkg, *cmdline;

	if (variant_conf(top, name, &c, err, errlen))
		return -1;
	if (!is_prebuilt(&c))
		return 0;
	memset(src, 0, sizeof(*src));
	snprintf(file, sizeof(file), "variant %s", name);
	snprintf(src->name, sizeof(src->name), "%s", name);
	cmdline = mhp_conf_get(&c, "cmdline");
	if (strlen(cmdline) >= sizeof(src->cmdline)) {
		snprintf(err, errlen, "%s: cmdline too long", file);
		return -1;
	}
	strcpy(src->cmdline, cmdline);
	src->altmap = !strcmp(mhp_conf_get(&c, "altmap"), "yes");
	pkg = mhp_conf_get(&c, "debian_package");
	if (pkg) {
		snprintf(src->kind, sizeof(src->kind), "package");
		snprintf(src->path, sizeof(src->path), "%s", pkg);
	} else {
		if (variant_path(top, mhp_conf_get(&c, "kernel"), src->path,
				 sizeof(src->path), file, "kernel", err, errlen))
			return -1;
		snprintf(src->kind, sizeof(src->kind), "%s",
			 mhp_prebuilt_kind(src->path));
	}
	if (variant_path(top, mhp_conf_get(&c, "config"), src->config,
			 sizeof(src->config), file, "config", err, errlen) ||
	    variant_path(top, mhp_conf_get(&c, "modules"), src->modules,
			 sizeof(src->modules), file, "modules", err, errlen))
		return -1;
	return 1;
}

static const char *build_str(json_object *b, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(b, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/*
 * The source build.json names (source.name; a build.json from before
 * has none) must be the variant's: else the kernel is a stale build.
 */
static int source_differs(const struct mhp_kernel *k, const char *path,
			  char *err, size_t errlen)
{
	json_object *src;
	const char *name;

	if (!json_object_object_get_ex(k->build, "source", &src))
		return 0;
	name = build_str(src, "name");
	/*
	 * A build.json from before names its source only by the directory
	 * it was unpacked to (source.dir, the package's name): meta.json
	 * gets that as its name.
	 */
	if (!name && build_str(src, "dir"))
		json_object_object_add(src, "name",
				       json_object_new_string(build_str(src, "dir")));
	if (!name || !strcmp(name, k->source))
		return 0;
	snprintf(err, errlen, "%s: built from %s, but variant %s has source %s (make kernels ARCH=%s)",
		 path, name, k->variant, k->source, k->arch);
	return -1;
}

/*
 * What the verdict holds the kernel to: its variant's altmap, and for
 * rule the mode its command line gives (with the run's --append after
 * it: the last value counts) and the arch's hook.
 */
static void expectation(const struct mhp_opts *o, const struct mhp_arch *a,
			const char *altmap, struct mhp_kernel *k)
{
	char cmdline[sizeof(k->cmdline) + sizeof(o->append) + 1];

	snprintf(cmdline, sizeof(cmdline), "%s %s", k->cmdline, o->append);
	k->mom_mode = mhp_mom_mode_parse(cmdline);
	k->altmap_expect = altmap_kind(altmap);
	k->altmap_hooks = a->altmap_hooks;
	k->expect_altmap = k->altmap_expect == MHP_EXPECT_YES ||
			   (k->altmap_expect == MHP_EXPECT_RULE &&
			    k->mom_mode != MHP_MOM_OFF);
}

int mhp_kernel_load(const struct mhp_opts *o, const struct mhp_arch *a,
		    const char *variant, struct mhp_kernel *k, char *err,
		    size_t errlen)
{
	static struct mhp_conf c;
	const char *id, *cmdline;
	char path[PATH_MAX];
	json_object *v;

	memset(k, 0, sizeof(*k));
	if (variant_conf(o->top, variant, &c, err, errlen))
		return -1;
	snprintf(k->arch, sizeof(k->arch), "%s", a->name);
	snprintf(k->variant, sizeof(k->variant), "%s", variant);
	snprintf(k->source, sizeof(k->source), "%s",
		 mhp_conf_get(&c, "source") ?: DEFAULT_SOURCE);
	snprintf(k->dir, sizeof(k->dir), "%s/%s/%s", o->kernels, a->name, variant);
	snprintf(path, sizeof(path), "%s/build.json", k->dir);
	if (access(path, F_OK)) {
		snprintf(err, errlen, "no kernel for %s/%s (%s missing: make kernels ARCH=%s)",
			 a->name, variant, path, a->name);
		return -1;
	}
	k->build = json_object_from_file(path);
	if (!k->build) {
		snprintf(err, errlen, "%s: not JSON", path);
		return -1;
	}
	id = build_str(k->build, "build_id");
	cmdline = build_str(k->build, "cmdline");
	if (!id || !cmdline || strlen(cmdline) >= sizeof(k->cmdline) ||
	    !json_object_object_get_ex(k->build, "struct_page_bytes", &v)) {
		snprintf(err, errlen, "%s: not a build.json of mhpbench", path);
		mhp_kernel_free(k);
		return -1;
	}
	if (source_differs(k, path, err, errlen)) {
		mhp_kernel_free(k);
		return -1;
	}
	snprintf(k->build_id, sizeof(k->build_id), "%s", id);
	strcpy(k->cmdline, cmdline);
	k->struct_page_bytes = json_object_get_int(v);
	expectation(o, a, mhp_conf_get(&c, "altmap"), k);
	snprintf(k->image, sizeof(k->image), "%s/%s", k->dir, a->image);
	if (access(k->image, R_OK)) {
		snprintf(err, errlen, "kernel image %s missing", k->image);
		mhp_kernel_free(k);
		return -1;
	}
	return 0;
}

void mhp_kernel_free(struct mhp_kernel *k)
{
	json_object_put(k->build);
	k->build = NULL;
}
