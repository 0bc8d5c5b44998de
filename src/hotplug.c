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
 * virtio-mem: one virtio-mem-pci device on node 1 from boot, its backend
 * sized by the run's largest size; memory is asked for by raising its
 * requested-size and given back by lowering it. The guest's driver plugs
 * device blocks, adds whole memory blocks (never with the memmap on them)
 * and unplugs by itself; it adds no more while about 1 GiB of what it
 * added is offline, so the guest driver onlines each block as it comes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "appendf.h"
#include "compiler.h"
#include "guest.h"
#include "native.h"
#include "qmp.h"
#include "size.h"
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

#define VMEM_DEV "vmem0"
#define VMEM_MEM "vmem-mem0"
/*
 * The plugged size is polled (every g->vmem_poll_us, --virtio-mem-poll):
 * QEMU raises MEMORY_DEVICE_SIZE_CHANGE at most once a second per device,
 * too coarse for sub-second plugs.
 */

static void vmem_boot_opts(const struct mhp_arch *ar,
			   void (*emit)(void *ctx, const char *opt,
					const char *val),
			   void *ctx)
{
	char size[32], bs[48] = "", bind[64] = "", v[256];
	const char *comma = strchr(ar->numa_host_nodes, ',');

	if (!ar->vmem_size)
		return;
	mhp_size_format(ar->vmem_size, size, sizeof(size));
	if (comma)
		snprintf(bind, sizeof(bind), ",host-nodes=%s,policy=bind",
			 comma + 1);
	snprintf(v, sizeof(v), "memory-backend-ram,id=%s,size=%s,reserve=off%s",
		 VMEM_MEM, size, bind);
	emit(ctx, "-object", v);
	if (ar->vmem_block)
		snprintf(bs, sizeof(bs), ",block-size=%" PRIu64, ar->vmem_block);
	snprintf(v, sizeof(v), "virtio-mem-pci,id=%s,memdev=%s,node=1,requested-size=0%s",
		 VMEM_DEV, VMEM_MEM, bs);
	emit(ctx, "-device", v);
}

/* A number property of the virtio-mem device (qom-get). */
static int vmem_get(struct mhp_guest *g, const char *prop, uint64_t *v,
		    char *err, size_t errlen)
{
	json_object *o = json_object_new_object(), *ret = NULL;
	int rc;

	json_object_object_add(o, "path", json_object_new_string(VMEM_DEV));
	json_object_object_add(o, "property", json_object_new_string(prop));
	rc = mhp_qmp_exec(g->qmp, "qom-get", o, &ret, QMP_TIMEOUT_MS, err,
			  errlen);
	json_object_put(o);
	if (!rc && !json_object_is_type(ret, json_type_int)) {
		snprintf(err, errlen, "qom-get %s %s: not a number", VMEM_DEV,
			 prop);
		rc = -1;
	}
	if (!rc)
		*v = json_object_get_uint64(ret);
	json_object_put(ret);
	return rc;
}

int mhp_vmem_plugged(struct mhp_guest *g, uint64_t *size, char *err,
		     size_t errlen)
{
	return vmem_get(g, "size", size, err, errlen);
}

/* What the device is, as QEMU has it: its block size and address. */
static void vmem_rows(struct mhp_guest *g, struct mhp_sample *s)
{
	uint64_t v;
	char err[128];

	if (!vmem_get(g, "block-size", &v, err, sizeof(err)))
		mhp_sample_add(s, -1, "vmem_block_bytes", v, "bytes");
	if (!vmem_get(g, "memaddr", &v, err, sizeof(err)))
		mhp_sample_add(s, -1, "vmem_addr", v, "bytes");
	mhp_sample_add(s, -1, "plug_poll_us", g->vmem_poll_us, "us");
}

