// SPDX-License-Identifier: GPL-2.0
/*
 * Architecture profiles. An architecture is data (configs/arch/NAME.conf):
 * the kernel build keys are read by kernels/build.sh, the machine keys
 * here. Adding an architecture adds a file, not code.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "conf.h"
#include "size.h"

static const char *const arch_keys[] = {
	"kernel_arch", "cross_compile", "image", "fragment", "qemu", "machine",
	"cpu", "console", "cmdline", "cpus", "boot_mem", "slots", "maxmem",
	"hotplug", "page_size", "block_size", "packages", NULL
};

static int copy_key(const struct mhp_conf *c, const char *key, char *dst,
		    size_t len, char *err, size_t errlen)
{
	const char *v = mhp_conf_get(c, key);

	if (strlen(v) >= len) {
		snprintf(err, errlen, "%s: key '%s' is too long", c->path, key);
		return -1;
	}
	strcpy(dst, v);
	return 0;
}

static int size_key(const struct mhp_conf *c, const char *key, uint64_t *v,
		    char *err, size_t errlen)
{
	if (mhp_size_parse(mhp_conf_get(c, key), v) == 0)
		return 0;
	snprintf(err, errlen, "%s: key '%s': bad size '%s'", c->path, key,
		 mhp_conf_get(c, key));
	return -1;
}

static int int_key(const struct mhp_conf *c, const char *key, int max,
		   int *v, char *err, size_t errlen)
{
	uint64_t n;

	if (mhp_size_parse(mhp_conf_get(c, key), &n) == 0 && n <= (uint64_t)max) {
		*v = n;
		return 0;
	}
	snprintf(err, errlen, "%s: key '%s': want a number from 1 to %d",
		 c->path, key, max);
	return -1;
}

int mhp_arch_load(const char *top, const char *name, struct mhp_arch *a,
		  char *err, size_t errlen)
{
	static struct mhp_conf c;
	char path[PATH_MAX];
	uint64_t page;
	int ret;

	memset(a, 0, sizeof(*a));
	if (!*name || strlen(name) >= sizeof(a->name) || strchr(name, '/')) {
		snprintf(err, errlen, "bad arch name '%s'", name);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/configs/arch/%s.conf", top, name);
	if (access(path, F_OK)) {
		snprintf(err, errlen, "unknown arch '%s' (no %s)", name, path);
		return -1;
	}
	if (mhp_conf_load(path, &c, err, errlen))
		return -1;
	if (mhp_conf_check(&c, arch_keys, arch_keys, err, errlen))
		return -1;
	strcpy(a->name, name);
	ret = copy_key(&c, "qemu", a->qemu, sizeof(a->qemu), err, errlen) ||
	      copy_key(&c, "machine", a->machine, sizeof(a->machine), err, errlen) ||
	      copy_key(&c, "cpu", a->cpu, sizeof(a->cpu), err, errlen) ||
	      copy_key(&c, "cmdline", a->cmdline, sizeof(a->cmdline), err, errlen) ||
	      copy_key(&c, "hotplug", a->hotplug, sizeof(a->hotplug), err, errlen) ||
	      int_key(&c, "cpus", 64, &a->cpus, err, errlen) ||
	      int_key(&c, "slots", 256, &a->slots, err, errlen) ||
	      size_key(&c, "boot_mem", &a->boot_mem, err, errlen) ||
	      size_key(&c, "maxmem", &a->maxmem, err, errlen) ||
	      size_key(&c, "page_size", &page, err, errlen) ||
	      size_key(&c, "block_size", &a->block_size, err, errlen);
	if (ret)
		return -1;
	snprintf(a->image, sizeof(a->image), "%s",
		 strrchr(mhp_conf_get(&c, "image"), '/') ?
		 strrchr(mhp_conf_get(&c, "image"), '/') + 1 :
		 mhp_conf_get(&c, "image"));
	a->page_size = page;
	if (!mhp_hotplug_find(a->hotplug)) {
		snprintf(err, errlen, "%s: key 'hotplug': unknown method '%s'",
			 path, a->hotplug);
		return -1;
	}
	return 0;
}
