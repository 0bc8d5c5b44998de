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

void mhp_lava_usage(FILE *f)
{
	fprintf(f,
		"usage: mhpbench lava export [run options] --out DIR [--url-base URL]\n"
		"       mhpbench lava export --board CONFIG --out DIR\n"
		"       mhpbench lava import LOG... --export DIR --out RUN\n"
		"\n"
		"export writes one LAVA job per sample of the run's matrix and one\n"
		"device file per arch (QEMU jobs), or a job running mhpbench native\n"
		"on a board (--board); import reads lava-run logs or a LAVA server's\n"
		"results back into a results directory for report and compare.\n"
		"The --board CONFIG keys: device_type, arch, deploy_to, boot_method,\n"
		"prompts, samples, blocks, dax, timeout.\n");
}

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
