// SPDX-License-Identifier: GPL-2.0
/* mhpbench-lava: the LAVA guest image's runner (src/lava_guest.c). */
#include "lava.h"

int main(int argc, char **argv)
{
	return mhp_lava_guest_main(argc, argv);
}
