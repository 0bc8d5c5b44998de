// SPDX-License-Identifier: GPL-2.0
/* What a kernel's .config must have for the suite's scenarios. */
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "conf.h"
#include "kconfig.h"
#include "mhpbench.h"

char mhp_kconfig_get(const char *text, const char *sym)
{
	char key[96];
	size_t n;
	const char *p = text;

	n = snprintf(key, sizeof(key), "CONFIG_%s=", sym);
	if (!text || n >= sizeof(key))
		return 'n';
	while (p && *p) {
		if (!strncmp(p, key, n))
			return p[n] == 'y' || p[n] == 'm' ? p[n] : 'n';
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 'n';
}

/*
 * Every scenario: memory to hot-add and take away, a second node for it,
 * the memmap's pages in kpageflags, sizeof(struct page) from BTF, and the
 * guest driver's control channel (built in or a module: the guest image
 * loads modules, see configs/guest-modules.list).
 */
static const struct {
	const char *sym;
	const char *what;
	bool module_ok;
} needs[] = {
	{ "MEMORY_HOTPLUG", "memory hotplug", false },
	{ "MEMORY_HOTREMOVE", "memory hot-remove", false },
	{ "NUMA", "NUMA: the DIMM goes to node 1", false },
	{ "PROC_PAGE_MONITOR", "/proc/kpageflags, a witness of the verdict", false },
	{ "DEBUG_INFO_BTF", "BTF, where sizeof(struct page) comes from", false },
	{ "VIRTIO_PCI", "virtio PCI, the guest driver's control channel", true },
	{ "VIRTIO_CONSOLE", "virtio console, the guest driver's control channel", true },
};

int mhp_kconfig_lacks(const char *text, const char *hotplug, char *why,
		      size_t len)
{
	const struct mhp_hotplug *h = mhp_hotplug_find(hotplug);
	size_t i;
	char v;

	for (i = 0; i < ARRAY_SIZE(needs); i++) {
		v = mhp_kconfig_get(text, needs[i].sym);
		if (v == 'y' || (v == 'm' && needs[i].module_ok))
			continue;
		snprintf(why, len, "lacks CONFIG_%s (%s)%s", needs[i].sym,
			 needs[i].what, v == 'm' ? ": a module, needed built in" : "");
		return -1;
	}
	v = h && h->kconfig ? mhp_kconfig_get(text, h->kconfig) : 'y';
	if (v != 'y' && !(v == 'm' && h->kconfig_module_ok)) {
		snprintf(why, len, "lacks CONFIG_%s (%s)%s", h->kconfig,
			 h->kconfig_what,
			 v == 'm' ? ": a module, needed built in" : "");
		return -1;
	}
	return 0;
}

/* The guest's names of what it lacks, and what each is for. */
static const struct {
	const char *name;
	const char *what;
	bool per_method;	/* needed only when the hot-add method says */
} guest_facts[] = {
	{ "numa", "NUMA: no node 1 for the DIMM (/sys/devices/system/node/possible)", false },
	{ "hotremove", "memory hot-remove (its memory blocks are not removable)", false },
	{ "kpageflags", "/proc/kpageflags, a witness of the verdict", false },
	{ "acpi_memhp", "ACPI memory hotplug (no /sys/firmware/acpi/hotplug/memory)", true },
	{ "virtio_mem", "the virtio-mem driver (no /sys/bus/virtio/drivers/virtio_mem)", true },
};

int mhp_guest_lacks(const char *lacks, const char *hotplug, char *why,
		    size_t len)
{
	const struct mhp_hotplug *h = mhp_hotplug_find(hotplug);
	size_t i;

	if (!lacks || !*lacks)
		return 0;
	for (i = 0; i < ARRAY_SIZE(guest_facts); i++) {
		if (!mhp_list_has(lacks, ',', guest_facts[i].name))
			continue;
		if (guest_facts[i].per_method &&
		    (!h || !h->guest_fact || strcmp(h->guest_fact, guest_facts[i].name)))
			continue;
		snprintf(why, len, "the kernel lacks %s", guest_facts[i].what);
		return -1;
	}
	return 0;
}
