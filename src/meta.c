// SPDX-License-Identifier: GPL-2.0
/*
 * meta.json: where every number of a run came from: host, QEMU and its
 * accelerator, the arch profile, and each kernel's build.json (which
 * holds the hashes needed to rebuild it).
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "arch.h"
#include "meta.h"
#include "pkgver.h"
#include "size.h"

static json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static void cpu_model(char *buf, size_t len)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "re");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');

		if (c && !strncmp(line, "model name", 10)) {
			c[1 + strcspn(c + 1, "\n")] = '\0';
			snprintf(buf, len, "%s", c + 2);
			break;
		}
	}
	fclose(f);
}

static json_object *host_json(void)
{
	json_object *h = json_object_new_object();
	struct utsname u;
	char cpu[128];

	uname(&u);
	cpu_model(cpu, sizeof(cpu));
	json_object_object_add(h, "hostname", jstr(u.nodename));
	json_object_object_add(h, "kernel", jstr(u.release));
	json_object_object_add(h, "machine", jstr(u.machine));
	json_object_object_add(h, "cpu", jstr(cpu));
	json_object_object_add(h, "cpus", json_object_new_int(sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_object_add(h, "mem_bytes",
			       json_object_new_int64((int64_t)sysconf(_SC_PHYS_PAGES) *
						     sysconf(_SC_PAGESIZE)));
	return h;
}

static json_object *arch_json(const struct mhp_arch *a)
{
	json_object *o = json_object_new_object();
	char pkg[128], ver[128];

	json_object_object_add(o, "name", jstr(a->name));
	json_object_object_add(o, "machine", jstr(a->machine));
	json_object_object_add(o, "cpu", jstr(a->cpu));
	json_object_object_add(o, "qemu", jstr(a->qemu));
	json_object_object_add(o, "firmware", jstr(a->firmware));
	if (!mhp_pkg_of_file(a->firmware, pkg, sizeof(pkg), ver, sizeof(ver))) {
		json_object *fw = json_object_new_object();

		json_object_object_add(fw, "name", jstr(pkg));
		json_object_object_add(fw, "version", jstr(ver));
		json_object_object_add(o, "firmware_package", fw);
	}
	json_object_object_add(o, "cpus", json_object_new_int(a->cpus));
	json_object_object_add(o, "boot_mem_bytes", json_object_new_uint64(a->boot_mem));
	json_object_object_add(o, "maxmem_bytes", json_object_new_uint64(a->maxmem));
	json_object_object_add(o, "bigblock", json_object_new_boolean(a->bigblock));
	json_object_object_add(o, "hotplug", jstr(a->hotplug));
	/* The device's block size when the run set one; else QEMU's (row). */
	if (a->vmem_size)
		json_object_object_add(o, "virtio_mem_backend_bytes",
				       json_object_new_uint64(a->vmem_size));
	if (a->vmem_block)
		json_object_object_add(o, "virtio_mem_block_bytes",
				       json_object_new_uint64(a->vmem_block));
	json_object_object_add(o, "page_size", json_object_new_int(a->page_size));
	json_object_object_add(o, "block_size_bytes", json_object_new_uint64(a->block_size));
	return o;
}

static json_object *opts_json(const struct mhp_opts *o)
{
	json_object *j = json_object_new_object(), *sizes = json_object_new_array();
	int i;

	for (i = 0; i < o->nsizes; i++)
		json_object_array_add(sizes, json_object_new_uint64(o->sizes[i]));
	json_object_object_add(j, "config", jstr(o->config));
	json_object_object_add(j, "scenario", jstr(o->scenario));
	json_object_object_add(j, "sizes_bytes", sizes);
	json_object_object_add(j, "samples", json_object_new_int(o->samples));
	json_object_object_add(j, "online", jstr(o->online));
	json_object_object_add(j, "append", jstr(o->append));
	json_object_object_add(j, "boot_timeout_s", json_object_new_int(o->boot_timeout_s));
	json_object_object_add(j, "bigblock", json_object_new_boolean(o->bigblock));
	if (o->hotplug[0])
		json_object_object_add(j, "hotplug", jstr(o->hotplug));
	json_object_object_add(j, "virtio_mem_poll_us",
			       json_object_new_int(o->vmem_poll_us));
	json_object_object_add(j, "trace", json_object_new_boolean(o->trace));
	json_object_object_add(j, "compact", json_object_new_boolean(!o->no_compact));
	json_object_object_add(j, "order", jstr(o->order_fixed ? "fixed" : "random"));
	json_object_object_add(j, "seed", json_object_new_uint64(o->seed));
	/* mhpbench native has no rule of its own: the reports' defaults. */
	if (o->alpha > 0) {
		json_object_object_add(j, "alpha", json_object_new_double(o->alpha));
		json_object_object_add(j, "min_change",
				       json_object_new_double(o->min_change));
	}
	return j;
}

