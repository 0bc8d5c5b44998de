// SPDX-License-Identifier: GPL-2.0
/*
 * Architecture profiles. An architecture is data (configs/arch/NAME.conf):
 * the kernel build keys are read by kernels/build.sh, the machine keys
 * here. Adding an architecture adds a file, not code.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch.h"
#include "conf.h"
#include "size.h"

static const char *const arch_keys[] = {
	"kernel_arch", "cross_compile", "image", "fragment", "patches", "qemu",
	"machine", "cpu", "firmware", "console", "cmdline", "ctl_device",
	"cpus", "boot_mem", "slots", "maxmem", "hotplug", "kvm_host",
	"debian_arch", "page_size", "block_size", "packages", NULL
};

/* Keys a profile may have; the ones above it must. */
static const char *const arch_allowed[] = {
	"kernel_arch", "cross_compile", "image", "fragment", "patches", "qemu",
	"machine", "cpu", "firmware", "console", "cmdline", "ctl_device",
	"cpus", "boot_mem", "slots", "maxmem", "hotplug", "kvm_host",
	"debian_arch", "page_size", "block_size", "packages",
	"numa_node1_cpus", "numa_host_nodes", NULL
};

/*
 * The optional NUMA keys: how many CPUs a scenario may put on node 1
 * (default 1, fewer than cpus), and "A,B", the host nodes backing guest
 * nodes 0 and 1 (empty: no binding).
 */
static int numa_keys(const struct mhp_conf *c, struct mhp_arch *a, char *err,
		     size_t errlen)
{
	const char *v = mhp_conf_get(c, "numa_node1_cpus");
	unsigned int x, y;
	char *end;
	long n = 1;
	int len;

	if (v) {
		n = strtol(v, &end, 10);
		if (!*v || *end || n < 0 || n >= a->cpus) {
			snprintf(err, errlen, "%s: key 'numa_node1_cpus': want 0 to %d (fewer than cpus)",
				 c->path, a->cpus - 1);
			return -1;
		}
	}
	a->numa_node1_cpus = n;
	v = mhp_conf_get(c, "numa_host_nodes");
	if (!v || !*v)
		return 0;
	if (sscanf(v, "%u,%u%n", &x, &y, &len) != 2 || v[len] || x > 1023 ||
	    y > 1023) {
		snprintf(err, errlen, "%s: key 'numa_host_nodes': want two host node numbers, \"A,B\"",
			 c->path);
		return -1;
	}
	snprintf(a->numa_host_nodes, sizeof(a->numa_host_nodes), "%u,%u", x, y);
	return 0;
}

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
	if (mhp_conf_check(&c, arch_allowed, arch_keys, err, errlen))
		return -1;
	strcpy(a->name, name);
	ret = copy_key(&c, "qemu", a->qemu, sizeof(a->qemu), err, errlen) ||
	      copy_key(&c, "machine", a->machine, sizeof(a->machine), err, errlen) ||
	      copy_key(&c, "cpu", a->cpu, sizeof(a->cpu), err, errlen) ||
	      copy_key(&c, "firmware", a->firmware, sizeof(a->firmware), err,
		       errlen) ||
	      copy_key(&c, "ctl_device", a->ctl_device, sizeof(a->ctl_device),
		       err, errlen) ||
	      copy_key(&c, "kvm_host", a->kvm_host, sizeof(a->kvm_host), err,
		       errlen) ||
	      copy_key(&c, "debian_arch", a->debian_arch,
		       sizeof(a->debian_arch), err, errlen) ||
	      copy_key(&c, "cmdline", a->cmdline, sizeof(a->cmdline), err, errlen) ||
	      copy_key(&c, "hotplug", a->hotplug, sizeof(a->hotplug), err, errlen) ||
	      int_key(&c, "cpus", 64, &a->cpus, err, errlen) ||
	      int_key(&c, "slots", 256, &a->slots, err, errlen) ||
	      size_key(&c, "boot_mem", &a->boot_mem, err, errlen) ||
	      size_key(&c, "maxmem", &a->maxmem, err, errlen) ||
	      size_key(&c, "page_size", &page, err, errlen) ||
	      size_key(&c, "block_size", &a->block_size, err, errlen);
	if (ret || numa_keys(&c, a, err, errlen))
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
	if (!a->qemu[0] || !a->machine[0] || !a->ctl_device[0]) {
		snprintf(err, errlen, "%s: key '%s' is empty", path,
			 !a->qemu[0] ? "qemu" : !a->machine[0] ? "machine" :
			 "ctl_device");
		return -1;
	}
	if (!a->page_size || (a->page_size & (a->page_size - 1)) ||
	    !a->block_size || a->block_size % a->page_size) {
		snprintf(err, errlen,
			 "%s: keys 'page_size', 'block_size': want a power of two and a multiple of it",
			 path);
		return -1;
	}
	return 0;
}

/* Is an executable named name on PATH (or at name, when it has a '/')? */
static bool on_path(const char *name)
{
	char buf[PATH_MAX];
	const char *p = getenv("PATH");

	if (strchr(name, '/'))
		return !access(name, X_OK);
	while (p && *p) {
		size_t n = strcspn(p, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, p, name);
		if (n && !access(buf, X_OK))
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

int mhp_arch_check_host(const struct mhp_arch *a, char *err, size_t errlen)
{
	if (!on_path(a->qemu)) {
		snprintf(err, errlen, "%s not found for arch %s (make deps ARCH=%s installs it)",
			 a->qemu, a->name, a->name);
		return -1;
	}
	if (a->firmware[0] && access(a->firmware, R_OK)) {
		snprintf(err, errlen, "firmware %s missing for arch %s (make deps ARCH=%s installs it)",
			 a->firmware, a->name, a->name);
		return -1;
	}
	return 0;
}
