#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# powerpc hot-add under memory pressure (issue 15): with a hog holding 95 %
# of MemAvailable, hot-adding 1 GiB (4 LMBs, the kernel onlining each at
# once) makes the stock kernel's memmap allocations fail or the OOM killer
# strike; the altmap kernel (memmap_on_memory=force: each LMB's memmap on
# the LMB) must not panic either: a vmemmap page table that cannot be
# allocated fails the add with -ENOMEM, which the scenario records
# (hotadd_failed, kernel_add_memory_failed) like any other outcome.
# About 6 minutes under TCG (two pseries boots and two hogs).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 10
arch=powerpc
for k in baseline altmap; do
	if [ ! -f "$TOP/build/kernels/$arch/$k/build.json" ]; then
		for _ in $(seq 10); do
			skip "$arch $k kernel not built (make kernels ARCH=$arch)"
		done
		exit 0
	fi
done
if ! make -s -C "$TOP" guest-tools ARCHS=$arch >/dev/null 2>&1; then
	for _ in $(seq 10); do
		skip "$arch: no tools image (make guest-tools ARCHS=$arch)"
	done
	exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
G1=1073741824
"$MHPBENCH" run --arch $arch --scenario oom --variants baseline,altmap \
	--sizes 1G --samples 1 --hog 95 --policy at-once --boot-timeout 300 \
	--out "$run" >"$out/stdout" 2>"$out/stderr"
check "$arch oom: mhpbench run exits 0" test $? -eq 0
csv=$run/samples.csv
# outcomes.csv: run,arch,variant,build,scenario,size,sample,outcome,...
for k in baseline altmap; do
	o=$(awk -F, -v v=$k '$3 == v { print $8 }' "$run/outcomes.csv")
	check "$arch oom $k: the sample ends in a recorded outcome, not a panic ($o)" \
		test "$o" = ok -o "$o" = invalid
	check "$arch oom $k: no BUG, no panic on the console" \
		bash -c "! grep -rqE 'kernel BUG|Kernel panic' '$run/logs'"
	check "$arch oom $k: a hotadd_failed row, the 4 LMBs accounted for" \
		test "$(metric "$csv" $k $G1 hotadd_failed | grep -c .)/$(metric "$csv" $k $G1 dimms_requested)" = 1/4
done
fails=$(metric "$csv" baseline $G1 hotadd_failed)
kills=$(metric "$csv" baseline $G1 oom_kills)
check "$arch oom baseline: under pressure adds fail ($fails) or the OOM killer strikes ($kills)" \
	test "${fails:-0}" -gt 0 -o "${kills:-0}" -gt 0
afails=$(metric "$csv" altmap $G1 hotadd_failed)
akills=$(metric "$csv" altmap $G1 oom_kills)
check "$arch oom altmap: survived, or its failures recorded (adds failed ${afails:-?}, kills ${akills:-?})" \
	test -n "$afails" -a -n "$akills"
check "$arch: no QEMU of this run left running" bash -c "! pgrep -f '[q]emu-system-.*$run' >/dev/null"
