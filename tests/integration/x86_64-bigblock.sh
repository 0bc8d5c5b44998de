#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The big-block machine (--bigblock yes): x86_64 with 64 GiB of boot RAM,
# laid out so that it ends on a 2 GiB boundary, picks 2 GiB memory
# blocks; one 2 GiB DIMM per variant:
#  - the guest reports 2 GiB blocks and the DIMM is one block on node 1;
#  - altmap: the block's 8192 memmap pages (32 MiB) are on the block
#    itself (zoneinfo, kpageflags and the nr_memmap_on_memory counter
#    agree), MemFree does not drop at add, MemTotal grows by 2 GiB less
#    the memmap;
#  - baseline: the memmap comes from existing RAM, MemFree drops by about
#    32 MiB at add, MemTotal grows by 2 GiB;
#  - the host backs the guest lazily: QEMU's peak RSS is recorded for
#    every sample and stays far below the guest's 66 GiB;
#  - hot-remove gives MemTotal back.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# run; per variant; RSS rows; altmap; baseline; meta.json and QEMU.
plan $((2 + 2 * 6 + 1 + 6 + 3 + 2))
need_kernels x86_64 baseline altmap

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
"$MHPBENCH" run --arch x86_64 --bigblock yes --variants baseline,altmap \
	--sizes 2G --samples 1 --boot-timeout 300 --out "$run" \
	>"$out/stdout" 2>"$out/stderr"
rc=$?
check "mhpbench run --bigblock yes exits 0" test "$rc" -eq 0
csv=$run/samples.csv
check "samples.csv written" test -s "$csv"
G2=2147483648 GIB_KB=1048576

for k in baseline altmap; do
	check "$k: valid" test "$(valid "$csv" $k $G2)" = 1
	bs=$(metric "$csv" $k $G2 block_size_bytes)
	check "$k: the guest's memory blocks are 2 GiB ($bs)" test "${bs:-x}" = $G2
	check "$k: the DIMM is one block, on node 1" \
		test "$(rows "$csv" $k $G2 block_node)/$(awk -F, -v v=$k \
			'$3 == v && $9 == "block_node" { print $10 }' "$csv")" = 1/1
	# Boot memory ends at 66 GiB and QEMU's DIMM region starts there.
	check "$k: the DIMM is block 33, at 66 GiB" \
		test "$(awk -F, -v v=$k '$3 == v && $9 == "block_node" { print $8 }' \
			"$csv")" = 33
	rss=$(metric "$csv" $k $G2 host_qemu_peak_rss_kb)
	check "$k: QEMU's peak RSS recorded, below 8 GiB (${rss:-?} kB)" \
		test "${rss:-0}" -gt 0 -a "${rss:-0}" -lt $((8 * GIB_KB))
	d=$(metric "$csv" $k $G2 memtotal_remove_delta_kb)
	check "$k: hot-remove returns MemTotal to its value before the add (delta ${d:-?} kB)" \
		test "${d:-x}" = 0
	echo "# $k: boot $(metric "$csv" $k $G2 boot_ms) ms, peak RSS ${rss:-?} kB," \
		"MemFree drop at add $(metric "$csv" $k $G2 memfree_drop_at_add_kb) kB"
done
check "every booted sample has one host_qemu_peak_rss_kb row" \
	test "$(awk -F, '$9 == "host_qemu_peak_rss_kb"' "$csv" | wc -l)" = 2

pm=$(metric "$csv" altmap $G2 memmap_pages_on_hotadded)
check "altmap: present - managed == 8192 pages on node 1 ($pm)" test "${pm:-x}" = 8192
kpf=$(metric "$csv" altmap $G2 memmap_pages_on_hotadded_kpf)
check "altmap: kpageflags shows 8192 self-hosted pages ($kpf)" test "${kpf:-x}" = 8192
c=$(metric "$csv" altmap $G2 memmap_pages_counter)
check "altmap: nr_memmap_on_memory says 8192 pages, as zoneinfo ($c)" \
	test "${c:-x}/$(metric "$csv" altmap $G2 witness_counter)" = 8192/1
drop=$(metric "$csv" altmap $G2 memfree_drop_at_add_kb)
check "altmap: MemFree drops by < 2 MiB at add, not 32 MiB ($drop kB)" \
	test "${drop:-99999}" -lt 2048
gain=$(metric "$csv" altmap $G2 memtotal_gain_kb)
check "altmap: MemTotal grows by 2 GiB less the 32 MiB memmap ($gain kB)" \
	test "${gain:-x}" = $((2 * GIB_KB - 32768))
check "altmap: altmap in effect" test "$(metric "$csv" altmap $G2 altmap_in_effect)" = 1

drop=$(metric "$csv" baseline $G2 memfree_drop_at_add_kb)
check "baseline: MemFree drops by about 32 MiB at add, the memmap ($drop kB)" \
	test "${drop:--1}" -ge 30720 -a "${drop:-99999}" -le 36864
gain=$(metric "$csv" baseline $G2 memtotal_gain_kb)
check "baseline: MemTotal grows by 2 GiB ($gain kB)" test "${gain:-x}" = $((2 * GIB_KB))
check "baseline: no memmap on the hot-added memory, altmap not in effect" \
	test "$(metric "$csv" baseline $G2 memmap_pages_on_hotadded)/$(metric "$csv" baseline $G2 altmap_in_effect)" = 0/0

check "meta.json: the big-block machine, 64 GiB boot RAM, 2 GiB blocks" \
	json_true "$run/meta.json" '.options.bigblock and .arch.bigblock and
		.arch.boot_mem_bytes == 68719476736 and
		.arch.block_size_bytes == 2147483648'
check "no QEMU of this run left running" none_running "[q]emu-system.*$run/logs"
