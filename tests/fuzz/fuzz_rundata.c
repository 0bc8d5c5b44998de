// SPDX-License-Identifier: GPL-2.0
/*
 * The run reader of report and compare: the input is a run's samples.csv,
 * next to a real meta.json and outcomes.csv (from the fixture run
 * x86_64-hotadd-a), in a private directory made once.
 */
#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "rundata.h"

static char dir[] = "/tmp/mhpbench-fuzz-rundata.XXXXXX";

static int copy(const char *name)
{
	const char *fx = getenv("MHP_FIXTURES");
	char src[512], dst[512], buf[4096];
	FILE *in, *out;
	size_t n;

	snprintf(src, sizeof(src), "%s/runs/x86_64-hotadd-a/%s",
		 fx ? fx : "tests/fixtures", name);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	in = fopen(src, "rb");
	out = fopen(dst, "wb");
	if (!in || !out) {
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	fclose(out);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct mhp_rundata rd;
	char path[512], err[512];
	FILE *f;

	if (!ready) {
		if (!mkdtemp(dir) || copy("meta.json") || copy("outcomes.csv"))
			abort();
		ready = 1;
	}
	snprintf(path, sizeof(path), "%s/samples.csv", dir);
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (mhp_rundata_load(dir, &rd, err, sizeof(err)) == 0)
		mhp_rundata_free(&rd);
	return 0;
}
