# SPDX-License-Identifier: GPL-2.0
# On which node the memmap of the hot-added (node 1) memory lives, per
# arch, variant and size, as stacked bars of memmap pages per node.
# Data: a header "cluster", "node 0", ...; then the label and the pages
# of each cluster. count is the number of nodes.
term = ARG1; out = ARG2; data = ARG3; heading = ARG4
prov = ARG5; nprov = ARG6 + 0; count = ARG7 + 0
load "common.gp"
ncols = count + 1
nkeys = count

set title heading font ",12"
set bmargin at screen plot_bottom + 0.06 + band(nkeys)
set tmargin at screen 0.9
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.6
# One bar per data row (the header row is not one).
stats data using 2 nooutput
set xrange [-0.6:STATS_records - 0.4]
if (STATS_records > 6) {
	set xtics rotate by 25 right scale 0
} else {
	set xtics scale 0
}
set ylabel "memmap pages (mean of valid samples)"
set yrange [0:*]
set key at screen 0.5, screen legend_top(nkeys) center top horizontal maxcols kcols box opaque samplen 2
plot for [c=2:ncols+0] data using c:xtic(1) title columnheader(c) ls c-1
