// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench lava export [run options] --out DIR [--url-base URL]: the
 * run's matrix as LAVA jobs, one per sample (arch, variant, size, sample):
 *
 *   DIR/jobs/ARCH-VARIANT-SIZE-N.yaml   deploy to tmpfs by URL with sha256,
 *                                       boot method qemu, a test monitor
 *   DIR/devices/mhpbench-qemu-ARCH.yaml the device description, rendered
 *                                       from LAVA's own qemu.jinja2
 *   DIR/devices/mhpbench-qemu-ARCH.jinja2 its device dictionary
 *   DIR/artifacts/ARCH/...              the kernels and guest images
 *   DIR/export.json                     what was exported: the import's
 *                                       provenance
 *
 * The device's QEMU options are the runner's (mhp_qemu_machine_opts) plus
 * QEMU's QMP on an abstract unix socket that a virtio-serial port
 * (org.mhpbench.qmp) connects to, so that the guest drives its own
 * hot-add; the job's context carries the same variables, for a LAVA
 * server that renders its qemu device type itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arch.h"
#include "compiler.h"
#include "guest.h"
#include "lava.h"
#include "native.h"
#include "opts.h"
#include "results.h"
#include "size.h"
#include "variant.h"

#define QMP_PORT_NAME "org.mhpbench.qmp"
#define DEVICE_TYPE "qemu"

struct lava_export {
	struct mhp_opts o;
	char url_base[PATH_MAX];	/* where DIR/artifacts is served */
	char board[PATH_MAX];		/* --board CONFIG */
	char templates[PATH_MAX];	/* lava-server's device-types */
	json_object *manifest;
	json_object *jobs;
	char nonce[17];
};

struct dev_opts {
	char opts[32][PATH_MAX + 16];
	int n;
};

static void dev_emit(void *ctx, const char *opt, const char *val)
{
	struct dev_opts *d = ctx;

	if (d->n < (int)ARRAY_SIZE(d->opts))
		snprintf(d->opts[d->n++], sizeof(d->opts[0]), "%s %s", opt, val);
}

/* The QEMU options of an arch's LAVA device: machine, CPU, memory, NUMA,
 * firmware as the runner has them, then the QMP port.
 */
static void dev_options(const struct lava_export *e, const struct mhp_arch *a,
			const char *id, struct dev_opts *d)
{
	d->n = 0;
	dev_emit(d, "-machine", a->machine);
	dev_emit(d, "-cpu", a->cpu);
	dev_emit(d, "-accel", strcmp(e->o.accel, "kvm") ? "tcg" : "kvm");
	mhp_qemu_machine_opts(a, dev_emit, d);
	snprintf(d->opts[d->n++], sizeof(d->opts[0]),
		 "-qmp unix:mhpbench-%s,server=on,wait=off,abstract=on", id);
	snprintf(d->opts[d->n++], sizeof(d->opts[0]),
		 "-chardev socket,id=mhpqmp,path=mhpbench-%s,abstract=on", id);
	snprintf(d->opts[d->n++], sizeof(d->opts[0]), "-device %s,id=mhpvs",
		 a->ctl_device);
	snprintf(d->opts[d->n++], sizeof(d->opts[0]),
		 "-device virtserialport,bus=mhpvs.0,chardev=mhpqmp,name=%s",
		 QMP_PORT_NAME);
	snprintf(d->opts[d->n++], sizeof(d->opts[0]), "-no-reboot");
}

