# SPDX-License-Identifier: GPL-2.0
# ECDF of the per-block latencies (every block of every valid sample).
# Data: "count" blocks of add_latency (ms, fraction) per series and size,
# then as many of online_latency.
term = ARG1; out = ARG2; data = ARG3; heading = ARG4
prov = ARG5; nprov = ARG6 + 0; count = ARG7 + 0
load "common.gp"
kcols = 2
nadd = count

set multiplot layout 1,2 title heading font ",12" margins 0.08,0.98,plot_bottom + band(nadd),0.88 spacing 0.09,0.1
set logscale x 10
set yrange [0:1.02]
set ylabel "fraction of blocks"
set key at screen 0.5, screen legend_top(nadd) center top horizontal maxcols kcols box opaque samplen 2

set title "hot-add per block: GO to uevent"
set xlabel "latency (ms, log scale)"
plot for [i=0:nadd-1] data index i using 1:2 with steps ls i+1 title columnheader(1)

set title "online per block: sysfs write"
unset key
plot for [i=0:nadd-1] data index nadd+i using 1:2 with steps ls i+1 title columnheader(1)
unset multiplot
