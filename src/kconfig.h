/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel's .config (a Debian package's /boot/config-*): what a kernel
 * the suite did not build must have for a scenario to mean anything. A
 * kernel whose config lacks one is refused before it boots, with that
 * reason.
 */
#ifndef MHP_KCONFIG_H
#define MHP_KCONFIG_H

#include <stddef.h>

/*
 * The value of CONFIG_<sym> in the text of a .config: 'y', 'm', or 'n'
 * when it is absent or "is not set".
 */
char mhp_kconfig_get(const char *text, const char *sym);

/*
 * What the config lacks of the suite's needs, hot-add method hotplug
 * (its kconfig, if any) included: 0 when nothing, else -1 with the first
 * missing symbol and what it is for in why.
 */
int mhp_kconfig_lacks(const char *text, const char *hotplug, char *why,
		      size_t len);

/*
 * What a booted guest said it lacks (HELLO lacks=a,b: bench/lacks.c)
 * against what every scenario and the hot-add method need: 0, or -1
 * with the first need missing in why. Facts that do not matter to the
 * method (no ACPI on pseries) are ignored.
 */
int mhp_guest_lacks(const char *lacks, const char *hotplug, char *why,
		    size_t len);

#endif