void mhp_lava_yq(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

/* A Jinja2 string literal. */
static void jq(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

/* LAVA's name of the arch: the QEMU binary's suffix (qemu-system-ppc64). */
static const char *lava_arch(const struct mhp_arch *a)
{
	const char *p = strrchr(a->qemu, '-');

	return p ? p + 1 : a->qemu;
}

static int write_device(struct lava_export *e, const struct mhp_arch *a,
			char *path, size_t len)
{
	char dict[PATH_MAX + 64], log[PATH_MAX + 64], render[PATH_MAX + 64];
	const char *argv[6] = { "python3", render, e->templates, dict, path };
	struct dev_opts d;
	FILE *f;
	int i;

	snprintf(dict, sizeof(dict), "%s/devices/mhpbench-qemu-%s.jinja2", e->o.out,
		 a->name);
	snprintf(path, len, "%s/devices/mhpbench-qemu-%s.yaml", e->o.out, a->name);
	snprintf(log, sizeof(log), "%s/devices/render.log", e->o.out);
	snprintf(render, sizeof(render), "%s/bench/lava/device.py", e->o.top);
	dev_options(e, a, e->nonce, &d);
	f = fopen(dict, "we");
	if (!f)
		return -1;
	fprintf(f, "{# mhpbench lava export: the %s profile as a LAVA qemu device #}\n",
		a->name);
	fprintf(f, "{%% extends 'qemu.jinja2' %%}\n{%% set arch = ");
	jq(f, lava_arch(a));
	fprintf(f, " %%}\n{%% set machine = ");
	jq(f, a->machine);
	fprintf(f, " %%}\n{%% set cpu = ");
	jq(f, a->cpu);
	fprintf(f, " %%}\n{%% set memory = %llu %%}\n{%% set no_kvm = True %%}\n",
		(unsigned long long)(a->boot_mem >> 20));
	fprintf(f, "{%% set netdevice = 'user' %%}\n{%% set extra_options = [\n");
	for (i = 0; i < d.n; i++) {
		fputs("  ", f);
		jq(f, d.opts[i]);
		fputs(i + 1 < d.n ? ",\n" : "\n", f);
	}
	fprintf(f, "] %%}\n");
	if (fclose(f))
		return -1;
	if (mhp_exec_log(argv, log, 60000)) {
		fprintf(stderr, "mhpbench: lava export: rendering %s failed (see %s)\n",
			dict, log);
		return -1;
	}
	return 0;
}

int mhp_lava_put_file(const char *src, const char *dst)
{
	char buf[65536];
	int in, out;
	ssize_t n;

	unlink(dst);
	if (!link(src, dst))
		return 0;
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			n = -1;
			break;
		}
	close(in);
	return close(out) || n < 0 ? -1 : 0;
}

static const char *jget(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

struct job {
	const struct mhp_arch *a;
	const struct mhp_kernel *k;
	uint64_t size;
	int index;
	const char *kernel_url, *kernel_sha;
	const char *image_url, *image_sha;
	char name[160];
	char definition[160];
};

static void job_cmdline(const struct lava_export *e, const struct job *j,
			char *buf, size_t len)
{
	const struct mhp_hotplug *hp = mhp_hotplug_find(j->a->hotplug);

	snprintf(buf, len,
		 "%s%s%s mhpbench.job=%s mhpbench.size=%llu mhpbench.node=1 mhpbench.hotplug=%s mhpbench.online=%s mhpbench.timeout=%d mhpbench.trace=%d",
		 j->k->cmdline, e->o.append[0] ? " " : "", e->o.append,
		 j->definition, (unsigned long long)j->size, j->a->hotplug,
		 hp && hp->kernel_onlines ? "kernel" : e->o.online,
		 e->o.boot_timeout_s, e->o.trace);
}

static int write_job(struct lava_export *e, const struct job *j,
		     const struct dev_opts *d)
{
	char path[PATH_MAX + 200], cmd[1024], arg[1200];
	int t = e->o.boot_timeout_s, i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/jobs/%s.yaml", e->o.out, j->name);
	f = fopen(path, "we");
	if (!f)
		return -1;
	job_cmdline(e, j, cmd, sizeof(cmd));
	fprintf(f, "# mhpbench lava export: %s (one sample)\njob_name: ", j->name);
	mhp_lava_yq(f, j->name);
	fprintf(f, "\ndevice_type: %s\nvisibility: public\npriority: medium\n", DEVICE_TYPE);
	fprintf(f, "timeouts:\n  job: {seconds: %d}\n  action: {seconds: %d}\n",
		5 * t + 120, 2 * t);
	fprintf(f, "  connection: {seconds: %d}\n", 2 * t);
	/* For a server that renders its qemu device type with the job. */
	fprintf(f, "context:\n  arch: %s\n  machine: ", lava_arch(j->a));
	mhp_lava_yq(f, j->a->machine);
	fprintf(f, "\n  cpu: ");
	mhp_lava_yq(f, j->a->cpu);
	fprintf(f, "\n  memory: %llu\n  no_kvm: true\n  extra_options:\n",
		(unsigned long long)(j->a->boot_mem >> 20));
	for (i = 0; i < d->n; i++) {
		fputs("  - ", f);
		mhp_lava_yq(f, d->opts[i]);
		fputc('\n', f);
	}
	fprintf(f, "metadata:\n  mhpbench.arch: %s\n  mhpbench.variant: %s\n",
		j->a->name, j->k->variant);
	fprintf(f, "  mhpbench.size_bytes: '%llu'\n  mhpbench.sample: '%d'\n",
		(unsigned long long)j->size, j->index);
	fprintf(f, "  mhpbench.build_id: '%s'\n", j->k->build_id);
	fprintf(f, "actions:\n- deploy:\n    timeout: {seconds: %d}\n    to: tmpfs\n    images:\n      kernel:\n        image_arg: ",
		t);
	snprintf(arg, sizeof(arg), "-kernel {kernel} -append \"%s\"", cmd);
	mhp_lava_yq(f, arg);
	fprintf(f, "\n        url: ");
	mhp_lava_yq(f, j->kernel_url);
	fprintf(f, "\n        sha256sum: %s\n      initrd:\n        image_arg: '-initrd {initrd}'\n        url: ",
		j->kernel_sha);
	mhp_lava_yq(f, j->image_url);
	fprintf(f, "\n        sha256sum: %s\n", j->image_sha);
	fprintf(f, "- boot:\n    timeout: {seconds: %d}\n    method: qemu\n    media: tmpfs\n    prompts: ['%s']\n",
		t, MHP_LAVA_READY);
	fprintf(f, "- test:\n    timeout: {seconds: %d}\n    monitors:\n    - name: %s\n      start: %s\n      end: %s\n      pattern: ",
		2 * t, j->definition, MHP_LAVA_START, MHP_LAVA_END);
	mhp_lava_yq(f, MHP_LAVA_PATTERN);
	fputc('\n', f);
	return fclose(f);
}

static json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static void manifest_job(struct lava_export *e, const struct job *j)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "job", jstr(j->name));
	json_object_object_add(o, "definition", jstr(j->definition));
	json_object_object_add(o, "arch", jstr(j->a->name));
	json_object_object_add(o, "variant", jstr(j->k->variant));
	json_object_object_add(o, "size_bytes", json_object_new_uint64(j->size));
	json_object_object_add(o, "sample", json_object_new_int(j->index));
	json_object_object_add(o, "kernel_sha256", jstr(j->kernel_sha));
	json_object_object_add(o, "image_sha256", jstr(j->image_sha));
	json_object_object_add(o, "device_type", jstr(DEVICE_TYPE));
	json_object_array_add(e->jobs, o);
}

