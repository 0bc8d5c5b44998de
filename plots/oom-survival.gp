# SPDX-License-Identifier: GPL-2.0
# Share of samples that survived the hot-add under memory pressure, vs
# hot-add size, per variant. Data: a block per series: "title", then
#   size_MiB survived_pct n
term = ARG1; out = ARG2; data = ARG3; heading = ARG4
prov = ARG5; nprov = ARG6 + 0; count = ARG7 + 0
size_column = 1
load "common.gp"
nseries = count

set title heading font ",12"
set bmargin at screen plot_bottom + band(nseries)
set tmargin at screen 0.9
set logscale x 2
set xrange [size_axis_min:size_axis_max]
set xtics ()
set for [k=0:24] xtics add (size_label(2**k) 2**k)
set xlabel "hot-add size (log scale)"
set ylabel "samples surviving (%)"
set yrange [-5:105]
set key at screen 0.5, screen legend_top(nseries) center top horizontal maxcols kcols box opaque samplen 2
plot for [i=0:nseries-1] data index i using 1:2 with linespoints ls i+1 title columnheader(1)
