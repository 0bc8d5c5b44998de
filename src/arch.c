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

#include "compiler.h"
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
	"numa_node1_cpus", "numa_host_nodes", "reserve",
	"bigblock_machine", "bigblock_boot_mem", "bigblock_maxmem",
	"bigblock_block_size", "bigblock_slots", "bigblock_reserve",
	"bigblock_unsupported", "hotplug_also", "hotplug_unsupported",
	"altmap_arch_hook", "section_size", "cmdline_tcg", NULL
};

/* Without them a profile has no big-block machine; with one, all. */
static const char *const bigblock_keys[] = {
	"bigblock_machine", "bigblock_boot_mem", "bigblock_maxmem",
	"bigblock_block_size", NULL
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

/* An optional "yes" or "no"; def when absent. */
static int bool_key(const struct mhp_conf *c, const char *key, bool def,
		    bool *v, char *err, size_t errlen)
{
	const char *s = mhp_conf_get(c, key);

	*v = def;
	if (!s)
		return 0;
	if (strcmp(s, "yes") && strcmp(s, "no")) {
		snprintf(err, errlen, "%s: key '%s': want yes or no", c->path,
			 key);
		return -1;
	}
	*v = !strcmp(s, "yes");
	return 0;
}

/*
 * Upstream's arch_supports_memmap_on_memory(), per page size (optional
 * key altmap_arch_hook, altmap_rule.h): without it the rule of altmap =
 * rule kernels has no answer on this arch.
 */
static int hook_key(const struct mhp_conf *c, struct mhp_arch *a, char *err,
		    size_t errlen)
{
	char e[160];

	if (!mhp_altmap_hooks_parse(mhp_conf_get(c, "altmap_arch_hook"),
				    &a->altmap_hooks, e, sizeof(e)))
		return 0;
	snprintf(err, errlen, "%s: key 'altmap_arch_hook': %s", c->path, e);
	return -1;
}

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/*
 * The memory section (SECTION_SIZE_BITS; optional key section_size):
 * upstream's nr_memmap_pages rounds the memmap up to pages per section.
 * Linux exports no section size (phys_index is the block id), so it is
 * the profile's. Absent: 0, and that check abstains.
 */
static int section_key(const struct mhp_conf *c, struct mhp_arch *a,
		       char *err, size_t errlen)
{
	if (!mhp_conf_get(c, "section_size"))
		return 0;
	if (mhp_size_parse(mhp_conf_get(c, "section_size"), &a->section_size) ||
	    !pow2(a->section_size)) {
		snprintf(err, errlen, "%s: key 'section_size': want a power of two, not '%s'",
			 c->path, mhp_conf_get(c, "section_size"));
		return -1;
	}
	return 0;
}

/*
 * The big-block machine: bigblock_machine, _boot_mem, _maxmem and
 * _block_size all or none; _slots and _reserve default to the keys
 * without the prefix.
 */
static int bigblock_load(const struct mhp_conf *c, struct mhp_arch *a,
			 char *err, size_t errlen)
{
	const char *why = mhp_conf_get(c, "bigblock_unsupported");
	int i, n = 0;

	for (i = 0; bigblock_keys[i]; i++)
		n += mhp_conf_get(c, bigblock_keys[i]) != NULL;
	if (why && strlen(why) >= sizeof(a->big_unsupported)) {
		snprintf(err, errlen, "%s: key 'bigblock_unsupported' is too long",
			 c->path);
		return -1;
	}
	if (why)
		strcpy(a->big_unsupported, why);
	if (!n)
		return 0;
	for (i = 0; bigblock_keys[i]; i++)
		if (!mhp_conf_get(c, bigblock_keys[i])) {
			snprintf(err, errlen, "%s: key '%s' missing (the big-block machine needs %s, %s, %s and %s)",
				 c->path, bigblock_keys[i], bigblock_keys[0],
				 bigblock_keys[1], bigblock_keys[2],
				 bigblock_keys[3]);
			return -1;
		}
	a->big.slots = a->slots;
	if (copy_key(c, "bigblock_machine", a->big.machine,
		     sizeof(a->big.machine), err, errlen) ||
	    size_key(c, "bigblock_boot_mem", &a->big.boot_mem, err, errlen) ||
	    size_key(c, "bigblock_maxmem", &a->big.maxmem, err, errlen) ||
	    size_key(c, "bigblock_block_size", &a->big.block_size, err,
		     errlen) ||
	    (mhp_conf_get(c, "bigblock_slots") &&
	     int_key(c, "bigblock_slots", 256, &a->big.slots, err, errlen)) ||
	    bool_key(c, "bigblock_reserve", a->reserve, &a->big.reserve, err,
		     errlen))
		return -1;
	if (!a->big.machine[0] || !pow2(a->big.block_size) ||
	    a->big.block_size % a->page_size ||
	    a->big.boot_mem >= a->big.maxmem) {
		snprintf(err, errlen, "%s: the big-block machine wants a machine, a power-of-two block size and boot_mem under maxmem",
			 c->path);
		return -1;
	}
	a->big.have = true;
	return 0;
}

int mhp_arch_bigblock(struct mhp_arch *a, char *err, size_t errlen)
{
	if (!a->big.have) {
		snprintf(err, errlen, "arch %s has no big-block machine: %s",
			 a->name, a->big_unsupported[0] ? a->big_unsupported :
			 "no bigblock_* keys in its profile");
		return -1;
	}
	strcpy(a->machine, a->big.machine);
	a->slots = a->big.slots;
	a->boot_mem = a->big.boot_mem;
	a->maxmem = a->big.maxmem;
	a->block_size = a->big.block_size;
	a->reserve = a->big.reserve;
	a->bigblock = true;
	return 0;
}

/*
 * A method that always takes the memmap from memory already there
 * (virtio-mem) needs boot RAM for it: blocks onlined movable cannot hold
 * kernel allocations, and 64 GiB take 1 GiB of memmap (64-byte struct
 * page). When the largest size's memmap is a quarter of the boot RAM or
 * more, and --boot-mem was not given, the boot RAM grows by twice that
 * memmap, rounded up to 512 MiB (meta.json records what it was).
 */
#define MEMMAP_STRUCT_PAGE 64
static void memmap_room(const struct mhp_opts *o, struct mhp_arch *a,
			const struct mhp_hotplug *hp, uint64_t big)
{
	uint64_t memmap = big / a->page_size * MEMMAP_STRUCT_PAGE;
	uint64_t round = 512ULL << 20;

	if (!hp->no_memmap_on_memory || o->boot_mem ||
	    memmap < a->boot_mem / 4)
		return;
	a->boot_mem = (a->boot_mem + 2 * memmap + round - 1) / round * round;
}

/*
 * The run's hot-add method in place of the profile's: one the profile
 * names (hotplug, hotplug_also). A device that plugs memory (virtio-mem)
 * is sized by the run's largest size, and maxmem grows to hold it.
 */
static int arch_hotplug(const struct mhp_opts *o, struct mhp_arch *a,
			char *err, size_t errlen)
{
	const struct mhp_hotplug *hp;
	uint64_t big = 0;
	size_t n;
	int i;

	if (o->hotplug[0] && strcmp(o->hotplug, a->hotplug)) {
		n = strcspn(a->hotplug_unsupported, " ");
		if (n == strlen(o->hotplug) &&
		    !strncmp(a->hotplug_unsupported, o->hotplug, n)) {
			snprintf(err, errlen, "arch %s cannot hot-add with %s: %s",
				 a->name, o->hotplug,
				 a->hotplug_unsupported + n + (a->hotplug_unsupported[n] == ' '));
			return -1;
		}
		if (!mhp_list_has(a->hotplug_also, ' ', o->hotplug)) {
			snprintf(err, errlen, "arch %s has no hot-add method %s (its profile: %s%s%s)",
				 a->name, o->hotplug, a->hotplug,
				 a->hotplug_also[0] ? " " : "", a->hotplug_also);
			return -1;
		}
		strcpy(a->hotplug, o->hotplug);
	}
	hp = mhp_hotplug_find(a->hotplug);
	if (!hp || !hp->boot_opts)
		return 0;
	for (i = 0; i < o->nsizes; i++)
		if (o->sizes[i] > big)
			big = o->sizes[i];
	a->vmem_size = big;
	a->vmem_block = o->vmem_block;
	memmap_room(o, a, hp, big);
	if (a->maxmem < a->boot_mem + big)
		a->maxmem = a->boot_mem + big;
	return 0;
}

int mhp_arch_machine(const struct mhp_opts *o, struct mhp_arch *a, char *err,
		     size_t errlen)
{
	if (o->bigblock && mhp_arch_bigblock(a, err, errlen))
		return -1;
	if (o->boot_mem)
		a->boot_mem = o->boot_mem;
	return arch_hotplug(o, a, err, errlen);
}

/*
 * hotplug_also: the other methods the machine supports, space-separated;
 * hotplug_unsupported: "METHOD why" for one it does not.
 */
static int hotplug_keys(const struct mhp_conf *c, struct mhp_arch *a,
			char *err, size_t errlen)
{
	const char *also = mhp_conf_get(c, "hotplug_also") ?: "";
	const char *un = mhp_conf_get(c, "hotplug_unsupported") ?: "";
	char buf[sizeof(a->hotplug_also)], *tok, *save;

	if (strlen(also) >= sizeof(a->hotplug_also) ||
	    strlen(un) >= sizeof(a->hotplug_unsupported)) {
		snprintf(err, errlen, "%s: key 'hotplug_also' or 'hotplug_unsupported' is too long",
			 c->path);
		return -1;
	}
	strcpy(a->hotplug_also, also);
	strcpy(a->hotplug_unsupported, un);
	strcpy(buf, also);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (!mhp_hotplug_find(tok)) {
			snprintf(err, errlen, "%s: key 'hotplug_also': unknown method '%s'",
				 c->path, tok);
			return -1;
		}
	if (*un && !strchr(un, ' ')) {
		snprintf(err, errlen, "%s: key 'hotplug_unsupported': want \"METHOD why\"",
			 c->path);
		return -1;
	}
	return 0;
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
	      (mhp_conf_get(&c, "cmdline_tcg") &&
	       copy_key(&c, "cmdline_tcg", a->cmdline_tcg,
			sizeof(a->cmdline_tcg), err, errlen)) ||
	      copy_key(&c, "hotplug", a->hotplug, sizeof(a->hotplug), err, errlen) ||
	      int_key(&c, "cpus", 64, &a->cpus, err, errlen) ||
	      int_key(&c, "slots", 256, &a->slots, err, errlen) ||
	      size_key(&c, "boot_mem", &a->boot_mem, err, errlen) ||
	      size_key(&c, "maxmem", &a->maxmem, err, errlen) ||
	      size_key(&c, "page_size", &page, err, errlen) ||
	      size_key(&c, "block_size", &a->block_size, err, errlen);
	if (ret || numa_keys(&c, a, err, errlen) ||
	    section_key(&c, a, err, errlen))
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
	if (bool_key(&c, "reserve", true, &a->reserve, err, errlen))
		return -1;
	if (hotplug_keys(&c, a, err, errlen) || hook_key(&c, a, err, errlen))
		return -1;
	return bigblock_load(&c, a, err, errlen);
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