struct arch_export {
	struct mhp_arch a;
	struct mhp_kernel k[MHP_MAX_VARIANTS];
	json_object *img;		/* the LAVA guest image's .json */
	char image[PATH_MAX + 64];	/* build/guest/ARCH/lava.cpio.gz */
	char kernel_url[MHP_MAX_VARIANTS][PATH_MAX + 64];
	char image_url[PATH_MAX + 64];
	char image_sha[80];
	char device[PATH_MAX + 64];
	struct dev_opts d;
};

static int url_of(const struct lava_export *e, const char *rel, char *buf,
		  size_t len)
{
	if (e->url_base[0])
		snprintf(buf, len, "%s/%s", e->url_base, rel);
	else
		snprintf(buf, len, "file://%s/%s", e->o.out, rel);
	return 0;
}

/*
 * The request, arch by arch: its profile and a method the in-guest QMP
 * client can drive. Nothing installed is looked at yet.
 */
static int check_arch(const struct lava_export *e, const char *name,
		      struct arch_export *x, char *err, size_t errlen)
{
	if (mhp_arch_load(e->o.top, name, &x->a, err, errlen) ||
	    mhp_arch_machine(&e->o, &x->a, err, errlen))
		return -1;
	/* The in-guest QMP client (lava_guest.c) plugs DIMMs only. */
	if (mhp_hotplug_find(x->a.hotplug)->boot_opts) {
		snprintf(err, errlen, "LAVA jobs hot-add DIMMs only, not %s",
			 x->a.hotplug);
		return -1;
	}
	return 0;
}

