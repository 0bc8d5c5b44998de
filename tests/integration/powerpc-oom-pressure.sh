#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# powerpc hot-add under memory pressure (issue 15): 512 MiB of boot RAM, a
# hog holding 97 % of MemAvailable, 8 GiB hot-added as 32 LMBs that the
# kernel onlines at once. The stock kernel maps the vmemmap with 2 MiB
# pages, one per 2 GiB of memory: each 2 GiB from 2 GiB up needs a new
# one, an order-5 allocation that fails under the hog ("vmemmap alloc
# failure: order:5"; 20 to 28 of the 32 adds failed in 4 runs out of 4),
# and the scenario records it (hotadd_failed). The altmap kernel
# (memmap_on_memory=force: each LMB's memmap on the LMB) needs no such
# allocation and onlines all 32; a
# vmemmap page table it cannot allocate would fail an add with -ENOMEM
# (recorded the same way), never BUG_ON(). Either way: an outcome, not a
# panic. About 20 s under TCG (two pseries boots).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 10
arch=powerpc
for k in baseline altmap; do
	if [ ! -f "$TOP/build/kernels/$arch/$k/build.json" ]; then
		skip_all "$arch $k kernel not built (make kernels ARCH=$arch)"
	fi
done
if ! make -s -C "$TOP" guest-tools ARCHS=$arch >/dev/null 2>&1; then
	skip_all "$arch: no tools image (make guest-tools ARCHS=$arch)"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
G8=8589934592
"$MHPBENCH" run --arch $arch --scenario oom --variants baseline,altmap \
	--sizes 8G --samples 1 --boot-mem 512M --hog 97 --policy at-once \
	--boot-timeout 300 --out "$run" >"$out/stdout" 2>"$out/stderr"
check "$arch oom: mhpbench run exits 0" test $? -eq 0
csv=$run/samples.csv
# outcomes.csv: run,arch,variant,build,scenario,size,sample,outcome,...
for k in baseline altmap; do
	o=$(awk -F, -v v=$k '$3 == v { print $8 }' "$run/outcomes.csv")
	check "$arch oom $k: the sample ends in a recorded outcome, not a panic ($o)" \
		test "$o" = ok -o "$o" = invalid
	check "$arch oom $k: no BUG, no panic on the console" \
		bash -c "! grep -rqE 'kernel BUG|Kernel panic' '$run/logs'"
	check "$arch oom $k: a hotadd_failed row, the 32 LMBs accounted for" \
		test "$(metric "$csv" $k $G8 hotadd_failed | grep -c .)/$(metric "$csv" $k $G8 dimms_requested)" = 1/32
done
fails=$(metric "$csv" baseline $G8 hotadd_failed)
kills=$(metric "$csv" baseline $G8 oom_kills)
check "$arch oom baseline: under pressure adds fail ($fails) or the OOM killer strikes ($kills)" \
	test "${fails:-0}" -gt 0 -o "${kills:-0}" -gt 0
check "$arch oom altmap: survived: 32 LMBs online, no add failed, no OOM kill" \
	test "$(metric "$csv" altmap $G8 oom_survived)/$(metric "$csv" altmap $G8 blocks_online)/$(metric "$csv" altmap $G8 hotadd_failed)/$(metric "$csv" altmap $G8 oom_kills)" = 1/32/0/0
check "$arch: no QEMU of this run left running" bash -c "! pgrep -f '[q]emu-system-.*$run' >/dev/null"
