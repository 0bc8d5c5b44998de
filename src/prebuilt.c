// SPDX-License-Identifier: GPL-2.0
/*
 * Kernels the suite did not build. The shell side (kernels/prebuilt.sh)
 * unpacks or fetches the Debian package and puts the modules the guest
 * driver needs into the kernel's own guest image; this side checks what
 * is given, refuses a kernel whose config lacks what the scenarios need,
 * and describes the kernel for meta.json by its image's sha256 and
 * banner instead of a build key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler.h"
#include "kconfig.h"
#include "kimage.h"
#include "prebuilt.h"
#include "variant.h"

#define SPEC_USAGE "NAME=PATH[,modules=PATH][,config=PATH][,cmdline=ARGS][,altmap=yes|no]"

/* The kind of image each profile boots, by the file name of its image. */
static const struct {
	const char *file;
	const char *kinds[3];
} image_kinds[] = {
	{ "bzImage", { "bzImage" } },
	{ "Image", { "arm64 Image", "gzip" } },
	{ "vmlinux", { "ELF vmlinux" } },
};

static int name_ok(const char *name)
{
	const char *p;

	if (!*name || strlen(name) >= 32)
		return 0;
	for (p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p))
			return 0;
	return 1;
}

const char *mhp_prebuilt_kind(const char *path)
{
	char head[8];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof(head), f) : 0;

	if (f)
		fclose(f);
	return n == sizeof(head) && !memcmp(head, "!<arch>\n", 8) ? "deb" :
	       "image";
}

/* "deb" for a Debian package (an ar archive), "image" for a kernel. */
static int source_kind(const char *who, const char *path, char *kind,
		       size_t len, char *err, size_t errlen)
{
	struct mhp_kimage ki;

	if (access(path, R_OK)) {
		snprintf(err, errlen, "%s: %s: %s", who, path, strerror(errno));
		return -1;
	}
	if (!strcmp(mhp_prebuilt_kind(path), "deb")) {
		snprintf(kind, len, "deb");
		return 0;
	}
	if (mhp_kimage_probe(path, &ki)) {
		snprintf(err, errlen, "%s: %s is not a kernel image (bzImage, arm64 Image, vmlinux) nor a linux-image .deb",
			 who, path);
		return -1;
	}
	snprintf(kind, len, "image");
	return 0;
}

static int set_path(char *dst, size_t len, const char *who, const char *key,
		    const char *v, char *err, size_t errlen)
{
	if (!*v || strlen(v) >= len) {
		snprintf(err, errlen, "%s: bad %s '%s'", who, key, v);
		return -1;
	}
	if (access(v, R_OK)) {
		snprintf(err, errlen, "%s: %s %s: %s", who, key, v, strerror(errno));
		return -1;
	}
	strcpy(dst, v);
	return 0;
}

static int set_key(struct mhp_prebuilt_src *src, const char *who, char *kv,
		   char *err, size_t errlen)
{
	char *v = strchr(kv, '=');

	if (!v) {
		snprintf(err, errlen, "%s: '%s' is not KEY=VALUE (want %s)", who,
			 kv, SPEC_USAGE);
		return -1;
	}
	*v++ = '\0';
	if (!strcmp(kv, "modules"))
		return set_path(src->modules, sizeof(src->modules), who,
				"modules", v, err, errlen);
	if (!strcmp(kv, "config"))
		return set_path(src->config, sizeof(src->config), who,
				"config", v, err, errlen);
	if (!strcmp(kv, "cmdline")) {
		if (strlen(v) >= sizeof(src->cmdline)) {
			snprintf(err, errlen, "%s: cmdline too long", who);
			return -1;
		}
		strcpy(src->cmdline, v);
		return 0;
	}
	if (!strcmp(kv, "altmap")) {
		if (strcmp(v, "yes") && strcmp(v, "no")) {
			snprintf(err, errlen, "%s: bad altmap '%s' (yes or no)",
				 who, v);
			return -1;
		}
		src->altmap = !strcmp(v, "yes");
		return 0;
	}
	snprintf(err, errlen, "%s: unknown key '%s' (modules, config, cmdline, altmap)",
		 who, kv);
	return -1;
}