/* What make built for the arch's jobs: its LAVA guest image and kernels. */
static int find_artifacts(const struct lava_export *e, struct arch_export *x,
			  char *err, size_t errlen)
{
	const char *name = x->a.name;
	char path[PATH_MAX + 80];
	int v;

	snprintf(x->image, sizeof(x->image), "%s/build/guest/%s/lava.cpio.gz",
		 e->o.top, name);
	snprintf(path, sizeof(path), "%s.json", x->image);
	x->img = json_object_from_file(path);
	if (!x->img || !jget(x->img, "image_sha256")) {
		snprintf(err, errlen, "no LAVA guest image %s (make lava ARCHS=%s)",
			 x->image, name);
		return -1;
	}
	snprintf(x->image_sha, sizeof(x->image_sha), "%s",
		 jget(x->img, "image_sha256"));
	for (v = 0; v < e->o.nvariants; v++) {
		struct mhp_kernel *k = &x->k[v];

		if (mhp_kernel_load(&e->o, &x->a, e->o.variants[v], k, err, errlen))
			return -1;
		if (!jget(k->build, "image_sha256")) {
			snprintf(err, errlen, "%s/build.json has no image_sha256", k->dir);
			return -1;
		}
	}
	return 0;
}

/* The arch's artifacts copied into DIR/artifacts, its device rendered. */
static int export_arch(struct lava_export *e, struct arch_export *x,
		       char *err, size_t errlen)
{
	const char *name = x->a.name;
	char rel[256], dst[PATH_MAX + 300];
	json_object *arches, *ao, *ks, *alt;
	int v;

	snprintf(dst, sizeof(dst), "%s/artifacts/%s", e->o.out, name);
	mkdir(dst, 0755);
	snprintf(rel, sizeof(rel), "artifacts/%s/lava.cpio.gz", name);
	snprintf(dst, sizeof(dst), "%s/%s", e->o.out, rel);
	url_of(e, rel, x->image_url, sizeof(x->image_url));
	if (mhp_lava_put_file(x->image, dst)) {
		snprintf(err, errlen, "cannot copy %s: %s", x->image, strerror(errno));
		return -1;
	}
	arches = json_object_object_get(e->manifest, "arches");
	ao = json_object_new_object();
	json_object_object_add(arches, name, ao);
	json_object_object_add(ao, "image", json_object_get(x->img));
	json_object_object_add(ao, "lava_arch", jstr(lava_arch(&x->a)));
	ks = json_object_new_object();
	json_object_object_add(ao, "kernels", ks);
	alt = json_object_new_object();
	json_object_object_add(ao, "expect_altmap", alt);
	for (v = 0; v < e->o.nvariants; v++) {
		struct mhp_kernel *k = &x->k[v];

		json_object_object_add(ks, k->variant, json_object_get(k->build));
		json_object_object_add(alt, k->variant,
				       json_object_new_boolean(k->expect_altmap));
		snprintf(dst, sizeof(dst), "%s/artifacts/%s/%s", e->o.out, name,
			 k->variant);
		mkdir(dst, 0755);
		snprintf(rel, sizeof(rel), "artifacts/%s/%s/%s", name, k->variant,
			 strrchr(k->image, '/') + 1);
		snprintf(dst, sizeof(dst), "%s/%s", e->o.out, rel);
		url_of(e, rel, x->kernel_url[v], sizeof(x->kernel_url[v]));
		if (mhp_lava_put_file(k->image, dst)) {
			snprintf(err, errlen, "cannot copy %s: %s", k->image,
				 strerror(errno));
			return -1;
		}
	}
	if (write_device(e, &x->a, x->device, sizeof(x->device))) {
		snprintf(err, errlen, "cannot write the device of %s", name);
		return -1;
	}
	json_object_object_add(ao, "device", jstr(strrchr(x->device, '/') + 1));
	dev_options(e, &x->a, e->nonce, &x->d);
	return 0;
}

static int export_jobs(struct lava_export *e, struct arch_export *x)
{
	char sz[32];
	int n, z, v;

	for (n = 0; n < e->o.samples; n++)
		for (z = 0; z < e->o.nsizes; z++)
			for (v = 0; v < e->o.nvariants; v++) {
				struct job j = {
					.a = &x->a, .k = &x->k[v],
					.size = e->o.sizes[z], .index = n,
					.kernel_url = x->kernel_url[v],
					.kernel_sha = jget(x->k[v].build, "image_sha256"),
					.image_url = x->image_url,
					.image_sha = x->image_sha,
				};

				if (!mhp_size_fits(&x->a, j.size))
					continue;
				mhp_size_format(j.size, sz, sizeof(sz));
				snprintf(j.name, sizeof(j.name), "%s-%s-%s-%d",
					 x->a.name, j.k->variant, sz, n);
				snprintf(j.definition, sizeof(j.definition),
					 "mhpbench.%s.%s.%llu.%d", x->a.name,
					 j.k->variant, (unsigned long long)j.size, n);
				if (write_job(e, &j, &x->d))
					return -1;
				manifest_job(e, &j);
			}
	return 0;
}

