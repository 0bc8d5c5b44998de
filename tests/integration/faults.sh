#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Guest faults are data: a kernel that panics and a guest that hangs each
# become an outcome row with the reason and the log path, within the
# boot timeout, the run goes on, and no QEMU is left running.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# panic; hang; SIGTERM and SIGINT.
plan $((6 + 5 + 2 * 2))
need_kernels x86_64 baseline
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
rc=$?
t=$(($(date +%s) - t0))
check "panic: the run completes (exit $rc)" test $rc -eq 0
check "panic: outcome row says panic" test "$(outcome "$tmp/panic")" = panic
check "panic: the reason quotes the console" \
	grep -q 'Kernel panic - not syncing' "$tmp/panic/outcomes.csv"
check "panic: the row names the log dir" \
	grep -q "$tmp/panic/logs/baseline-128M-0" "$tmp/panic/outcomes.csv"
check "panic: seen within the boot timeout (${t} s)" test $t -lt $((timeout + 30))
check "panic: no QEMU left" none_running "[q]emu-system.*$tmp/panic"

# An init that waits forever for console input: the guest driver never
# says HELLO.
t0=$(date +%s)
"$MHPBENCH" run --variants baseline --sizes 128M --samples 1 --accel tcg \
	--boot-timeout 20 --append "rdinit=/bin/busybox -- cat" \
	--out "$tmp/hang" >/dev/null 2>&1
rc=$?
t=$(($(date +%s) - t0))
check "hang: the run completes (exit $rc)" test $rc -eq 0
check "hang: outcome row says timeout" test "$(outcome "$tmp/hang")" = timeout
check "hang: ended near the boot timeout (${t} s)" test $t -lt 60
check "hang: no QEMU left" none_running "[q]emu-system.*$tmp/hang"
check "hang: sample excluded in the summary" grep -q 'EXCLUDED (timeout)' "$tmp/hang/summary.txt"

# SIGTERM and SIGINT of the runner while a guest boots: the runner dies,
# its QEMU with it.
for sig in TERM INT; do
	d=$tmp/sig$sig
	"$MHPBENCH" run --variants baseline --sizes 128M --samples 2 --accel tcg \
		--out "$d" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 200); do
		pgrep -f "[q]emu-system.*$d/logs" >/dev/null && break
		sleep 0.1
	done
	kill -$sig $pid
	wait $pid 2>/dev/null
	rc=$?
	sleep 1
	check "SIG$sig: the runner stopped (status $rc)" test $rc -ne 0
	check "SIG$sig: no QEMU left" none_running "[q]emu-system.*$d/logs"
done
