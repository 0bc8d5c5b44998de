#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot both powerpc kernels (ppc64le pseries, 64K pages, radix) and check
# the physics:
#  - LMBs of 256 MiB; the DLPAR path onlines each LMB in the kernel, so
#    the samples say online_by_kernel and carry no online_latency_us;
#  - hot-added LMBs land on node 1; MemTotal grows by the DIMM minus what
#    the memmap took of it;
#  - theory: 256 MiB / 64 KiB * 64 B = 4 memmap pages per LMB;
#  - baseline: the memmap comes from existing memory;
#  - altmap (the mhpbench series, whose build this test needs: a build
#    without it fails here, it does not change what is expected): 4 pages
#    of memmap per LMB on the LMB itself (nr_memmap_on_memory), inside the
#    pageblock each LMB reserves for it (zoneinfo): 2 MiB pageblocks
#    (pageblock_order = 21 - 16 with radix's 2 MiB huge pages) / 64 KiB
#    = 32 pages;
#  - every sample hot-removes its DIMM (DLPAR) and MemTotal is back to its
#    value before the add, for both variants.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

arch=powerpc
# Physics: 256 MiB / 64 KiB = 4096 pages per LMB, * 64 B of struct page
# = 256 KiB of memmap = 4 pages of 64 KiB; a pageblock is 2 MiB / 64 KiB
# = 32 pages.
MEMMAP_PER_LMB=4 PAGEBLOCK=32
# run; every guest; per variant and size; baseline; altmap; removed; QEMU.
plan $((1 + 5 + 2 * 2 * 4 + 2 * 2 + 2 * 3 + 1 + 2 * 2 + 1))
need_kernels "$arch" baseline altmap

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
"$MHPBENCH" run --arch $arch --variants baseline,altmap --sizes 256M,1G \
	--samples 1 --out "$run" >"$out/stdout" 2>"$out/stderr"
rc=$?
check "$arch: mhpbench run exits 0" test "$rc" -eq 0
csv=$run/samples.csv
M256=268435456 G1=1073741824

check "$arch: the guests ran with 64K pages" \
	test "$(awk -F, '$9 == "page_size_bytes" { print $10 }' "$csv" | sort -u)" = 65536
check "$arch: the guests' memory blocks (LMBs) are 256 MiB" \
	test "$(awk -F, '$9 == "block_size_bytes" { print $10 }' "$csv" | sort -u)" = $M256
check "$arch: every hot-added LMB is on node 1" \
	test "$(awk -F, '$9 == "block_node" { print $10 }' "$csv" | sort -u)" = 1
check "$arch: no sample has an online_latency_us (the kernel onlined)" \
	lacks '^([^,]*,){8}online_latency_us,' "$csv"
check "$arch: the summary says the kernel onlined the memory" \
	grep -q 'onlined by the kernel' "$run/summary.txt"
for k in baseline altmap; do
	for z in $M256 $G1; do
		n=$((z / M256))
		check "$arch $k $((z >> 20))M: $n LMBs added" \
			test "$(rows "$csv" $k $z add_latency_us)/$(metric "$csv" $k $z blocks)" = "$n/$n"
		check "$arch $k $((z >> 20))M: $n LMBs seen onlined by the kernel" \
			test "$(rows "$csv" $k $z kernel_online_seen_us)/$(metric "$csv" $k $z online_by_kernel)" = "$n/1"
		exp=$(metric "$csv" $k $z memmap_pages_expected)
		check "$arch $k $((z >> 20))M: its theory says $((MEMMAP_PER_LMB * n)) memmap pages ($exp)" \
			test "${exp:-x}" = $((MEMMAP_PER_LMB * n))
		gain=$(metric "$csv" $k $z memtotal_gain_kb)
		mm=$(metric "$csv" $k $z memmap_pages_on_hotadded)
		# What the LMBs lose: nothing on baseline, one pageblock each
		# on altmap (64 KiB pages).
		lost=0
		[ $k = baseline ] || lost=$((n * PAGEBLOCK))
		check "$arch $k $((z >> 20))M: MemTotal grows by the DIMM minus $lost pages on it ($gain kB, memmap there ${mm:-?} pages)" \
			test "${gain:-x}" = $((z / 1024 - lost * 64)) -a "${mm:-x}" = $lost
	done
done

for z in $M256 $G1; do
	pm=$(metric "$csv" baseline $z memmap_pages_on_hotadded)
	fe=$(metric "$csv" baseline $z memmap_pages_from_existing)
	check "$arch baseline $((z >> 20))M: memmap from existing RAM ($fe pages), none on node 1 ($pm)" \
		test "${pm:-x}" = 0 -a "${fe:-0}" -ge $((MEMMAP_PER_LMB * z / M256))
	check "$arch baseline $((z >> 20))M: valid, altmap not in effect" \
		test "$(valid "$csv" baseline $z)/$(metric "$csv" baseline $z altmap_in_effect)" = "1/0"
done

check "$arch altmap: the kernel has the series (CONFIG_MHP_MEMMAP_ON_MEMORY)" \
	grep -q '^CONFIG_MHP_MEMMAP_ON_MEMORY=y' "$TOP/build/kernels/$arch/altmap/.config"
for z in $M256 $G1; do
	n=$((z / M256)) tag="$arch altmap $((z >> 20))M"
	c=$(metric "$csv" altmap $z memmap_pages_counter)
	check "$tag: $MEMMAP_PER_LMB memmap pages per LMB on the LMBs ($c)" \
		test "${c:-x}" = $((MEMMAP_PER_LMB * n))
	pm=$(metric "$csv" altmap $z memmap_pages_on_hotadded)
	pb=$(metric "$csv" altmap $z pageblock_pages)
	check "$tag: node 1 reserves one pageblock of $PAGEBLOCK pages per LMB for them ($pm pages, pageblock ${pb:-?})" \
		test "${pm:-x}" = $((n * PAGEBLOCK)) -a "${pb:-x}" = $PAGEBLOCK
	check "$tag: the counter witness says yes, in effect, valid" \
		test "$(metric "$csv" altmap $z witness_counter)/$(metric "$csv" altmap $z altmap_in_effect)/$(valid "$csv" altmap $z)" = "1/1/1"
done
for k in baseline altmap; do
	for z in $M256 $G1; do
		n=$((z / M256)) tag="$arch $k $((z >> 20))M"
		d=$(metric "$csv" $k $z memtotal_remove_delta_kb)
		check "$tag: $n LMBs removed, MemTotal back to its value before the add (delta ${d:-?} kB)" \
			test "$(rows "$csv" $k $z remove_latency_us)/${d:-x}" = "$n/0"
	done
done
check "$arch: no QEMU of this run left running" none_running "[q]emu-system-.*$run"
