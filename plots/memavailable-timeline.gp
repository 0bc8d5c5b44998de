# SPDX-License-Identifier: GPL-2.0
# MemAvailable over time from the hot-add GO, the first valid sample of
# each variant and size. Data: a block per series: "title", then
#   seconds MemAvailable_MiB
term = ARG1; out = ARG2; data = ARG3; heading = ARG4
prov = ARG5; nprov = ARG6 + 0; count = ARG7 + 0
load "common.gp"
nseries = count

set title heading font ",12"
set bmargin at screen plot_bottom + band(nseries)
set tmargin at screen 0.9
set xlabel "time since the hot-add (s)"
set ylabel "MemAvailable (MiB)"
set key at screen 0.5, screen legend_top(nseries) center top horizontal maxcols kcols box opaque samplen 2
plot for [i=0:nseries-1] data index i using 1:2 with lines ls i+1 title columnheader(1)
