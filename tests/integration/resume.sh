#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crash safety: SIGKILL the runner in the middle of a multi-sample run,
# resume it, and check that every sample finished before the kill is
# there exactly once and unchanged, the run completes, and no QEMU of the
# killed runner survives it.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 13
need_kernels x86_64 baseline baseline-aa
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

# The order: a resumed run keeps the order its seed drew, and writes the
# samples it takes from samples/ after its last new one. Two variants,
# one round, fixed seed; the first sample of the round lost.
run=$tmp/order
"$MHPBENCH" run --arch x86_64 --variants baseline,baseline-aa --sizes 128M \
	--samples 1 --seed 3 --accel tcg --out "$run" >"$tmp/order1.log" 2>&1
first=$(grep -o 'baseline[-a]* 128M #0: ok' "$tmp/order1.log" | head -n 1 | cut -d' ' -f1)
rm -f "$run/samples/x86_64-$first-128M-0.outcome.csv"
"$MHPBENCH" run --resume "$run" >"$tmp/order2.log" 2>&1
rc=$?
check "order: --resume exits 0, seed 3 recorded (exit $rc)" \
	test "$rc" -eq 0 -a "$(jq -r .options.seed "$run/meta.json")" = 3
check "order: the same order again ($(grep -o 'baseline[-a]* 128M #0' "$tmp/order2.log" | tr '\n' ' '))" \
	test "$(grep -o 'baseline[-a]* 128M #0' "$tmp/order1.log")" = "$(grep -o 'baseline[-a]* 128M #0' "$tmp/order2.log")"
check "order: samples.csv has both samples, the one taken after the rerun too" \
	test "$(awk -F, '$9 == "wall_ms" { print $3 }' "$run/samples.csv" | sort | tr '\n' ' ')" = "baseline baseline-aa "
# A resume with nothing left to run boots no QEMU: meta.json keeps the
# QEMU version the samples met (it said "unknown" before).
qv=$(jq -r .qemu_version "$run/meta.json")
"$MHPBENCH" run --resume "$run" >"$tmp/order3.log" 2>&1
rc=$?
check "order: a resume of a finished run keeps QEMU $qv in meta.json (exit $rc)" \
	test "$rc" -eq 0 -a "$(jq -r .qemu_version "$run/meta.json")" = "$qv" -a "$qv" != unknown