/* The comparisons the bench config asks the reports for. */
static json_object *pairs_json(const struct mhp_opts *o)
{
	json_object *a = json_object_new_array();
	int i;

	for (i = 0; i < o->npairs; i++) {
		json_object *p = json_object_new_object();

		json_object_object_add(p, "base", jstr(o->pairs[i].base));
		json_object_object_add(p, "new", jstr(o->pairs[i].new));
		json_object_object_add(p, "isolates", jstr(o->pairs[i].isolates));
		json_object_array_add(a, p);
	}
	return a;
}

static json_object *kernels_json(const struct mhp_meta_arch *a)
{
	json_object *ks = json_object_new_object();
	int i;

	for (i = 0; i < a->nkernels; i++)
		json_object_object_add(ks, a->kernels[i].variant,
				       json_object_get(a->kernels[i].build));
	return ks;
}

static const char *timing(const char *accel)
{
	if (!strcmp(accel, "native"))
		return "native";
	return strcmp(accel, "kvm") ? "emulated" : "hardware-assisted";
}

/* The guest image's own description (bench/image.sh writes IMAGE.json). */
static json_object *guest_json(const char *image)
{
	char path[PATH_MAX + 8];
	json_object *g;

	snprintf(path, sizeof(path), "%s.json", image ? image : "");
	g = json_object_from_file(path);
	if (!g)
		g = json_object_new_object();
	json_object_object_add(g, "path", jstr(image));
	return g;
}

static json_object *arches_json(const struct mhp_meta *m)
{
	json_object *all = json_object_new_object();
	int i;

	for (i = 0; i < m->narches; i++) {
		const struct mhp_meta_arch *a = &m->arches[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "profile", arch_json(a->arch));
		json_object_object_add(o, "accelerator", jstr(a->accel));
		json_object_object_add(o, "accelerator_reason", jstr(a->accel_why));
		json_object_object_add(o, "timing", jstr(timing(a->accel)));
		json_object_object_add(o, "cmdline_accel",
				       jstr(mhp_arch_accel_cmdline(a->arch,
								   a->accel)));
		json_object_object_add(o, "kernels", kernels_json(a));
		json_object_object_add(o, "guest", guest_json(a->image));
		json_object_object_add(all, a->arch->name, o);
	}
	return all;
}

int mhp_meta_write(const struct mhp_run *r, const struct mhp_meta *m)
{
	json_object *j = json_object_new_object();
	json_object *args = json_object_new_array();
	char path[PATH_MAX + 16];
	const char *text;
	int i, ret;

	for (i = 0; i < m->argc; i++)
		json_object_array_add(args, jstr(m->argv[i]));
	json_object_object_add(j, "run_id", jstr(r->id));
	json_object_object_add(j, "argv", args);
	json_object_object_add(j, "started", jstr(m->started));
	if (m->finished)
		json_object_object_add(j, "finished", jstr(m->finished));
	json_object_object_add(j, "host", host_json());
	json_object_object_add(j, "qemu_version", jstr(m->qemu_version));
	json_object_object_add(j, "accelerator", jstr(m->accel));
	json_object_object_add(j, "accelerator_reason", jstr(m->accel_why));
	json_object_object_add(j, "timing", jstr(timing(m->accel)));
	if (m->narches == 1)
		json_object_object_add(j, "arch", arch_json(m->arches[0].arch));
	json_object_object_add(j, "options", opts_json(m->opts));
	if (m->opts->npairs)
		json_object_object_add(j, "pairs", pairs_json(m->opts));
	if (m->narches == 1) {
		json_object_object_add(j, "kernels", kernels_json(&m->arches[0]));
		json_object_object_add(j, "guest", guest_json(m->arches[0].image));
	}
	json_object_object_add(j, "arches", arches_json(m));
	text = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	ret = mhp_write_atomic(path, text, strlen(text));
	json_object_put(j);
	return ret;
}
