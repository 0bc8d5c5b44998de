// SPDX-License-Identifier: GPL-2.0
/*
 * Variants (configs/variants/NAME.conf) and the kernels built for them.
 * A variant is data: fragment, patch series, command line (cmdline.ARCH
 * in place of cmdline for one arch), and whether it claims to put the
 * memmap on the hot-added memory. The command line is no build input
 * (kernels/build.sh): variants that differ only in it share a build.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "variant.h"

static const char *const variant_keys[] = {
	"description", "fragment", "patches", "cmdline", "altmap", NULL
};

/*
 * Every key must be a variant key, or cmdline.ARCH for an arch with a
 * profile: that arch's command line in place of cmdline.
 */
static int check_keys(const char *top, const struct mhp_conf *c, char *err,
		      size_t errlen)
{
	char path[PATH_MAX];
	const char *k;
	int i, j;

	for (i = 0; i < c->n; i++) {
		k = c->kv[i].key;
		for (j = 0; variant_keys[j] && strcmp(variant_keys[j], k); j++)
			;
		if (variant_keys[j])
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
	if (mhp_conf_load(path, c, err, errlen) ||
	    check_keys(top, c, err, errlen) ||
	    mhp_conf_check(c, NULL, variant_keys, err, errlen))
		return -1;
	if (strcmp(mhp_conf_get(c, "altmap"), "yes") &&
	    strcmp(mhp_conf_get(c, "altmap"), "no")) {
		snprintf(err, errlen, "%s: key 'altmap': want yes or no", path);
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

static const char *build_str(json_object *b, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(b, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
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
	k->expect_altmap = !strcmp(mhp_conf_get(&c, "altmap"), "yes");
	snprintf(k->dir, sizeof(k->dir), "%s/%s/%s", o->kernels, a->name, variant);
	snprintf(path, sizeof(path), "%s/build.json", k->dir);
	k->build = json_object_from_file(path);
	if (!k->build) {
		snprintf(err, errlen, "no kernel for %s/%s (%s missing: make kernels ARCH=%s)",
			 a->name, variant, path, a->name);
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
	snprintf(k->build_id, sizeof(k->build_id), "%s", id);
	strcpy(k->cmdline, cmdline);
	k->struct_page_bytes = json_object_get_int(v);
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
