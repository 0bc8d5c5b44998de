# SPDX-License-Identifier: GPL-2.0
# What the altmap gives and what it takes: per arch, variant and size,
# clustered bars of what node 1's hot-added memory gives (gigantic
# pages, 2 MiB huge pages online movable and online kernel, MAX_ORDER
# blocks) as a percentage of what the same range gives with no memmap on
# it; the memory the variant saves at add is in the cluster's label.
# Data: a header "cluster", then the column names; then the label and
# the percentages of each cluster. count is the number of columns.
term = ARG1; out = ARG2; data = ARG3; heading = ARG4
prov = ARG5; nprov = ARG6 + 0; count = ARG7 + 0
load "common.gp"
ncols = count + 1
nkeys = count

set title heading font ",12"
set bmargin at screen plot_bottom + 0.06 + band(nkeys)
set tmargin at screen 0.9
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
stats data using 2 nooutput
set xrange [-0.6:STATS_records - 0.4]
if (STATS_records > 4) {
	set xtics rotate by 25 right scale 0
} else {
	set xtics scale 0
}
set ylabel "% of the range with no memmap on it (mean of valid samples)"
set yrange [0:105]
set key at screen 0.5, screen legend_top(nkeys) center top horizontal maxcols kcols box opaque samplen 2
plot for [c=2:ncols+0] data using c:xtic(1) title columnheader(c) ls c-1