int mhp_prebuilt_parse(const char *spec, struct mhp_prebuilt_src *src,
		       char *err, size_t errlen)
{
	char buf[2048], who[64], *eq, *tok, *save;

	memset(src, 0, sizeof(*src));
	src->altmap = -1;
	if (strlen(spec) >= sizeof(buf)) {
		snprintf(err, errlen, "--kernel value too long");
		return -1;
	}
	strcpy(buf, spec);
	eq = strchr(buf, '=');
	if (!eq || eq == buf || !eq[1]) {
		snprintf(err, errlen, "--kernel '%s': want %s", spec, SPEC_USAGE);
		return -1;
	}
	*eq = '\0';
	if (!name_ok(buf)) {
		snprintf(err, errlen, "--kernel: bad name '%s' (letters, digits, '.', '_', '-'; under 32)",
			 buf);
		return -1;
	}
	strcpy(src->name, buf);
	snprintf(who, sizeof(who), "--kernel %s", src->name);
	tok = strtok_r(eq + 1, ",", &save);
	if (!tok || strchr(tok, '=')) {
		snprintf(err, errlen, "%s: no PATH (want %s)", who, SPEC_USAGE);
		return -1;
	}
	if (set_path(src->path, sizeof(src->path), who, "kernel", tok, err,
		     errlen) ||
	    source_kind(who, tok, src->kind, sizeof(src->kind), err, errlen))
		return -1;
	while ((tok = strtok_r(NULL, ",", &save)))
		if (set_key(src, who, tok, err, errlen))
			return -1;
	return 0;
}

/* The kernel's own parse of the mode (altmap_rule.c): the last counts. */
bool mhp_cmdline_altmap_claim(const char *cmdline)
{
	return mhp_mom_mode_parse(cmdline) != MHP_MOM_OFF;
}

int mhp_prebuilt_find(const struct mhp_opts *o, const char *name,
		      struct mhp_prebuilt_src *src, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < o->nkernel_specs; i++) {
		if (mhp_prebuilt_parse(o->kernel_specs[i], src, err, errlen))
			return -1;
		if (!strcmp(src->name, name))
			return 1;
	}
	return mhp_variant_prebuilt(o->top, name, src, err, errlen);
}

