#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# powerpc hot-add under memory pressure (issues 15, 22): 512 MiB of boot
# RAM, a hog holding 97 % of MemAvailable, 8 GiB hot-added as 32 LMBs
# (blocks 4-35 at 1G-9G) that the kernel onlines at once, on three kernels,
# one boot each, so that each effect is read off the pair that isolates
# it:
#   baseline -> altmap-off     the series with the feature off: mostly
#                              patch 7's radix vmemmap, which falls back
#                              to base pages when no 2 MiB page is free
#   altmap-off -> altmap       the placement of the memmap on the LMB
#                              (memmap_on_memory=force)
#   upstream-off -> upstream   6.12 with the feature off and =1, which
#                              on powerpc falls back to RAM (4 memmap
#                              pages are not whole 32-page pageblocks):
#                              no altmap on either side, so the pair must
#                              show no placement; 6.12 falls back to base
#                              pages too (upstream since 6.6).
# (The upstream pair was out of this run for a while: 6.12's guest ended
# in guest-error in 2 of 3 boots. The guest gave the hog a fixed 120 s
# to fill its memory, which TCG on a busy host exceeded; it now waits
# while MemAvailable keeps falling.)
# Physics: a 2 MiB vmemmap page describes 2 GiB (2M / 64 B struct pages
# of 64K); an LMB's memmap is 4 base pages (256M / 64K * 64 B / 64K).
# Stock 6.1 maps the vmemmap with 2 MiB pages only: each 2 GiB from 2 GiB
# up needs a new one, an order-5 allocation, and when it fails the add
# fails (vmemmap_populate() returns -ENOMEM). The others fall back to 4
# order-0 pages per LMB (or take them from the LMB, altmap). What the
# mechanism guarantees, and so what is checked:
#  - every variant: the sample ends in a recorded outcome, no BUG, no
#    panic, the 32 LMBs accounted for;
#  - baseline: if the kernel says "vmemmap alloc failure: order:5", an
#    add failed (stock has no fallback);
#  - the pressure bites on baseline (adds fail or the OOM killer acts),
#    or the run does not test what it claims.
# The fallback kernels may print the same order-5 warning (once a boot,
# from vmemmap_alloc_block(), before the caller falls back), so its
# absence is not what they guarantee; their counts are reported, as
# measured, in the TAP comments. About 2 minutes under TCG (five pseries
# boots).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

arch=powerpc
variants="baseline altmap-off altmap upstream-off upstream"
# run; per variant 3; baseline 2; upstream 1; QEMU.
plan $((1 + 5 * 3 + 2 + 1 + 1))
# shellcheck disable=SC2086 # the variants, one word each
need_kernels "$arch" $variants
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A tools image that fails to build is a failure, not a skip.
if ! make -s -C "$TOP" guest-tools ARCHS=$arch >"$out/make.log" 2>&1; then
	not_ok "$arch: make guest-tools ARCHS=$arch failed: $(tail -n 1 "$out/make.log")"
	exit 1
fi
run=$out/run
G8=8589934592
t0=$(date +%s)
"$MHPBENCH" run --arch $arch --scenario oom --variants "${variants// /,}" \
	--sizes 8G --samples 1 --boot-mem 512M --hog 97 --policy at-once \
	--boot-timeout 300 --out "$run" >"$out/stdout" 2>"$out/stderr"
rc=$?
check "$arch oom: mhpbench run exits 0 (rc $rc: $(tail -n 1 "$out/stderr"))" test "$rc" -eq 0
csv=$run/samples.csv

# logdir VARIANT: the sample's log directory (console.log, raw/kmsg).
logdir() {
	local d
	for d in "$run"/logs/*; do
		case ${d##*/} in
		"$1-8G-0" | *"-$1-8G-0") echo "$d" ;;
		esac
	done
}

# order5 VARIANT: 1 when its kernel said an order-5 vmemmap block failed.
order5() {
	local d
	d=$(logdir "$1")
	if [ -n "$d" ] && grep -rqs 'vmemmap alloc failure: order:5' "$d"; then
		echo 1
	else
		echo 0
	fi
}

# outcomes.csv: run,arch,variant,build,scenario,size,sample,outcome,...
for k in $variants; do
	o=$(awk -F, -v v="$k" '$3 == v { print $8 }' "$run/outcomes.csv")
	d=$(logdir "$k")
	check "$arch oom $k: the sample ends in a recorded outcome, not a panic ($o)" \
		test "$o" = ok -o "$o" = invalid
	check "$arch oom $k: no BUG, no panic on its console (${d##*/})" \
		lacks 'kernel BUG|Kernel panic' "$d/console.log"
	check "$arch oom $k: a hotadd_failed row, the 32 LMBs accounted for" \
		test "$(metric "$csv" "$k" $G8 hotadd_failed | grep -c .)/$(metric "$csv" "$k" $G8 dimms_requested)" = 1/32
	echo "# $k: hotadd_failed $(metric "$csv" "$k" $G8 hotadd_failed)," \
		"blocks_online $(metric "$csv" "$k" $G8 blocks_online)," \
		"oom_kills $(metric "$csv" "$k" $G8 oom_kills)," \
		"oom_survived $(metric "$csv" "$k" $G8 oom_survived)," \
		"order-5 vmemmap failure said $(order5 "$k")"
done
fails=$(metric "$csv" baseline $G8 hotadd_failed)
kills=$(metric "$csv" baseline $G8 oom_kills)
check "$arch oom baseline: under pressure adds fail ($fails) or the OOM killer strikes ($kills)" \
	test "${fails:-0}" -gt 0 -o "${kills:-0}" -gt 0
check "$arch oom baseline: no fallback, an order-5 vmemmap failure ($(order5 baseline)) fails an add ($fails)" \
	test "$(order5 baseline)" = 0 -o "${fails:-0}" -gt 0
# 6.12's rule on powerpc: an LMB's 4 memmap pages are not whole pageblocks
# of 32 (2 MiB of 64K pages), so =1 puts no memmap on the LMB.
check "$arch oom upstream: no altmap, as upstream's rule says (altmap_in_effect $(metric "$csv" upstream $G8 altmap_in_effect))" \
	test "$(metric "$csv" upstream $G8 altmap_in_effect)" = 0
check "$arch: no QEMU of this run left running" none_running "[q]emu-system-.*$run"
echo "# powerpc-oom-pressure.sh: $(($(date +%s) - t0)) s"
