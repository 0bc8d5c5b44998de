// SPDX-License-Identifier: GPL-2.0
/*
 * What the running kernel lacks of what the scenarios need, as the names
 * the host knows (src/kconfig.c): said in HELLO, so that a kernel the
 * suite did not build gives a reason instead of a timeout.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blockstate.h"
#include "guest.h"

/* A second NUMA node the firmware says may come (SRAT, device tree). */
static bool have_numa(void)
{
	char buf[64], *p;

	if (read_text("/sys/devices/system/node/possible", buf, sizeof(buf)) < 0)
		return false;
	/* "0", "0-1", "0,2": anything but node 0 alone. */
	for (p = buf; *p; p++)
		if (*p == '-' || *p == ',')
			return true;
	return strtol(buf, NULL, 10) > 0;
}

/* Memory blocks say whether they can go ("removable": HOTREMOVE). */
static bool have_hotremove(void)
{
	DIR *d = opendir(MHP_SYS_MEMORY);
	struct dirent *de;
	char path[300], buf[8];
	bool ok = false;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "memory", 6) ||
		    !strchr("0123456789", de->d_name[6]) || !de->d_name[6])
			continue;
		snprintf(path, sizeof(path), "%s/%s/removable", MHP_SYS_MEMORY,
			 de->d_name);
		ok = read_text(path, buf, sizeof(buf)) > 0 && buf[0] == '1';
		break;
	}
	if (d)
		closedir(d);
	return ok;
}

/* Each fact: a test, or a path that exists when the kernel has it. */
static const struct {
	const char *name;
	bool (*have)(void);
	const char *path;
} facts[] = {
	{ "numa", have_numa, NULL },
	{ "hotremove", have_hotremove, NULL },
	{ "kpageflags", NULL, "/proc/kpageflags" },
	/* The ACPI memory device handler (acpi_memhotplug.c) is there. */
	{ "acpi_memhp", NULL, "/sys/firmware/acpi/hotplug/memory" },
	/* The virtio-mem driver is registered (built in, or loaded). */
	{ "virtio_mem", NULL, "/sys/bus/virtio/drivers/virtio_mem" },
};

void guest_lacks(char *buf, size_t len)
{
	size_t i, w = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(facts); i++) {
		bool have = facts[i].have ? facts[i].have() :
			    !access(facts[i].path, F_OK);

		if (!have && w < len)
			w += snprintf(buf + w, len - w, "%s%s", w ? "," : "",
				      facts[i].name);
	}
}
