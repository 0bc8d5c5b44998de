#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# virtio-mem on x86_64 and arm64 (issue 17): one virtio-mem-pci device on
# node 1, baseline and altmap, 1G and 4G (4G is more than the 1 GiB of
# offline memory the 6.1 driver allows, so the plug completes only if the
# guest onlines each block as it comes). One boot per variant and size,
# one oom boot per arch, one big-block boot and two DIMM boots: 13
# boots, about 45 s under TCG. Per sample:
#  - plugged size == requested, size / 128 MiB blocks onlined;
#  - the memmap comes from existing memory: 0 pages on the hot-added
#    memory (zoneinfo) and MemFree's shortfall within the witness's resolution
#    (512 pages per 128 MiB block), for both variants;
#  - the altmap kernel's claim is reported not in effect, with the reason
#    (virtio-mem does not request MHP_MEMMAP_ON_MEMORY), and still valid;
#  - unplug (requested-size 0) brings MemTotal back to its boot value, and
#    a second plug brings every block back;
#  - the guest's mode: SBM with 2 MiB sub-blocks at QEMU's default block
#    size, as its kernel log says; meta.json records the method;
#  - oom, delayed onlining (2 s), 2G, baseline (one boot per arch): the
#    plug stalls at the driver's offline threshold, 1 GiB (8 blocks),
#    for about the delay, then completes once the guest onlines;
#  - x86_64, the third variant (altmap-off) with a 128 MiB device block
#    (one boot): the guest in big-block mode, 128 MiB big blocks, the
#    block size in meta.json and as QEMU has it;
#  - x86_64: a DIMM run of the same kernels at 1G (2 boots more) against
#    the virtio-mem run is a methods comparison: mhpbench compare names
#    the method on each side and says the pair isolates it.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

arches="x86_64 arm64"
sizes="1073741824 4294967296"
plan $((2 * (1 + 2 * 2 * 8 + 4 + 4) + 4 + 4))
for a in $arches; do
	need_kernels "$a" baseline altmap
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# near A B TOL: |A - B| <= TOL (integers).
near() {
	[ -n "$1" ] && [ -n "$2" ] && [ $(($1 - $2)) -le "$3" ] &&
		[ $(($2 - $1)) -le "$3" ]
}

for a in $arches; do
	run=$out/$a
	t0=$(date +%s)
	"$MHPBENCH" run --arch "$a" --variants baseline,altmap --hotplug virtio-mem \
		--sizes 1G,4G --samples 1 --out "$run" >"$out/$a.stdout" 2>"$out/$a.stderr"
	rc=$?
	check "$a: mhpbench run --hotplug virtio-mem exits 0 ($(($(date +%s) - t0)) s)" \
		test "$rc" -eq 0
	csv=$run/samples.csv
	for v in baseline altmap; do
		for s in $sizes; do
			g=$((s >> 30))G
			blocks=$((s / 134217728))
			check "$a $v $g: valid" test "$(valid "$csv" $v $s)" = 1
			check "$a $v $g: plugged $s bytes" \
				test "$(metric "$csv" $v $s plugged_bytes)" = "$s"
			check "$a $v $g: $blocks blocks onlined as added" \
				test "$(metric "$csv" $v $s blocks)" = $blocks -a \
				"$(metric "$csv" $v $s online_eager)" = 1
			check "$a $v $g: no memmap page on the hot-added memory" \
				test "$(metric "$csv" $v $s memmap_pages_on_hotadded)" = 0
			check "$a $v $g: memmap from existing memory, $((blocks * 512)) pages +- 128" \
				near "$(metric "$csv" $v $s memmap_pages_from_existing)" \
				$((blocks * 512)) 128
			check "$a $v $g: altmap not in effect" \
				test "$(metric "$csv" $v $s altmap_in_effect)" = 0
			check "$a $v $g: unplug back to the boot MemTotal" \
				test -n "$(metric "$csv" $v $s unplug_us)" -a \
				"$(metric "$csv" $v $s memtotal_after_remove_kb)" = \
				"$(metric "$csv" $v $s memtotal_before_kb)"
			check "$a $v $g: the second plug brings $blocks blocks back" \
				test -n "$(metric "$csv" $v $s replug_us)" -a \
				"$(metric "$csv" $v $s replug_blocks)" = $blocks
		done
	done
	check "$a: the altmap claim is reported not in effect, with the reason" \
		grep -q "altmap,.*not in effect: virtio-mem adds memory without MHP_MEMMAP_ON_MEMORY" \
		"$run/outcomes.csv"
	check "$a: guest in sub-block mode, 2 MiB sub-blocks" \
		test "$(metric "$csv" baseline 1073741824 vmem_sbm)" = 1 -a \
		"$(metric "$csv" baseline 1073741824 vmem_subblock_bytes)" = 2097152
	check "$a: QEMU's device block size recorded (2 MiB)" \
		test "$(metric "$csv" baseline 1073741824 vmem_block_bytes)" = 2097152
	check "$a: meta.json records the method" \
		json_true "$run/meta.json" ".arches[\"$a\"].profile.hotplug == \"virtio-mem\""
	cat "$run/summary.txt" >>"$out/summaries"

	# oom: the plug stalls at the offline threshold while onlining waits.
	G2=2147483648
	"$MHPBENCH" run --arch "$a" --variants baseline --scenario oom --hotplug virtio-mem \
		--sizes 2G --samples 1 --online-delay 2 --policy delayed \
		--out "$run-oom" >"$out/$a-oom.stdout" 2>"$out/$a-oom.stderr"
	rc=$?
	check "$a oom: mhpbench run exits 0, the sample valid" \
		test "$rc" -eq 0 -a "$(valid "$run-oom/samples.csv" baseline $G2)" = 1
	check "$a oom: plugged 1 GiB (8 blocks) when onlining began" \
		test "$(metric "$run-oom/samples.csv" baseline $G2 plugged_at_delay_end_bytes)" = 1073741824 -a \
		"$(metric "$run-oom/samples.csv" baseline $G2 blocks_added_at_delay_end)" = 8
	check "$a oom: the longest stall is at 1 GiB and lasts the delay (1.5 to 3 s)" \
		test "$(metric "$run-oom/samples.csv" baseline $G2 plug_stall_at_bytes)" = 1073741824 -a \
		"$(metric "$run-oom/samples.csv" baseline $G2 plug_stall_ms)" -ge 1500 -a \
		"$(metric "$run-oom/samples.csv" baseline $G2 plug_stall_ms)" -le 3000
	check "$a oom: the plug completes after the delay" \
		test "$(metric "$run-oom/samples.csv" baseline $G2 plugged_bytes)" = $G2 -a \
		"$(metric "$run-oom/samples.csv" baseline $G2 plug_completed)" = 1
