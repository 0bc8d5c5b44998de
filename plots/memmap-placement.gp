# SPDX-License-Identifier: GPL-2.0
# Where the memmap of the hot-added memory came from, per arch, variant
# and size: pages taken from existing RAM vs pages on the hot-added
# memory itself, next to the expected size of the memmap.
# Data: "variant size" existing hotadded expected, a row per cluster;
# count is the number of clusters.
term = ARG1; out = ARG2; data = ARG3; heading = ARG4
prov = ARG5; nprov = ARG6 + 0; count = ARG7 + 0
load "common.gp"
nkeys = 3
kcols = 2

set title heading font ",12"
set bmargin at screen plot_bottom + 0.06 + band(nkeys)
set tmargin at screen 0.9
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xrange [-0.6:count - 0.4]
if (count > 6) {
	set xtics rotate by 25 right scale 0
} else {
	set xtics scale 0
}
set ylabel "memmap pages (mean of valid samples)"
set yrange [0:*]
set key at screen 0.5, screen legend_top(nkeys) center top horizontal maxcols kcols box opaque samplen 2
plot data using 2:xtic(1) title "from existing RAM" lc rgb "#d62728", \
     ''   using 3 title "on the hot-added memory" lc rgb "#1f77b4", \
     ''   using 4 title "expected (size of the memmap)" lc rgb "#bbbbbb"