/* Take --url-base and --board out of argv; the rest are run options. */
static int split_args(struct lava_export *e, int argc, char **argv,
		      char **rest, char *err, size_t errlen)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--url-base")) {
			if (i + 1 == argc || !strstr(argv[i + 1], "://") ||
			    strlen(argv[i + 1]) >= sizeof(e->url_base)) {
				snprintf(err, errlen, "--url-base: needs a URL (http://HOST/DIR)");
				return -1;
			}
			snprintf(e->url_base, sizeof(e->url_base), "%s", argv[++i]);
			while (strlen(e->url_base) > 1 &&
			       e->url_base[strlen(e->url_base) - 1] == '/')
				e->url_base[strlen(e->url_base) - 1] = '\0';
			continue;
		}
		if (!strcmp(argv[i], "--board")) {
			if (i + 1 == argc || !*argv[i + 1]) {
				snprintf(err, errlen, "--board: needs a config file");
				return -1;
			}
			snprintf(e->board, sizeof(e->board), "%s", argv[++i]);
			continue;
		}
		rest[n++] = argv[i];
	}
	rest[n] = NULL;
	return n;
}

/* Where kernels/lava-deps.sh unpacked lava-server (kernels/lib.sh's cache). */
static void lava_templates(char *buf, size_t len)
{
	const char *t = "lava/server/root/usr/share/lava-server/device-types";

	if (getenv("MHP_CACHE"))
		snprintf(buf, len, "%s/%s", getenv("MHP_CACHE"), t);
	else if (getenv("XDG_CACHE_HOME"))
		snprintf(buf, len, "%s/mhpbench/%s", getenv("XDG_CACHE_HOME"), t);
	else
		snprintf(buf, len, "%s/.cache/mhpbench/%s", getenv("HOME") ?: "", t);
}

static int prepare(struct lava_export *e, int argc, char **argv,
		   const char *top, char *err, size_t errlen)
{
	char **rest = calloc(argc + 1, sizeof(*rest));
	int n, ret = -1;

	if (!rest)
		return -1;
	n = split_args(e, argc, argv, rest, err, errlen);
	if (n < 0)
		goto out;
	/* A board: only --out besides (its config says the rest). */
	if (e->board[0]) {
		if (n != 3 || strcmp(rest[1], "--out") || !*rest[2]) {
			snprintf(err, errlen, "--board CONFIG takes --out DIR and --url-base URL only");
			goto out;
		}
		snprintf(e->o.out, sizeof(e->o.out), "%s", rest[2]);
		ret = 0;
		goto out;
	}
	if (mhp_opts_parse(n, rest, top, &e->o, err, errlen))
		goto out;
	if (strcmp(e->o.scenario, "hotadd")) {
		snprintf(err, errlen, "LAVA QEMU jobs run the hotadd scenario (not %s)",
			 e->o.scenario);
		goto out;
	}
	if (!e->o.out[0]) {
		snprintf(err, errlen, "--out DIR is required");
		goto out;
	}
	ret = 0;
out:
	free(rest);
	return ret;
}

/* LAVA's device templates: installed by make lava-deps. */
static int find_templates(struct lava_export *e, char *err, size_t errlen)
{
	char path[PATH_MAX + 32];

	lava_templates(e->templates, sizeof(e->templates));
	snprintf(path, sizeof(path), "%s/qemu.jinja2", e->templates);
	if (access(path, R_OK)) {
		snprintf(err, errlen, "no LAVA device templates at %s (make lava-deps)",
			 e->templates);
		return -1;
	}
	return 0;
}

