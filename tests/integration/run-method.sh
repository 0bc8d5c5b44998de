#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The run's method (issue 11): altmap-off is the altmap build booted with
# memmap_on_memory=0 (no build of its own, the same build id); --trace yes
# takes a traced sample beside each untraced one and every sample says
# which it is; the bench config's pairs reach meta.json; --resume keeps
# traced samples apart, and reads a sample of a run from before the
# traced row as traced when it has ftrace rows.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 22
arch=x86_64
kdir=$TOP/build/kernels/$arch
cache=${MHP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}
id=$(jq -r .build_id "$kdir/altmap/build.json" 2>/dev/null)
if [ -z "$id" ] || [ ! -f "$cache/kernels/$arch/$id/.mhpbench-done" ]; then
	skip_all "x86_64 altmap kernel not built and cached"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. A variant that differs from altmap only in its command line: no make.
"$TOP/kernels/build.sh" $arch altmap altmap-off >"$tmp/build.log" 2>&1
rc=$?
check "build.sh for altmap-off exits 0" test "$rc" -eq 0
check "altmap-off is up to date without a build" \
	grep -q "kernel $arch/altmap-off ${id:0:12}: up to date" "$tmp/build.log"
check "nothing was configured or built" \
	lacks 'configuring|building with' "$tmp/build.log"
check "altmap-off has altmap's build id" \
	test "$(jq -r .build_id "$kdir/altmap-off/build.json")" = "$id"
check "altmap-off boots with memmap_on_memory=0" \
	grep -q 'memory_hotplug.memmap_on_memory=0' "$kdir/altmap-off/build.json"

# 2. A traced run of both (the default config's pairs, cut to this run's).
run=$tmp/run
"$MHPBENCH" run --arch $arch --variants altmap,altmap-off --sizes 128M \
	--samples 1 --trace yes --accel tcg --out "$run" >"$tmp/run.log" 2>&1
rc=$?
check "the traced run exits 0" test "$rc" -eq 0
m=$run/meta.json
check "meta.json: altmap-off shares altmap's build id" \
	json_true "$m" '.kernels.altmap.build_id == .kernels["altmap-off"].build_id'
check "meta.json: options.trace is true" json_true "$m" '.options.trace == true'
check "meta.json: alpha and min_change of the config" \
	json_true "$m" '.options.alpha == 0.01 and .options.min_change == 0.05'
check "meta.json: the one config pair this run has" \
	json_true "$m" '.pairs == [{"base": "altmap-off", "new": "altmap",
		"isolates": "what the placement of the memmap itself does"}]'
csv=$run/samples.csv
# sample,variant -> traced; and which samples have ftrace rows
traced=$(awk -F, '$9 == "traced" { print $3 "#" $7 "=" $10 }' "$csv" | sort | tr '\n' ' ')
check "every sample has its traced row: 0 untraced, 1 traced ($traced)" \
	test "$traced" = "altmap#0=0 altmap#1=1 altmap-off#0=0 altmap-off#1=1 "
ft=$(awk -F, '$9 ~ /^ftrace_/ { print $3 "#" $7 }' "$csv" | sort -u | tr '\n' ' ')
check "only the traced samples have ftrace rows ($ft)" \
	test "$ft" = "altmap#1 altmap-off#1 "
check "every sample is valid" \
	test "$(awk -F, 'NR > 1 && $9 == "wall_ms" && $12 == 1' "$csv" | wc -l)" -eq 4
check "altmap-off: no memmap on the hot-added memory" \
	test "$(metric "$csv" altmap-off 134217728 altmap_in_effect | sort -u)" = 0
check "altmap: the memmap on the hot-added memory" \
	test "$(metric "$csv" altmap 134217728 altmap_in_effect | sort -u)" = 1
check "summary.txt keeps the traced samples apart" \
	grep -q '^altmap 128M traced: 1/1 valid' "$run/summary.txt"

# 3. Resume: a traced sample lost, and samples written before the
# traced row existed (rows stripped), must come back marked.
rm "$run/samples/$arch-altmap-off-128M-1.outcome.csv"
sed -i '/,traced,/d' "$run/samples/$arch-altmap-128M-0.csv" \
	"$run/samples/$arch-altmap-128M-1.csv"
"$MHPBENCH" run --resume "$run" >"$tmp/resume.log" 2>&1
rc=$?
check "the resumed run exits 0" test "$rc" -eq 0
check "it ran the lost traced sample again" \
	grep -q 'altmap-off 128M #1 (traced): ok' "$tmp/resume.log"
check "and no other" \
	test "$(grep -c 'done before' "$tmp/resume.log")" -eq 3
traced=$(awk -F, '$9 == "traced" { print $3 "#" $7 "=" $10 }' "$csv" | sort | tr '\n' ' ')
check "after the resume every sample is marked ($traced)" \
	test "$traced" = "altmap#0=0 altmap#1=1 altmap-off#0=0 altmap-off#1=1 "
check "the rerun traced sample has ftrace rows" \
	test "$(awk -F, '$3 == "altmap-off" && $7 == 1 && $9 ~ /^ftrace_/' "$csv" | wc -l)" -gt 0
check "the resumed run kept --trace yes" json_true "$m" '.options.trace == true'
