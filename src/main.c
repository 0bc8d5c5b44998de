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

/*
 * The commands: one row each; a command lives in its own file, and so
 * does its usage, which answers COMMAND --help and whose synopsis (up to
 * its first empty line) mhpbench --help shows.
 */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv, const char *top);
	void (*usage)(FILE *f);
} commands[] = {
	{ "run", mhp_cmd_run, mhp_run_usage },
	{ "report", mhp_cmd_report, mhp_report_usage },
	{ "compare", mhp_cmd_compare, mhp_compare_usage },
	{ "selftest", mhp_cmd_selftest, mhp_selftest_usage },
	{ "native", mhp_cmd_native, mhp_native_usage },
	{ "lava", mhp_cmd_lava, mhp_lava_usage },
};

/* Every command's synopsis: its usage text up to the first empty line. */
static void print_usage(FILE *f)
{
	const char *prefix = "usage: ";
	char *text, *line, *nl;
	size_t i, len;
	FILE *m;

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		text = NULL;
		m = open_memstream(&text, &len);
		if (!m)
			return;
		commands[i].usage(m);
		fclose(m);
		for (line = text; *line && *line != '\n'; line = nl + 1) {
			nl = strchrnul(line, '\n');
			if (!strncmp(line, "usage: ", 7) ||
			    !strncmp(line, "       ", 7))
				line += 7;
			fprintf(f, "%s%.*s\n", prefix, (int)(nl - line), line);
			prefix = "       ";
			if (!*nl)
				break;
		}
		free(text);
	}
	fprintf(f, "       mhpbench COMMAND --help\n"
		"       mhpbench --help\n\n"
		"COMMAND --help gives a command's options; man mhpbench gives them all.\n");
}

/*
 * The suite's top directory, where configs/ and plots/ are: $MHP_TOP;
 * else the source tree the binary was built in (two levels above
 * build/bin); else the installed tree (PREFIX/share/mhpbench beside
 * PREFIX/bin, make install); else the working directory.
 */
static void find_top(char *top, size_t len)
{
	static const char *const up[] = { "/../..", "/../share/mhpbench" };
	char exe[PATH_MAX], probe[PATH_MAX + 64], *dir;
	const char *env = getenv("MHP_TOP");
	ssize_t n;
	size_t i;

	if (env && *env) {
		snprintf(top, len, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		dir = dirname(exe);
		for (i = 0; i < ARRAY_SIZE(up); i++) {
			snprintf(probe, sizeof(probe), "%s%s/configs/arch", dir,
				 up[i]);
			if (access(probe, F_OK))
				continue;
			probe[strlen(probe) - strlen("/configs/arch")] = '\0';
			if (!realpath(probe, top))
				snprintf(top, len, "%s", probe);
			return;
		}
	}
	if (!getcwd(top, len))
		snprintf(top, len, ".");
}

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
