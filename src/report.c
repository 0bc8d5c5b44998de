// SPDX-License-Identifier: GPL-2.0
/* What report and compare share: their options and their outputs. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compiler.h"
#include "html.h"
#include "mhpbench.h"
#include "plot.h"
#include "report.h"
#include "results.h"
#include "textreport.h"

int mhp_report_args(int argc, char **argv, int nruns, const char *usage,
		    struct mhp_report_args *a)
{
	static const struct option opts[] = {
		{ "baseline", required_argument, NULL, 'b' },
		{ "out", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "no-plots", no_argument, NULL, 'n' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "min-change", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(a, 0, sizeof(*a));
	a->seed = MHP_BOOT_SEED;
	a->alpha = NAN;
	a->min_change = NAN;
	a->plots = true;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			a->baseline = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 's':
			errno = 0;
			a->seed = strtoull(optarg, &end, 0);
			if (*optarg < '0' || *optarg > '9' || *end || errno) {
				fprintf(stderr, "mhpbench: --seed '%s' is not a number\n",
					optarg);
				return -1;
			}
			break;
		case 'n':
			a->plots = false;
			break;
		case 'a':
			a->alpha = mhp_parse_fraction(optarg);
			if (a->alpha <= 0 || a->alpha >= 1) {
				fprintf(stderr, "mhpbench: --alpha '%s' is not a probability between 0 and 1\n",
					optarg);
				return -1;
			}
			break;
		case 'm':
			a->min_change = mhp_parse_fraction(optarg);
			if (a->min_change < 0) {
				fprintf(stderr, "mhpbench: --min-change '%s' is not a fraction (0.05) or a percentage (5%%) from 0 to 100%%\n",
					optarg);
				return -1;
			}
			break;
		case 'h':
			printf("%s", usage);
			exit(0);
		default:
			fprintf(stderr, "mhpbench: %s: unknown option or missing value '%s' (see %s --help)\n",
				argv[0], argv[optind - 1], argv[0]);
			return -1;
		}
	}
	if (argc - optind != nruns) {
		fprintf(stderr, "mhpbench: %s takes %d run director%s (see %s --help)\n",
			argv[0], nruns, nruns > 1 ? "ies" : "y", argv[0]);
		return -1;
	}
	for (c = 0; c < nruns; c++)
		a->run[c] = argv[optind + c];
	a->nruns = nruns;
	return 0;
}

void mhp_report_args_rule(struct mhp_report *r, const struct mhp_report_args *a)
{
	if (!isnan(a->alpha) || !isnan(a->min_change))
		mhp_report_rule(r, isnan(a->alpha) ? r->alpha : a->alpha,
				isnan(a->min_change) ? r->min_change : a->min_change);
}

static int write_file(const char *path, const char *buf, size_t len)
{
	if (!mhp_write_atomic(path, buf, len))
		return 0;
	fprintf(stderr, "mhpbench: cannot write %s: %s\n", path, strerror(errno));
	return -1;
}

int mhp_report_emit(const struct mhp_report *r, const char *top,
		    const char *out, bool plots)
{
	struct mhp_plot plot[8];
	char path[PATH_MAX + 32], tmpl[PATH_MAX + 16];
	char *text = NULL, *html = NULL;
	size_t tlen = 0, hlen = 0, nplots = 0, i;
	FILE *f;
	int ret = -1;

	f = open_memstream(&text, &tlen);
	if (!f)
		return -1;
	mhp_text_report(f, r);
	fclose(f);
	fwrite(text, 1, tlen, stdout);
	fflush(stdout);
	if (mkdir(out, 0755) && errno != EEXIST) {
		fprintf(stderr, "mhpbench: cannot create %s: %s\n", out, strerror(errno));
		goto out;
	}
	snprintf(path, sizeof(path), "%s/report.txt", out);
	if (write_file(path, text, tlen))
		goto out;
	if (plots) {
		snprintf(tmpl, sizeof(tmpl), "%s/plots", top);
		snprintf(path, sizeof(path), "%s/plots", out);
		nplots = mhp_plot_types() < ARRAY_SIZE(plot) ?
			 mhp_plot_types() : ARRAY_SIZE(plot);
		mhp_plots_render(r, tmpl, path, plot, nplots);
		for (i = 0; i < nplots; i++)
			if (!plot[i].rendered && !plot[i].no_data)
				fprintf(stderr, "mhpbench: figure %s not drawn: %s\n",
					plot[i].name, plot[i].note);
	}
	f = open_memstream(&html, &hlen);
	if (!f)
		goto out;
	mhp_html_write(f, r, text, plot, nplots);
	fclose(f);
	snprintf(path, sizeof(path), "%s/report.html", out);
	if (write_file(path, html, hlen))
		goto out;
	printf("\nhtml: %s\n", path);
	ret = 0;
out:
	free(text);
	free(html);
	return ret;
}
