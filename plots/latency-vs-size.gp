# SPDX-License-Identifier: GPL-2.0
# Hot-add and online latency vs DIMM size per variant, mean ± stddev,
# log x. Data: a block per series: "title", then
#   size_MiB add_ms add_sd_ms online_ms online_sd_ms
term = ARG1; out = ARG2; data = ARG3; heading = ARG4
prov = ARG5; nprov = ARG6 + 0; count = ARG7 + 0
size_column = 1
load "common.gp"
kcols = 2
nseries = count

set multiplot layout 1,2 title heading font ",12" margins 0.08,0.98,plot_bottom + band(nseries),0.88 spacing 0.09,0.1
set logscale x 2
set xlabel "DIMM size (log scale)"
set xrange [size_axis_min:size_axis_max]
set xtics ()
set for [k=0:24] xtics add (size_label(2**k) 2**k)
set yrange [0:*]
# Series side by side at each size, not on top of each other.
shift(i) = 1 + 0.05 * (i - (nseries - 1) / 2.0)

set key at screen 0.5, screen legend_top(nseries) center top horizontal maxcols kcols box opaque samplen 2
set title "hot-add, all blocks: QMP GO to last uevent"
set ylabel "latency (ms), mean ± stddev"
plot for [i=0:nseries-1] data index i using ($1 * shift(i)):2:3 with yerrorlines ls i+1 title columnheader(1)

set title "online, all blocks: sysfs writes"
unset key
plot for [i=0:nseries-1] data index i using ($1 * shift(i)):4:5 with yerrorlines ls i+1 title columnheader(1)
unset multiplot
