#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot both arm64 kernels (virt, UEFI, ACPI) and check the physics:
#  - NUMA is real: no faked node, every hot-added block is on node 1;
#  - blocks are 128 MiB, one uevent and one online per block;
#  - MemTotal grows by the DIMM minus what the memmap took of it;
#  - baseline 128M: memmap from existing memory (MemFree drops >= 2 MiB);
#  - altmap 128M: 512 memmap pages on node 1, the truth check says in
#    effect;
#  - altmap 1G: the series splits a multi-block add per block, so 8 * 512
#    = 4096 memmap pages on node 1. The altmap build is the series'; a
#    build without it fails this test (it does not change what is
#    expected: stock 6.1 would cover single-block ranges only).
#
# Physics: 128 MiB / 4 KiB = 32768 pages per block, * 64 B of struct page
# = 2 MiB of memmap = 512 pages of 4 KiB.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

arch=arm64
MEMMAP_PER_BLOCK=512
# run; every guest; per variant and size; baseline 128M; altmap 128M;
# altmap 1G; removed; meta.json and QEMU.
plan $((1 + 5 + 2 * (1 + 2 * 4) + 2 + 4 + 4 + 2 * 2 + 2))
need_kernels "$arch" baseline altmap

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
"$MHPBENCH" run --arch $arch --variants baseline,altmap --sizes 128M,1G \
	--samples 1 --out "$run" >"$out/stdout" 2>"$out/stderr"
rc=$?
check "$arch: mhpbench run exits 0" test "$rc" -eq 0
csv=$run/samples.csv
M128=134217728 G1=1073741824

# Every guest: 4K pages, 128 MiB blocks, NUMA from the SRAT, not faked.
check "$arch: the guests ran with 4K pages" \
	test "$(awk -F, '$9 == "page_size_bytes" { print $10 }' "$csv" | sort -u)" = 4096
check "$arch: the guests' memory blocks are 128 MiB" \
	test "$(awk -F, '$9 == "block_size_bytes" { print $10 }' "$csv" | sort -u)" = $M128
consoles=("$run"/logs/*/console.log)
check "$arch: a console log of each of the 4 samples (${#consoles[@]})" \
	test -f "${consoles[0]}" -a ${#consoles[@]} -eq 4
check "$arch: no guest faked a NUMA node" \
	lacks 'Faking a node|invalid memblk node' "${consoles[@]}"
check "$arch: every hot-added block is on node 1" \
	test "$(awk -F, '$9 == "block_node" { print $10 }' "$csv" | sort -u)" = 1
for k in baseline altmap; do
	check "$arch $k: build.json records the platform patch" \
		json_true "$TOP/build/kernels/$arch/$k/build.json" \
		'[.platform_patches[].path] | any(test("arm64-platform/0001-"))'
	for z in $M128 $G1; do
		n=$((z / M128))
		check "$arch $k $((z >> 20))M: $n blocks added" \
			test "$(rows "$csv" $k $z add_latency_us)/$(metric "$csv" $k $z blocks)" = "$n/$n"
		check "$arch $k $((z >> 20))M: $n blocks onlined by the guest" \
			test "$(rows "$csv" $k $z online_latency_us)/$(metric "$csv" $k $z online_by_kernel)" = "$n/0"
		p=$(metric "$csv" $k $z node_present_pages)
		check "$arch $k $((z >> 20))M: node 1 present pages == the DIMM ($p)" \
			test "${p:-x}" = $((z / 4096))
		gain=$(metric "$csv" $k $z memtotal_gain_kb)
		mm=$(metric "$csv" $k $z memmap_pages_on_hotadded)
		# The memmap on the DIMM: none on baseline, 512 per block on
		# altmap (4 KiB pages).
		lost=0
		[ $k = baseline ] || lost=$((n * MEMMAP_PER_BLOCK))
		check "$arch $k $((z >> 20))M: MemTotal grows by the DIMM minus $lost pages on it ($gain kB, memmap there ${mm:-?} pages)" \
			test "${gain:-x}" = $((z / 1024 - lost * 4)) -a "${mm:-x}" = $lost
	done
done

# The 2 MiB memmap, give or take what other pages come and go meanwhile.
drop=$(metric "$csv" baseline $M128 memfree_drop_at_add_kb)
check "$arch baseline 128M: MemFree drops by about the 2 MiB memmap at add ($drop kB)" \
	test "${drop:--1}" -ge 1536
check "$arch baseline 128M: valid, altmap not in effect" \
	test "$(valid "$csv" baseline $M128)/$(metric "$csv" baseline $M128 altmap_in_effect)" = "1/0"

pm=$(metric "$csv" altmap $M128 memmap_pages_on_hotadded)
check "$arch altmap 128M: 512 memmap pages on node 1 ($pm)" test "${pm:-x}" = 512
kpf=$(metric "$csv" altmap $M128 memmap_pages_on_hotadded_kpf)
check "$arch altmap 128M: kpageflags shows 512 self-hosted pages ($kpf)" \
	test "${kpf:-x}" = 512
drop=$(metric "$csv" altmap $M128 memfree_drop_at_add_kb)
check "$arch altmap 128M: MemFree drops by < 1 MiB at add ($drop kB)" \
	test "${drop:-99999}" -lt 1024
check "$arch altmap 128M: valid, the truth check says in effect" \
	test "$(valid "$csv" altmap $M128)/$(metric "$csv" altmap $M128 altmap_in_effect)" = "1/1"

check "$arch altmap: the kernel has the series (build.json lists its patches)" \
	json_true "$TOP/build/kernels/$arch/altmap/build.json" '[.patches[].path] | any(test("altmap/0002-"))'
pm=$(metric "$csv" altmap $G1 memmap_pages_on_hotadded)
check "$arch altmap 1G (the series): 4096 memmap pages on node 1, in effect ($pm)" \
	test "${pm:-x}/$(metric "$csv" altmap $G1 altmap_in_effect)" = 4096/1
# The seed's arm64 test: numactl -H said "node 1 size: 1008 MB".
mg=$(metric "$csv" altmap $G1 node_managed_pages)
check "$arch altmap 1G (the series): node 1 has 1008 MiB, as in the seed (${mg:-?} pages)" \
	test "$(( ${mg:-0} * 4 / 1024 ))" = 1008
c=$(metric "$csv" altmap $G1 memmap_pages_counter)
check "$arch altmap 1G (the series): the memmap counter says 4096 pages, its witness yes ($c)" \
	test "${c:-x}/$(metric "$csv" altmap $G1 witness_counter)" = 4096/1
for k in baseline altmap; do
	for z in $M128 $G1; do
		n=$((z / M128)) tag="$arch $k $((z >> 20))M"
		d=$(metric "$csv" $k $z memtotal_remove_delta_kb)
		check "$tag: $n blocks removed, MemTotal back to its value before the add (delta ${d:-?} kB)" \
			test "$(rows "$csv" $k $z remove_latency_us)/${d:-x}" = "$n/0"
	done
done
check "$arch: meta.json holds both kernels and the firmware" \
	json_true "$run/meta.json" '.kernels.baseline.image_sha256 and .kernels.altmap.image_sha256 and (.arch.firmware | length > 0)'
check "$arch: no QEMU of this run left running" none_running "[q]emu-system-.*$run"
