# SPDX-License-Identifier: GPL-2.0
# Shared by every template of plots/ (loaded from this directory).
# mhpbench runs "gnuplot -c TEMPLATE" with these arguments, all strings,
# never evaluated as gnuplot code:
#   ARG1 png|svg   ARG2 output file   ARG3 data file   ARG4 title
#   ARG5 provenance (lines separated by newlines)   ARG6 its line count
#   ARG7 a count the template needs (series, nodes)
# load forgets ARGn: a template names them before loading this.
# Sized for a mail attachment: 900x600, fonts readable without zooming.

if (term eq "svg") {
	set terminal svg size 900,600 dynamic font "Sans,12" background rgb "white"
} else {
	if (strstrt(GPVAL_TERMINALS, " pngcairo ") > 0) {
		set terminal pngcairo size 900,600 font "Sans,10" background rgb "white"
	} else {
		set terminal png size 900,600 font "Sans,10" background rgb "white"
	}
}
set output out
set termoption noenhanced
set encoding utf8

prov_lines = nprov
# The foot of the figure is its provenance, in small type.
foot = 0.012 + 0.021 * prov_lines
set label 1000 prov at screen 0.01, screen foot - 0.012 left front font ",7" textcolor rgb "#444444"
# Plots end above the foot (bottom margin in screen coordinates).
plot_bottom = foot + 0.1
# A legend of n entries goes in a band between the plots and the foot,
# kcols entries a row, so that it never hides data: a template puts the
# key at screen 0.5, legend_top(n) and moves its plots up by band(n).
# (A key in a multiplot panel is only as wide as the panel: kcols 2.)
kcols = 4
key_rows(n) = int((n + kcols - 1) / kcols)
band(n) = n > 0 ? 0.032 * key_rows(n) + 0.01 : 0
legend_top(n) = foot + band(n)

set border 3 lw 1.2
set tics nomirror
set grid ytics lc rgb "#dddddd" lw 1
set key top left box opaque samplen 2
set style line 1 lc rgb "#1f77b4" lw 2 pt 7 ps 1.2
set style line 2 lc rgb "#d62728" lw 2 pt 5 ps 1.2
set style line 3 lc rgb "#2ca02c" lw 2 pt 9 ps 1.4
set style line 4 lc rgb "#9467bd" lw 2 pt 11 ps 1.4
set style line 5 lc rgb "#ff7f0e" lw 2 pt 13 ps 1.4
set style line 6 lc rgb "#8c564b" lw 2 pt 4 ps 1.2
set style line 7 lc rgb "#e377c2" lw 2 pt 6 ps 1.2
set style line 8 lc rgb "#7f7f7f" lw 2 pt 8 ps 1.2

# A log2 x axis of sizes in MiB with a tic at every power of two in
# range, labelled 128M, 256M, 1G ... (the column holds MiB).
size_label(m) = m >= 1024 ? sprintf("%gG", m / 1024) : sprintf("%gM", m)
size_axis_min = 1
size_axis_max = 1
if (exists("size_column")) {
	stats data using size_column nooutput
	size_axis_min = STATS_min / 1.4
	size_axis_max = STATS_max * 1.4
}
