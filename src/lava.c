// SPDX-License-Identifier: GPL-2.0
/* mhpbench lava export|import: a table of the two subcommands. */
#include <stdio.h>
#include <string.h>

#include "compiler.h"
#include "lava.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv, const char *top);
} subcommands[] = {
	{ "export", mhp_lava_export },
	{ "import", mhp_lava_import },
};

int mhp_cmd_lava(int argc, char **argv, const char *top)
{
	size_t i;

	for (i = 0; argc > 1 && i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1, top);
	fprintf(stderr, "mhpbench: lava: %s (export or import)\n",
		argc > 1 ? "unknown subcommand" : "which subcommand?");
	return MHP_EXIT_USAGE;
}