/* DIR, new or without an export, made absolute, with its subdirectories. */
static int open_out(struct lava_export *e, char *err, size_t errlen)
{
	static const char *const sub[] = { "jobs", "devices", "artifacts" };
	char path[PATH_MAX + 32], abs[PATH_MAX];
	size_t i;

	if (mkdir(e->o.out, 0755) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", e->o.out, strerror(errno));
		return -1;
	}
	if (!realpath(e->o.out, abs)) {
		snprintf(err, errlen, "%s: %s", e->o.out, strerror(errno));
		return -1;
	}
	snprintf(e->o.out, sizeof(e->o.out), "%s", abs);
	snprintf(path, sizeof(path), "%s/export.json", e->o.out);
	if (!access(path, F_OK)) {
		snprintf(err, errlen, "%s exists: export into a new directory", path);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(sub); i++) {
		snprintf(path, sizeof(path), "%s/%s", e->o.out, sub[i]);
		mkdir(path, 0755);
	}
	return 0;
}

static void make_nonce(char *buf, size_t len)
{
	unsigned char r[8] = { 0 };
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t i;

	if (fd >= 0) {
		if (read(fd, r, sizeof(r)) != (ssize_t)sizeof(r))
			memset(r, 0, sizeof(r));
		close(fd);
	}
	for (i = 0; i < sizeof(r) && 2 * i + 2 < len; i++)
		snprintf(buf + 2 * i, 3, "%02x", r[i]);
}

int mhp_lava_export(int argc, char **argv, const char *top)
{
	static struct lava_export e;
	static struct arch_export x[MHP_MAX_ARCHES];
	json_object *args = json_object_new_array();
	char err[512] = "", path[PATH_MAX + 32], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int i, ret = MHP_EXIT_USAGE;

	if (prepare(&e, argc, argv, top, err, sizeof(err)))
		goto fail;
	if (e.board[0]) {
		ret = mhp_lava_board_export(top, e.board, e.o.out, e.url_base, err,
					    sizeof(err)) ? MHP_EXIT_USAGE : 0;
		goto fail;
	}
	/* The whole request first, then what is installed, then DIR. */
	for (i = 0; i < e.o.narches; i++)
		if (check_arch(&e, e.o.arches[i], &x[i], err, sizeof(err)))
			goto fail;
	if (find_templates(&e, err, sizeof(err)))
		goto fail;
	for (i = 0; i < e.o.narches; i++)
		if (find_artifacts(&e, &x[i], err, sizeof(err)))
			goto fail;
	if (open_out(&e, err, sizeof(err)))
		goto fail;
	make_nonce(e.nonce, sizeof(e.nonce));
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	e.manifest = json_object_new_object();
	e.jobs = json_object_new_array();
	for (i = 0; i < argc; i++)
		json_object_array_add(args, jstr(argv[i]));
	json_object_object_add(e.manifest, "created", jstr(stamp));
	json_object_object_add(e.manifest, "run_argv", args);
	json_object_object_add(e.manifest, "url_base", jstr(e.url_base));
	json_object_object_add(e.manifest, "arches", json_object_new_object());
	json_object_object_add(e.manifest, "jobs", e.jobs);
	for (i = 0; i < e.o.narches; i++)
		if (export_arch(&e, &x[i], err, sizeof(err)))
			goto fail;
	ret = 1;
	for (i = 0; i < e.o.narches; i++)
		if (export_jobs(&e, &x[i])) {
			snprintf(err, sizeof(err), "cannot write the jobs: %s",
				 strerror(errno));
			goto fail;
		}
	snprintf(path, sizeof(path), "%s/export.json", e.o.out);
	if (json_object_to_file_ext(path, e.manifest, JSON_C_TO_STRING_PRETTY)) {
		snprintf(err, sizeof(err), "cannot write %s", path);
		goto fail;
	}
	printf("%zu LAVA jobs in %s/jobs, devices in %s/devices\n",
	       json_object_array_length(e.jobs), e.o.out, e.o.out);
	ret = 0;
fail:
	if (ret)
		fprintf(stderr, "mhpbench: lava export: %s\n", err);
	for (i = 0; i < e.o.narches; i++) {
		int v;

		for (v = 0; v < MHP_MAX_VARIANTS; v++)
			mhp_kernel_free(&x[i].k[v]);
		json_object_put(x[i].img);
		x[i].img = NULL;
	}
	json_object_put(e.manifest);
	if (!e.manifest)
		json_object_put(args);
	return ret;
}
