// SPDX-License-Identifier: GPL-2.0
/*
 * mhpbench lava export --board CONFIG --out DIR [--url-base URL]: a LAVA
 * job that runs mhpbench native on a real board, on the board's own
 * kernel. The lab's device type, deploy and boot method come from a small
 * config (configs/lava/board-example.conf); the job's test is an inline
 * lava-test-shell definition that fetches the static runner and guest
 * driver (DIR/artifacts/native-ARCH.tar.gz, checked by its sha256), runs
 * `mhpbench native` and reports each row of its samples.csv with
 * lava-test-case (measurement and units), each sample's outcome as a
 * pass or fail case.
 *
 * Not tested here: there is no board. lava-run --validate needs a device
 * description of the lab's device type.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler.h"
#include "conf.h"
#include "lava.h"
#include "native.h"

static const char *const board_keys[] = {
	"device_type", "arch", "deploy_to", "boot_method", "prompts", "samples",
	"blocks", "dax", "timeout", NULL
};
static const char *const board_required[] = {
	"device_type", "arch", "prompts", NULL
};

static const char *get(const struct mhp_conf *c, const char *key,
		       const char *def)
{
	const char *v = mhp_conf_get(c, key);

	return v && *v ? v : def;
}

/* A word that may go into the test's shell lines unquoted. */
static bool word_ok(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
		     strlen(s);
}

/* The runner and the driver of the board's arch, as a tarball. */
static int pack_tools(const char *top, const char *arch, const char *out,
		      char *tar, size_t len, char *sha, size_t shalen,
		      char *err, size_t errlen)
{
	char runner[PATH_MAX], driver[PATH_MAX], stage[PATH_MAX + 16],
	     log[PATH_MAX + 16], shaf[PATH_MAX + 16], dst[PATH_MAX + 64], *p;
	const char *tarv[8] = { "tar", "-C", stage, "-czf", tar, "mhpbench",
				"mhpbench-guest" };
	const char *shav[3] = { "sha256sum", tar };
	FILE *f;
	int ret;

	snprintf(runner, sizeof(runner), "%s/build/native/%s/mhpbench", top, arch);
	if (access(runner, X_OK) && !strcmp(arch, "x86_64"))
		snprintf(runner, sizeof(runner), "%s/build/native/mhpbench", top);
	snprintf(driver, sizeof(driver), "%s/build/guest/%s/mhpbench-guest", top, arch);
	if (access(runner, X_OK) || access(driver, X_OK)) {
		snprintf(err, errlen, "no static runner and guest driver for %s (%s)",
			 arch, strcmp(arch, "x86_64") ? "build/native/ARCH/mhpbench: see the README" :
			 "make native-static guest");
		return -1;
	}
	snprintf(tar, len, "%s/artifacts/native-%s.tar.gz", out, arch);
	snprintf(stage, sizeof(stage), "%s/artifacts/native-%s", out, arch);
	snprintf(shaf, sizeof(shaf), "%s.sha256", tar);
	snprintf(log, sizeof(log), "%s/artifacts/pack.log", out);
	mkdir(stage, 0755);
	snprintf(dst, sizeof(dst), "%s/mhpbench", stage);
	ret = mhp_lava_put_file(runner, dst);
	snprintf(dst, sizeof(dst), "%s/mhpbench-guest", stage);
	ret = ret || mhp_lava_put_file(driver, dst);
	unlink(shaf);
	if (ret || mhp_exec_log(tarv, log, 60000) || mhp_exec_log(shav, shaf, 60000)) {
		snprintf(err, errlen, "cannot pack %s (see %s)", tar, log);
		return -1;
	}
	f = fopen(shaf, "re");
	if (!f || !fgets(sha, shalen, f)) {
		if (f)
			fclose(f);
		snprintf(err, errlen, "no sha256 of %s", tar);
		return -1;
	}
	fclose(f);
	p = strchr(sha, ' ');
	if (p)
		*p = '\0';
	return strlen(sha) == 64 ? 0 : -1;
}