static int vmem_request(struct mhp_guest *g, uint64_t size, uint64_t *qmp_us,
			char *err, size_t errlen)
{
	json_object *o = json_object_new_object();
	uint64_t t0;
	int rc;

	json_object_object_add(o, "path", json_object_new_string(VMEM_DEV));
	json_object_object_add(o, "property",
			       json_object_new_string("requested-size"));
	json_object_object_add(o, "value", json_object_new_uint64(size));
	t0 = mhp_now_us();
	rc = mhp_qmp_exec(g->qmp, "qom-set", o, NULL, QMP_TIMEOUT_MS, err,
			  errlen);
	*qmp_us = mhp_now_us() - t0;
	json_object_put(o);
	if (!rc)
		g->vmem_requested = size;
	return rc;
}

/* The node is the device's (node 1, from boot). */
static int vmem_add(struct mhp_guest *g, uint64_t size, int node,
		    uint64_t *qmp_us, char *err, size_t errlen)
{
	(void)node;
	return vmem_request(g, g->vmem_requested + size, qmp_us, err, errlen);
}

static int vmem_wait(struct mhp_guest *g, int timeout_ms, uint64_t *us,
		     uint64_t *reached, char *err, size_t errlen)
{
	uint64_t t0 = mhp_now_us(), now;
	char s[32], r[32];

	*reached = 0;
	for (;;) {
		if (mhp_vmem_plugged(g, reached, err, errlen))
			return -1;
		now = mhp_now_us();
		if (*reached == g->vmem_requested) {
			*us = now - t0;
			return 0;
		}
		if (now - t0 >= (uint64_t)timeout_ms * 1000)
			break;
		usleep(g->vmem_poll_us);
	}
	mhp_size_format(*reached, s, sizeof(s));
	mhp_size_format(g->vmem_requested, r, sizeof(r));
	snprintf(err, errlen, "virtio-mem plugged %s of %s within %d s", s, r,
		 timeout_ms / 1000);
	return -1;
}

static int vmem_remove(struct mhp_guest *g, int timeout_ms, uint64_t *qmp_us,
		       uint64_t *gone_us, char *err, size_t errlen)
{
	uint64_t reached, us;

	if (vmem_request(g, 0, qmp_us, err, errlen) ||
	    vmem_wait(g, timeout_ms, &us, &reached, err, errlen))
		return -1;
	/* From the request on, as a plug's time (scenario_hotadd.c). */
	*gone_us = *qmp_us + us;
	return 0;
}

static const struct mhp_hotplug methods[] = {
	{ .name = "acpi-dimm", .kernel_onlines = false, .add = dimm_add,
	  .remove = dimm_remove, .kconfig = "ACPI_HOTPLUG_MEMORY",
	  .kconfig_what = "ACPI memory hotplug: pc-dimm hot-add",
	  .guest_fact = "acpi_memhp" },
	{ .name = "dlpar-dimm", .kernel_onlines = true, .add = dimm_add,
	  .remove = dimm_remove, .kconfig = "PPC_PSERIES",
	  .kconfig_what = "pseries DLPAR: LMB hot-add" },
	{ .name = "virtio-mem", .eager_online = true, .device_removes = true,
	  .no_memmap_on_memory = "virtio-mem adds memory without MHP_MEMMAP_ON_MEMORY (no upstream kernel passes it)",
	  .default_sizes = "1G,4G,16G,64G",
	  .kconfig = "VIRTIO_MEM", .kconfig_what = "virtio-mem: memory plugged by a virtio-mem-pci device",
	  /* configs/guest-modules.list has it. */
	  .kconfig_module_ok = true,
	  .guest_fact = "virtio_mem",
	  .boot_opts = vmem_boot_opts, .rows = vmem_rows, .add = vmem_add,
	  .wait = vmem_wait,
	  .remove = vmem_remove },
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

void mhp_hotplug_names(char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(methods); i++)
		mhp_appendf(buf, len, "%s%s", i ? ", " : "", methods[i].name);
}