done

# Big-block mode: a device block as large as a memory block.
bbm=$out/bbm
"$MHPBENCH" run --arch x86_64 --variants altmap-off --hotplug virtio-mem \
	--virtio-mem-block 128M --sizes 1G --samples 1 --out "$bbm" \
	>"$out/bbm.stdout" 2>"$out/bbm.stderr"
rc=$?
check "x86_64 altmap-off, 128M device blocks: exit 0, valid, 1G plugged" \
	test "$rc" -eq 0 -a "$(valid "$bbm/samples.csv" altmap-off 1073741824)" = 1 -a \
	"$(metric "$bbm/samples.csv" altmap-off 1073741824 plugged_bytes)" = 1073741824
check "  the guest in big-block mode, 128 MiB big blocks" \
	test "$(metric "$bbm/samples.csv" altmap-off 1073741824 vmem_sbm)" = 0 -a \
	"$(metric "$bbm/samples.csv" altmap-off 1073741824 vmem_bigblock_bytes)" = 134217728
check "  QEMU's device block 128 MiB" \
	test "$(metric "$bbm/samples.csv" altmap-off 1073741824 vmem_block_bytes)" = 134217728
check "  meta.json records the block size asked for" \
	json_true "$bbm/meta.json" '.arches.x86_64.profile.virtio_mem_block_bytes == 134217728'

# The same kernels by DIMM: a methods comparison.
a=x86_64
"$MHPBENCH" run --arch $a --variants baseline,altmap --sizes 1G --samples 1 \
	--out "$out/dimm" >"$out/dimm.stdout" 2>"$out/dimm.stderr"
rc=$?
check "$a: the DIMM run of the same kernels exits 0" test "$rc" -eq 0
"$MHPBENCH" compare "$out/dimm" "$out/$a" --out "$out/methods" >/dev/null \
	2>"$out/methods.stderr"
rc=$?
check "compare DIMM -> virtio-mem: exit 0" test "$rc" -eq 0
# isolates FILE: the pair's heading (wrapped at 72 columns) says it
# isolates the method, with the same kernel.
isolates() {
	tr '\n' ' ' <"$1" | sed 's/  */ /g' |
		grep -q "=== A:baseline (acpi-dimm) -> B:baseline (virtio-mem): the hot-add method, with the same kernel on both sides"
}
check "compare DIMM -> virtio-mem: the pair isolates the hot-add method" \
	isolates "$out/methods/report.txt"
check "compare DIMM -> virtio-mem: same machine otherwise (no '!!!' difference)" \
	lacks '^!!! differs between the compared sides' "$out/methods/report.txt"