static void write_steps(FILE *f, const struct mhp_conf *c, const char *url,
			const char *sha)
{
	char cmd[1024];

	fprintf(f, "          - cd \"$(mktemp -d)\"\n          - ");
	snprintf(cmd, sizeof(cmd), "wget -q -O native.tar.gz '%s' || curl -fsSL -o native.tar.gz '%s'",
		 url, url);
	mhp_lava_yq(f, cmd);
	fprintf(f, "\n          - ");
	snprintf(cmd, sizeof(cmd), "echo '%s  native.tar.gz' | sha256sum -c", sha);
	mhp_lava_yq(f, cmd);
	fprintf(f, "\n          - tar xzf native.tar.gz\n          - ");
	snprintf(cmd, sizeof(cmd),
		 "./mhpbench native --out run --samples %s --blocks %s%s%s --timeout %s --driver ./mhpbench-guest || true",
		 get(c, "samples", "3"), get(c, "blocks", "4"),
		 *get(c, "dax", "") ? " --dax " : "", get(c, "dax", ""),
		 get(c, "timeout", "1800"));
	mhp_lava_yq(f, cmd);
	/* Every row a test case: s<sample>.<scenario>.<block>.<metric>. */
	fprintf(f, "\n          - ");
	mhp_lava_yq(f, "tail -n +2 run/samples.csv | while IFS=, read -r id arch var kid scn size n blk metric val unit valid; do lava-test-case \"s$n.$scn.$blk.$metric\" --result pass --measurement \"$val\" --units \"$unit\"; done");
	fprintf(f, "\n          - ");
	mhp_lava_yq(f, "tail -n +2 run/outcomes.csv | while IFS=, read -r id arch var kid scn size n outcome valid wall rest; do echo \"MHPB-OUTCOME s$n.$scn $outcome $rest\"; lava-test-case \"s$n.$scn.outcome\" --result $([ \"$outcome\" = ok ] && echo pass || echo fail); done");
	fputc('\n', f);
}

int mhp_lava_board_export(const char *top, const char *config, const char *out,
			  const char *url_base, char *err, size_t errlen)
{
	static struct mhp_conf c;
	char tar[PATH_MAX + 64], sha[128], url[PATH_MAX + 128], path[PATH_MAX + 32];
	static char abs[PATH_MAX];
	static const char *const keys[] = {
		"device_type", "arch", "deploy_to", "boot_method", "samples",
		"blocks", "dax", "timeout"
	};
	size_t i;
	FILE *f;

	if (mhp_conf_load(config, &c, err, errlen) ||
	    mhp_conf_check(&c, board_keys, board_required, err, errlen))
		return -1;
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (mhp_conf_get(&c, keys[i]) && *mhp_conf_get(&c, keys[i]) &&
		    !word_ok(mhp_conf_get(&c, keys[i]))) {
			snprintf(err, errlen, "%s: bad %s '%s'", config, keys[i],
				 mhp_conf_get(&c, keys[i]));
			return -1;
		}
	if ((mkdir(out, 0755) && errno != EEXIST) || !realpath(out, abs)) {
		snprintf(err, errlen, "cannot create %s: %s", out, strerror(errno));
		return -1;
	}
	/* file:// URLs need an absolute path. */
	out = abs;
	snprintf(path, sizeof(path), "%s/artifacts", out);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/jobs", out);
	mkdir(path, 0755);
	if (pack_tools(top, get(&c, "arch", ""), out, tar, sizeof(tar), sha,
		       sizeof(sha), err, errlen))
		return -1;
	if (url_base[0])
		snprintf(url, sizeof(url), "%s/artifacts/%s", url_base, strrchr(tar, '/') + 1);
	else
		snprintf(url, sizeof(url), "file://%s", tar);
	snprintf(path, sizeof(path), "%s/jobs/native-%s.yaml", out, get(&c, "device_type", ""));
	f = fopen(path, "we");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "# mhpbench lava export --board %s: mhpbench native on the board's own kernel\n",
		config);
	fprintf(f, "job_name: mhpbench-native-%s\ndevice_type: %s\nvisibility: public\npriority: medium\n",
		get(&c, "device_type", ""), get(&c, "device_type", ""));
	fprintf(f, "timeouts:\n  job: {seconds: %d}\n  action: {seconds: %s}\n",
		atoi(get(&c, "timeout", "1800")) + 1200, get(&c, "timeout", "1800"));
	fprintf(f, "metadata:\n  mhpbench.arch: %s\n  mhpbench.tools_sha256: '%s'\n",
		get(&c, "arch", ""), sha);
	fprintf(f, "actions:\n- deploy:\n    timeout: {minutes: 10}\n    to: %s\n",
		get(&c, "deploy_to", "overlay"));
	fprintf(f, "- boot:\n    timeout: {minutes: 10}\n    method: %s\n    prompts: [",
		get(&c, "boot_method", "minimal"));
	mhp_lava_yq(f, get(&c, "prompts", ""));
	fprintf(f, "]\n- test:\n    timeout: {seconds: %s}\n    definitions:\n    - from: inline\n      name: mhpbench-native\n      path: inline/mhpbench-native.yaml\n",
		get(&c, "timeout", "1800"));
	fprintf(f, "      repository:\n        metadata:\n          format: Lava-Test Test Definition 1.0\n          name: mhpbench-native\n          description: mhpbench native (memory hot-plug) on the board's own kernel\n        run:\n          steps:\n");
	write_steps(f, &c, url, sha);
	if (fclose(f)) {
		snprintf(err, errlen, "cannot write %s", path);
		return -1;
	}
	printf("LAVA job for %s in %s\n", get(&c, "device_type", ""), path);
	return 0;
}