/* Run kernels/prebuilt.sh; its last line on stderr is the reason. */
static int run_script(char *const argv[], char *err, size_t errlen)
{
	char buf[8192], *last, *end;
	size_t got = 0;
	int pfd[2], status;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDWR);

		dup2(nul, 0);
		dup2(nul, 1);
		dup2(pfd[1], 2);
		execv(argv[0], argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		ssize_t n = read(pfd[0], buf + got, sizeof(buf) - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
		/* Keep the tail: the last lines are what matters. */
		if (got > sizeof(buf) / 2) {
			memmove(buf, buf + got - sizeof(buf) / 4, sizeof(buf) / 4);
			got = sizeof(buf) / 4;
		}
	}
	close(pfd[0]);
	buf[got] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	end = buf + strlen(buf);
	while (end > buf && end[-1] == '\n')
		*--end = '\0';
	last = strrchr(buf, '\n');
	last = last ? last + 1 : buf;
	if (!strncmp(last, "mhpbench: ", 10))
		last += 10;
	snprintf(err, errlen, "%s", *last ? last : "kernels/prebuilt.sh failed");
	return -1;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/* The image must be of the kind the profile boots. */
static int check_image(const struct mhp_arch *a, const char *path,
		       struct mhp_kimage *ki, char *err, size_t errlen)
{
	const char *file = strrchr(a->image, '/') ? strrchr(a->image, '/') + 1 :
			   a->image;
	size_t i, j;

	if (mhp_kimage_probe(path, ki)) {
		snprintf(err, errlen, "%s is not a kernel image", path);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(image_kinds); i++) {
		if (strcmp(image_kinds[i].file, file))
			continue;
		for (j = 0; j < ARRAY_SIZE(image_kinds[i].kinds); j++)
			if (image_kinds[i].kinds[j] &&
			    !strcmp(image_kinds[i].kinds[j], ki->kind))
				return 0;
		snprintf(err, errlen, "%s is a%s %s, not what %s boots (%s)",
			 path, strchr("aeiouAEIOU", ki->kind[0]) ? "n" : "",
			 ki->kind, a->name, file);
		return -1;
	}
	return 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* The config, when there is one: what it lacks refuses the kernel. */
static int check_config(const struct mhp_arch *a, const char *config,
			char *err, size_t errlen)
{
	char why[256], *text;
	int ret;

	if (!*config)
		return 0;
	text = read_file(config);
	if (!text) {
		snprintf(err, errlen, "%s: %s", config, strerror(errno));
		return -1;
	}
	ret = mhp_kconfig_lacks(text, a->hotplug, why, sizeof(why));
	free(text);
	if (ret)
		snprintf(err, errlen, "%s (its config %s)", why, config);
	return ret;
}

static void describe(struct mhp_kernel *k, json_object *pj,
		     const struct mhp_prebuilt_src *src,
		     const struct mhp_kimage *ki)
{
	json_object *b = json_object_new_object();
	json_object *source = json_object_new_object();
	static const char *const module_keys[] = {
		"modules", "modules_decompressed", "modules_skipped",
	};
	const char *deb_name = jstr(pj, "deb_name");
	json_object *mods;
	char hash[96];
	size_t i;

	/* What the reports print and compare for every kernel. */
	json_object_object_add(source, "version", json_object_new_string(k->release));
	snprintf(hash, sizeof(hash), "%s:%s", *deb_name ? "deb" : "image",
		 *deb_name ? jstr(pj, "deb_sha256") : jstr(pj, "image_sha256"));
	json_object_object_add(source, "hash", json_object_new_string(hash));
	json_object_object_add(b, "source", source);
	json_object_object_add(b, "base", json_object_new_string(*deb_name ?
			       deb_name : "prebuilt image"));
	json_object_object_add(b, "prebuilt", json_object_new_boolean(1));
	json_object_object_add(b, "build_id", json_object_new_string(k->build_id));
	json_object_object_add(b, "source_kind", json_object_new_string(src->kind));
	json_object_object_add(b, "given", json_object_new_string(src->path));
	json_object_object_add(b, "image", json_object_new_string(k->image));
	json_object_object_add(b, "image_kind", json_object_new_string(ki->kind));
	json_object_object_add(b, "image_sha256",
			       json_object_new_string(jstr(pj, "image_sha256")));
	json_object_object_add(b, "release", json_object_new_string(k->release));
	json_object_object_add(b, "version", json_object_new_string(k->version));
	json_object_object_add(b, "config", json_object_new_string(jstr(pj, "config")));
	json_object_object_add(b, "config_sha256",
			       json_object_new_string(jstr(pj, "config_sha256")));
	json_object_object_add(b, "deb", json_object_new_string(jstr(pj, "deb")));
	json_object_object_add(b, "deb_sha256",
			       json_object_new_string(jstr(pj, "deb_sha256")));
	json_object_object_add(b, "package", json_object_new_string(jstr(pj, "package")));
	for (i = 0; i < ARRAY_SIZE(module_keys); i++)
		if (json_object_object_get_ex(pj, module_keys[i], &mods))
			json_object_object_add(b, module_keys[i],
					       json_object_get(mods));
	json_object_object_add(b, "cmdline", json_object_new_string(k->cmdline));
	json_object_object_add(b, "altmap_claim",
			       json_object_new_string(k->expect_altmap ? "yes" : "no"));
	k->build = b;
}

/* A module the run does not need and the kernel cannot load: a note. */
static void note_skipped(const struct mhp_kernel *k, json_object *pj)
{
	json_object *skipped, *m;
	size_t i;

	if (!json_object_object_get_ex(pj, "modules_skipped", &skipped) ||
	    !json_object_is_type(skipped, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(skipped); i++) {
		m = json_object_array_get_idx(skipped, i);
		fprintf(stderr, "mhpbench: kernel %s (%s): module %s skipped, needed only by %s: %s\n",
			k->variant, k->arch, jstr(m, "module"),
			jstr(m, "needed_by"), jstr(m, "reason"));
	}
}

int mhp_prebuilt_load(const struct mhp_opts *o, const struct mhp_arch *a,
		      const char *base_image,
		      const struct mhp_prebuilt_src *src, struct mhp_kernel *k,
		      char *err, size_t errlen)
{
	char script[PATH_MAX + 32], out[PATH_MAX + 96], pjpath[PATH_MAX + 128];
	char e[512];
	char *argv[12];
	struct mhp_kimage ki;
	json_object *pj;
	const char *img, *rel;
	int n = 0;

	memset(k, 0, sizeof(*k));
	snprintf(script, sizeof(script), "%s/kernels/prebuilt.sh", o->top);
	snprintf(out, sizeof(out), "%s/build/prebuilt/%s/%s", o->top, a->name,
		 src->name);
	argv[n++] = script;
	argv[n++] = (char *)a->name;
	argv[n++] = (char *)a->hotplug;
	argv[n++] = (char *)o->scenario;
	argv[n++] = (char *)base_image;
	argv[n++] = out;
	argv[n++] = (char *)src->kind;
	argv[n++] = (char *)src->path;
	argv[n++] = (char *)src->config;
	argv[n++] = (char *)src->modules;
	argv[n] = NULL;
	if (run_script(argv, e, sizeof(e)))
		goto refuse;
	snprintf(pjpath, sizeof(pjpath), "%s/prebuilt.json", out);
	pj = json_object_from_file(pjpath);
	if (!pj) {
		snprintf(e, sizeof(e), "%s: not written", pjpath);
		goto refuse;
	}
	img = jstr(pj, "image");
	if (check_image(a, img, &ki, e, sizeof(e)) ||
	    check_config(a, jstr(pj, "config"), e, sizeof(e))) {
		json_object_put(pj);
		goto refuse;
	}
	/* The modules are for one release: the image must be that one. */
	rel = jstr(pj, "release");
	if (*rel && ki.release[0] && strcmp(rel, ki.release)) {
		snprintf(e, sizeof(e), "%s is %s, its modules are for %s", img,
			 ki.release, rel);
		json_object_put(pj);
		goto refuse;
	}
	snprintf(k->arch, sizeof(k->arch), "%s", a->name);
	snprintf(k->variant, sizeof(k->variant), "%s", src->name);
	snprintf(k->image, sizeof(k->image), "%s", img);
	snprintf(k->initrd, sizeof(k->initrd), "%s", jstr(pj, "initrd"));
	snprintf(k->release, sizeof(k->release), "%s", ki.release[0] ? ki.release : rel);
	snprintf(k->version, sizeof(k->version), "%s", ki.version);
	snprintf(k->build_id, sizeof(k->build_id), "prebuilt-%.12s",
		 jstr(pj, "image_sha256"));
	snprintf(k->cmdline, sizeof(k->cmdline), "%s%s%s", a->cmdline,
		 src->cmdline[0] ? " " : "", src->cmdline);
	k->prebuilt = true;
	k->expect_altmap = src->altmap >= 0 ? src->altmap :
			   mhp_cmdline_altmap_claim(src->cmdline);
	describe(k, pj, src, &ki);
	note_skipped(k, pj);
	json_object_put(pj);
	return 0;
refuse:
	snprintf(err, errlen, "kernel %s (%s) refused: %s", src->name, a->name, e);
	return -1;
}
