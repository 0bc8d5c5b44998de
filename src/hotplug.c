// SPDX-License-Identifier: GPL-2.0
/*
 * Hot-add methods. A profile names one with its "hotplug" key; each is a
 * row of this table.
 *
 * acpi-dimm: a pc-dimm announced to the guest through ACPI (PNP0C80 on
 * x86_64, the GED device on arm64 virt); the guest driver onlines the
 * memory blocks itself.
 * dlpar-dimm: a pc-dimm on pseries, announced as a DLPAR hot-plug event;
 * the guest kernel adds each LMB and onlines it by itself (6.1
 * dlpar_add_lmb), so the guest driver only watches.
 * Both remove a DIMM with device_del, which the guest kernel acts upon
 * (ACPI eject, DLPAR remove) before QEMU reports DEVICE_DELETED.
 */
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "guest.h"
#include "native.h"
#include "qmp.h"
#include "timeutil.h"

#define QMP_TIMEOUT_MS 30000

static int dimm_add(struct mhp_guest *g, uint64_t size, int node,
		    uint64_t *qmp_us, char *err, size_t errlen)
{
	char mem[32], dev[32];
	json_object *o;
	uint64_t t0;
	int ret;

	snprintf(mem, sizeof(mem), "hm%d", g->dimms);
	snprintf(dev, sizeof(dev), "dimm%d", g->dimms);
	o = json_object_new_object();
	json_object_object_add(o, "qom-type",
			       json_object_new_string("memory-backend-ram"));
	json_object_object_add(o, "id", json_object_new_string(mem));
	json_object_object_add(o, "size", json_object_new_uint64(size));
	/* A profile whose guest RAM may exceed the host's: MAP_NORESERVE. */
	if (!g->reserve)
		json_object_object_add(o, "reserve",
				       json_object_new_boolean(false));
	/* A profile binding guest node 1 to a host node: numa_host_nodes. */
	if (g->host_node >= 0) {
		json_object *nodes = json_object_new_array();

		json_object_array_add(nodes, json_object_new_int(g->host_node));
		json_object_object_add(o, "host-nodes", nodes);
		json_object_object_add(o, "policy", json_object_new_string("bind"));
	}
	ret = mhp_qmp_exec(g->qmp, "object-add", o, NULL, QMP_TIMEOUT_MS,
			   err, errlen);
	json_object_put(o);
	if (ret)
		return -1;

	o = json_object_new_object();
	json_object_object_add(o, "driver", json_object_new_string("pc-dimm"));
	json_object_object_add(o, "id", json_object_new_string(dev));
	json_object_object_add(o, "memdev", json_object_new_string(mem));
	json_object_object_add(o, "node", json_object_new_int(node));
	t0 = mhp_now_us();
	ret = mhp_qmp_exec(g->qmp, "device_add", o, NULL, QMP_TIMEOUT_MS,
			   err, errlen);
	*qmp_us = mhp_now_us() - t0;
	json_object_put(o);
	if (!ret)
		g->dimms++;
	return ret;
}

/*
 * device_del asks the guest to let the DIMM go (ACPI eject, DLPAR
 * remove); QEMU says DEVICE_DELETED once the guest kernel has removed the
 * memory and released the device. Then its backend goes too.
 */
static int dimm_remove(struct mhp_guest *g, int timeout_ms, uint64_t *qmp_us,
		       uint64_t *deleted_us, char *err, size_t errlen)
{
	int seen = mhp_qmp_event_seen(g->qmp, "DEVICE_DELETED");
	char mem[32], dev[32];
	json_object *o;
	uint64_t t0;
	int ret;

	if (!g->dimms) {
		snprintf(err, errlen, "no DIMM to remove");
		return -1;
	}
	snprintf(mem, sizeof(mem), "hm%d", g->dimms - 1);
	snprintf(dev, sizeof(dev), "dimm%d", g->dimms - 1);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(dev));
	t0 = mhp_now_us();
	ret = mhp_qmp_exec(g->qmp, "device_del", o, NULL, QMP_TIMEOUT_MS,
			   err, errlen);
	*qmp_us = mhp_now_us() - t0;
	json_object_put(o);
	if (ret)
		return -1;
	if (mhp_qmp_wait_event_count(g->qmp, "DEVICE_DELETED", seen + 1,
				     timeout_ms)) {
		snprintf(err, errlen, "no DEVICE_DELETED for %s within %d s: %s",
			 dev, timeout_ms / 1000, mhp_qmp_error(g->qmp));
		return -1;
	}
	*deleted_us = mhp_now_us() - t0;
	g->dimms--;

	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(mem));
	ret = mhp_qmp_exec(g->qmp, "object-del", o, NULL, QMP_TIMEOUT_MS,
			   err, errlen);
	json_object_put(o);
	return ret;
}

static const struct mhp_hotplug methods[] = {
	{ .name = "acpi-dimm", .kernel_onlines = false, .add = dimm_add,
	  .remove = dimm_remove, .kconfig = "ACPI_HOTPLUG_MEMORY",
	  .kconfig_what = "ACPI memory hotplug: pc-dimm hot-add",
	  .guest_fact = "acpi_memhp" },
	{ .name = "dlpar-dimm", .kernel_onlines = true, .add = dimm_add,
	  .remove = dimm_remove },
	/* mhpbench native: a devdax device through dax/kmem (native_dax.c). */
	{ .name = "dax-kmem", .kernel_onlines = false, .add = mhp_dax_add,
	  .remove = mhp_dax_remove },
};

const struct mhp_hotplug *mhp_hotplug_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(methods); i++)
		if (!strcmp(methods[i].name, name))
			return &methods[i];
	return NULL;
}
