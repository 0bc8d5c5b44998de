#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crash safety: SIGKILL the runner in the middle of a multi-sample run,
# resume it, and check that every sample finished before the kill is
# there exactly once and unchanged, the run completes, and no QEMU of the
# killed runner survives it.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 9
need_kernels x86_64 baseline
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run=$tmp/run
"$MHPBENCH" run --arch x86_64 --variants baseline --sizes 128M --samples 3 \
	--accel tcg --out "$run" >"$tmp/first.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
	[ -e "$run/samples/x86_64-baseline-128M-0.outcome.csv" ] && break
	sleep 0.5
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check "a sample finished before the kill" \
	test -e "$run/samples/x86_64-baseline-128M-0.outcome.csv"
before=$(cat "$run/samples/x86_64-baseline-128M-0.outcome.csv")
sleep 1
check "no QEMU of the killed runner is left" \
	none_running "[q]emu-system.*$run/logs"

"$MHPBENCH" run --resume "$run" >"$tmp/second.log" 2>&1
rc=$?
check "the resumed run exits 0" test "$rc" -eq 0
check "the resumed run did not repeat sample 0" \
	grep -q 'baseline 128M #0: done before' "$tmp/second.log"
n=$(tail -n +2 "$run/outcomes.csv" | wc -l)
check "outcomes.csv has the 3 samples ($n rows)" test "$n" -eq 3
u=$(tail -n +2 "$run/outcomes.csv" | cut -d, -f3,6,7 | sort -u | wc -l)
check "each sample appears exactly once ($u distinct)" test "$u" -eq 3
check "the sample finished before the kill is unchanged" \
	grep -qxF "$before" "$run/outcomes.csv"
rows=$(awk -F, '$9 == "wall_ms"' "$run/samples.csv" | wc -l)
check "samples.csv has one wall_ms row per sample ($rows)" test "$rows" -eq 3
check "summary.txt written" test -s "$run/summary.txt"
