#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot both x86_64 kernels and check the physics of memmap placement:
#  - baseline 128M: the memmap comes from existing memory (MemFree drops
#    by >= 2 MiB at add) and node 1 has managed == present;
#  - altmap 128M: present - managed == 512 pages on node 1 and MemFree
#    drops by < 1 MiB at add;
#  - altmap 1G and 2G (the seed's example): the mhpbench series puts the
#    memmap of every 128 MiB block on the block, 512 pages each: 4096 and
#    8192 pages on node 1, MemFree drop at add far below the 16 and 32 MiB
#    the baseline takes; the MemmapOnMemory counter says the same as
#    zoneinfo;
#  - every sample hot-removes its DIMM again (offline, device_del) and
#    MemTotal is back to its value before the add, for both variants.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# run, header; baseline 128M; altmap 128M; altmap 1G and 2G; the rest;
# each variant and size removed; meta.json and QEMU.
plan $((3 + 3 + 4 + 2 * 6 + 6 + 2 * 3 * 2 + 4))
need_kernels x86_64 baseline altmap

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
"$MHPBENCH" run --arch x86_64 --variants baseline,altmap --sizes 128M,1G,2G \
	--samples 1 --out "$run" >"$out/stdout" 2>"$out/stderr"
rc=$?
check "mhpbench run exits 0" test "$rc" -eq 0
csv=$run/samples.csv
check "samples.csv written" test -s "$csv"
check "samples.csv has the exact header" test "$(head -n1 "$csv")" = \
	"run_id,arch,variant,kernel_id,scenario,size_bytes,sample,block,metric,value,unit,valid"
M128=134217728 G1=1073741824 G2=2147483648

drop=$(metric "$csv" baseline $M128 memfree_drop_at_add_kb)
check "baseline 128M: MemFree drops by >= 2 MiB at add ($drop kB)" \
	test "${drop:--1}" -ge 2048
p=$(metric "$csv" baseline $M128 node_present_pages)
m=$(metric "$csv" baseline $M128 node_managed_pages)
check "baseline 128M: node 1 managed == present ($m/$p)" \
	test -n "$p" -a "$p" = "${m:-x}" -a "${p:-0}" -gt 0
check "baseline 128M: valid, altmap not in effect" \
	test "$(valid "$csv" baseline $M128)/$(metric "$csv" baseline $M128 altmap_in_effect)" = "1/0"

pm=$(metric "$csv" altmap $M128 memmap_pages_on_hotadded)
check "altmap 128M: present - managed == 512 pages on node 1 ($pm)" \
	test "${pm:-x}" = 512
kpf=$(metric "$csv" altmap $M128 memmap_pages_on_hotadded_kpf)
check "altmap 128M: kpageflags shows 512 self-hosted pages ($kpf)" \
	test "${kpf:-x}" = 512
drop=$(metric "$csv" altmap $M128 memfree_drop_at_add_kb)
check "altmap 128M: MemFree drops by < 1 MiB at add ($drop kB)" \
	test "${drop:-99999}" -lt 1024
check "altmap 128M: valid, altmap in effect" \
	test "$(valid "$csv" altmap $M128)/$(metric "$csv" altmap $M128 altmap_in_effect)" = "1/1"

for z in $G1 $G2; do
	n=$((z / M128)) pages=$((512 * z / M128)) tag="altmap $((z >> 20))M"
	check "$tag: $n blocks, every one on node 1" \
		test "$(rows "$csv" altmap $z block_node)/$(awk -F, -v s=$z \
			'$3 == "altmap" && $6 == s && $9 == "block_node" { print $10 }' "$csv" |
			sort -u)" = "$n/1"
	pm=$(metric "$csv" altmap $z memmap_pages_on_hotadded)
	check "$tag: present - managed == $pages pages on node 1 ($pm)" \
		test "${pm:-x}" = $pages
	kpf=$(metric "$csv" altmap $z memmap_pages_on_hotadded_kpf)
	check "$tag: kpageflags shows $pages self-hosted pages ($kpf)" \
		test "${kpf:-x}" = $pages
	c=$(metric "$csv" altmap $z memmap_pages_counter)
	check "$tag: nr_memmap_on_memory and MemmapOnMemory say $pages pages, as zoneinfo ($c)" \
		test "${c:-x}/$(metric "$csv" altmap $z witness_counter)" = "$pages/1"
	drop=$(metric "$csv" altmap $z memfree_drop_at_add_kb)
	check "$tag: MemFree drops by < 2 MiB at add, not $((pages * 4 / 1024)) MiB ($drop kB)" \
		test "${drop:-99999}" -lt 2048
	check "$tag: valid, altmap in effect" \
		test "$(valid "$csv" altmap $z)/$(metric "$csv" altmap $z altmap_in_effect)" = "1/1"
done
drop=$(metric "$csv" baseline $G2 memfree_drop_at_add_kb)
check "baseline 2G: MemFree drops by about 32 MiB at add, the whole memmap ($drop kB)" \
	test "${drop:--1}" -ge 30720
check "baseline 2G: valid, altmap not in effect" \
	test "$(valid "$csv" baseline $G2)/$(metric "$csv" baseline $G2 altmap_in_effect)" = "1/0"
check "the summary excludes no sample" lacks '^!!!' "$run/summary.txt"
check "baseline 1G: valid" test "$(valid "$csv" baseline $G1)" = 1
check "1G: one add and one online latency per block (8 blocks)" \
	test "$(rows "$csv" baseline $G1 add_latency_us)/$(rows "$csv" baseline $G1 online_latency_us)" = 8/8
exp=$(metric "$csv" baseline $G1 memmap_pages_expected)
check "1G: theory says 4096 memmap pages ($exp)" test "${exp:-x}" = 4096
for k in baseline altmap; do
	for z in $M128 $G1 $G2; do
		n=$((z / M128)) tag="$k $((z >> 20))M"
		check "$tag: each of the $n blocks offlined and removed" \
			test "$(rows "$csv" $k $z offline_latency_us)/$(rows "$csv" $k $z remove_latency_us)" = "$n/$n"
		d=$(metric "$csv" $k $z memtotal_remove_delta_kb)
		check "$tag: hot-remove returns MemTotal to its value before the add (delta ${d:-?} kB)" \
			test "${d:-x}" = 0
	done
done
c=$(metric "$csv" altmap $G2 vmstat_memmap_after_remove_pages)
check "altmap 2G: nr_memmap_on_memory back to 0 after the remove (${c:-?})" test "${c:-x}" = 0
check "meta.json names the accelerator and QEMU version" \
	json_true "$run/meta.json" '(.accelerator | length > 0) and (.qemu_version | test("^[0-9]+\\."))'
check "meta.json holds both kernels' build.json" \
	json_true "$run/meta.json" '.kernels.baseline.image_sha256 and .kernels.altmap.image_sha256'
check "no QEMU of this run left running" none_running "[q]emu-system.*$run/logs"
