#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make aa: calibrate the report's rule with A/A runs. Runs
# configs/bench/aa.conf (baseline against baseline-aa: the same kernel and
# command line under two names) AA_RUNS times (10), reports each, and
# prints how many runs flagged anything and which metrics: with nothing
# different, every flag is a false positive, and a rule at alpha 0.01
# should flag at most about one run in ten (BH holds the share of false
# findings among the flagged, so a run with no true change flags anything
# with probability at most alpha; the runs are independent).
#
#   bench/aa.sh [OUT]     (OUT: results/aa-DATE; an existing OUT resumes)
#
# Each run is OUT/run-N with its report in OUT/run-N/report; a run whose
# report exists is not run again. OUT/summary.txt holds the counts.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/kernels/lib.sh"

mhpbench=${MHPBENCH:-$top/build/bin/mhpbench}
runs=${AA_RUNS:-10}
config=${AA_CONFIG:-$top/configs/bench/aa.conf}
case $runs in '' | *[!0-9]* | 0) die "AA_RUNS must be a positive number, not '$runs'" ;; esac
[ -x "$mhpbench" ] || die "$mhpbench missing (make host)"
out=${1:-$top/results/aa-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"

# flagged REPORT: the metrics the report flags ("* change of the mean"
# blocks: one metric per line, indented four spaces).
flagged() {
	awk '/^  \* change of the mean/ { on = 1; next }
	     on && /^    [a-z]/ { print $1; next }
	     on && !/^      / { on = 0 }' "$1"
}

t0=$SECONDS
for ((i = 1; i <= runs; i++)); do
	run=$out/run-$i
	if [ ! -s "$run/report/report.txt" ]; then
		if [ -f "$run/meta.json" ]; then
			"$mhpbench" run --resume "$run" >"$run.stdout"
		else
			"$mhpbench" run --config "$config" --out "$run" >"$run.stdout"
		fi
		"$mhpbench" report "$run" --out "$run/report" --no-plots >/dev/null
	fi
	n=$(flagged "$run/report/report.txt" | sort -u | tr '\n' ' ')
	pos=$(grep -c '^!!! position effect' "$run/report/report.txt" || true)
	note "A/A run $i of $runs: ${n:-nothing flagged}${pos:+; position effects: $pos}"
done

{
	echo "A/A runs of $(basename "$config"): $runs, $(( (SECONDS - t0) / 60 )) min here"
	echo "(rule: meta.json's alpha and min_change; each run's report in run-N/report)"
	any=0
	for ((i = 1; i <= runs; i++)); do
		[ -z "$(flagged "$out/run-$i/report/report.txt")" ] || any=$((any + 1))
	done
	echo "runs that flagged anything: $any of $runs"
	echo "flags per metric (runs):"
	for ((i = 1; i <= runs; i++)); do
		flagged "$out/run-$i/report/report.txt" | sort -u
	done | sort | uniq -c | sort -rn | sed 's/^/  /'
	echo "runs with a position effect: $(grep -l '^!!! position effect' "$out"/run-*/report/report.txt 2>/dev/null | wc -l) of $runs"
} | tee "$out/summary.txt"
