#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Guest faults are data: a kernel that panics and a guest that hangs each
# become an outcome row with the reason and the log path, within the
# boot timeout, the run goes on, and no QEMU is left running.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

if [ ! -f "$TOP/build/kernels/x86_64/baseline/build.json" ]; then
	skip "x86_64 baseline kernel not built"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout=60

# outcome RUN: the outcome column of the run's only sample.
outcome() {
	awk -F, 'NR == 2 { print $8 }' "$1/outcomes.csv"
}

# An init that does not exist: the kernel panics. panic=0 keeps the guest
# in its panic loop, so only the console can tell.
t0=$(date +%s)
"$MHPBENCH" run --variants baseline --sizes 128M --samples 1 --accel tcg \
	--boot-timeout $timeout --append "rdinit=/nonexistent panic=0" \
	--out "$tmp/panic" >/dev/null 2>&1
rc=$? t=$(($(date +%s) - t0))
check "panic: the run completes (exit $rc)" test $rc -eq 0
check "panic: outcome row says panic" test "$(outcome "$tmp/panic")" = panic
check "panic: the reason quotes the console" \
	grep -q 'Kernel panic - not syncing' "$tmp/panic/outcomes.csv"
check "panic: the row names the log dir" \
	grep -q "$tmp/panic/logs/baseline-128M-0" "$tmp/panic/outcomes.csv"
check "panic: seen within the boot timeout (${t} s)" test $t -lt $((timeout + 30))
check "panic: no QEMU left" bash -c "! pgrep -f '[q]emu-system.*$tmp/panic' >/dev/null"

# An init that waits forever for console input: the guest driver never
# says HELLO.
t0=$(date +%s)
"$MHPBENCH" run --variants baseline --sizes 128M --samples 1 --accel tcg \
	--boot-timeout 20 --append "rdinit=/bin/busybox -- cat" \
	--out "$tmp/hang" >/dev/null 2>&1
rc=$? t=$(($(date +%s) - t0))
check "hang: the run completes (exit $rc)" test $rc -eq 0
check "hang: outcome row says timeout" test "$(outcome "$tmp/hang")" = timeout
check "hang: ended near the boot timeout (${t} s)" test $t -lt 60
check "hang: no QEMU left" bash -c "! pgrep -f '[q]emu-system.*$tmp/hang' >/dev/null"
check "hang: sample excluded in the summary" grep -q 'EXCLUDED (timeout)' "$tmp/hang/summary.txt"
