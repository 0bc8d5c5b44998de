/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Figures with gnuplot, each as PNG and SVG: a data file per plot type
 * written from the report's runs, rendered by the template
 * plots/NAME.gp (gnuplot -c, its text arguments never parsed as code).
 */
#ifndef MHP_PLOT_H
#define MHP_PLOT_H

#include <limits.h>
#include <stdbool.h>

#include "comparison.h"

struct mhp_plot {
	const char *name;	/* plots/NAME.gp -> DIR/NAME.{png,svg,dat} */
	const char *title;	/* the type's, or title_buf */
	char title_buf[512];	/* with each run's hot-add method */
	bool rendered;
	bool no_data;		/* does not apply to the report's runs */
	char note[256];		/* why not, when not rendered */
	char png[PATH_MAX];
	char svg[PATH_MAX];
};

/* How many plot types there are. */
size_t mhp_plot_types(void);

/*
 * Render every plot type into dir (created if missing) with the
 * templates of templates_dir; plots[] gets one entry per type (at most
 * max). Returns how many were rendered; types without data, and all of
 * them when gnuplot is missing, are skipped with a note. gnuplot's
 * messages go to dir/gnuplot.log.
 */
size_t mhp_plots_render(const struct mhp_report *r, const char *templates_dir,
			const char *dir, struct mhp_plot *plots, size_t max);

/* A complete PNG (signature, IEND) / an SVG document (root element). */
bool mhp_png_valid(const char *path);
bool mhp_svg_valid(const char *path);

#endif
