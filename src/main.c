// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench: benchmark memory hot-add with the memmap on the hot-added
 * memory (memmap_on_memory, vmem_altmap) against the stock placement.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler.h"
#include "lava.h"
#include "mhpbench.h"
#include "report.h"

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: mhpbench run [OPTIONS]     (below)\n"
		"       mhpbench report RUN [--baseline VARIANT] [--out DIR]\n"
		"       mhpbench compare RUN_A RUN_B [--baseline VARIANT] [--out DIR]\n"
		"       mhpbench selftest [--arch A,...] [--variants V,...] [--size 1G]\n"
		"       mhpbench native [--out DIR] [--samples N] [--blocks N] [--dax DEV|none]\n"
		"                       [--driver PATH] [--daxctl PATH] [--timeout SECONDS]\n"
		"       mhpbench lava export [run options] --out DIR [--url-base URL]\n"
		"       mhpbench lava export --board CONFIG --out DIR\n"
		"       mhpbench lava import LOG... --export DIR --out RUN\n"
		"       mhpbench COMMAND --help\n"
		"       mhpbench --help\n\n");
	mhp_run_usage(f);
}

/* The suite's top directory: $MHP_TOP, else two levels above build/bin. */
static void find_top(char *top, size_t len)
{
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	const char *env = getenv("MHP_TOP");
	ssize_t n;

	if (env && *env) {
		snprintf(top, len, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(top, len, "%s", dirname(dirname(dirname(exe))));
		snprintf(probe, sizeof(probe), "%s/configs/arch", top);
		if (!access(probe, F_OK))
			return;
	}
	if (!getcwd(top, len))
		snprintf(top, len, ".");
}

/*
 * The commands: one row each; a command lives in its own file. usage,
 * when set, answers COMMAND --help (the others parse --help themselves).
 */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv, const char *top);
	void (*usage)(FILE *f);
} commands[] = {
	{ "run", mhp_cmd_run, mhp_run_usage },
	{ "report", mhp_cmd_report, NULL },
	{ "compare", mhp_cmd_compare, NULL },
	{ "selftest", mhp_cmd_selftest, NULL },
	{ "native", mhp_cmd_native, mhp_native_usage },
	{ "lava", mhp_cmd_lava, mhp_lava_usage },
};

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	char top[PATH_MAX];
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "mhpbench: no command (see mhpbench --help)\n");
		return MHP_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		print_usage(stdout);
		return 0;
	}
	find_top(top, sizeof(top));
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		if (commands[i].usage && wants_help(argc, argv)) {
			commands[i].usage(stdout);
			return 0;
		}
		return commands[i].run(argc - 1, argv + 1, top);
	}
	fprintf(stderr, "mhpbench: unknown command '%s' (see mhpbench --help)\n",
		argv[1]);
	return MHP_EXIT_USAGE;
}
