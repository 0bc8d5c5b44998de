#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mhpbench native, in an x86_64 guest that plays the real machine
# (bench/native-init.sh): a 256 MiB DIMM that boots offline, and a
# 640 MiB NVDIMM that Debian's ndctl makes a devdax device.
#  - with the DIMM offline and the namespace raw, nothing can be
#    hot-plugged: one line, exit 2; as nobody: one line, exit 2;
#  - with the DIMM onlined movable and dax0.0: the dax/kmem hot-add has
#    add and online latency rows for every block kmem added, MemTotal
#    grew by those blocks, and the memmap placement rows are there; the
#    removable blocks have offline and online latencies;
#  - every memory block ends in its state before, dax0.0 is devdax again;
#  - report and compare read the results unchanged.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# the guest; its lines; samples.csv; per sample (2); meta, outcomes,
# report, compare.
plan $((1 + 7 + 2 + 2 * (2 + 3 + 3) + 4))
kdir=$TOP/build/kernels/x86_64/baseline
need_kernels x86_64 baseline
if ! grep -q '^CONFIG_DEV_DAX_KMEM=y' "$kdir/.config" 2>/dev/null &&
	! grep -q 'DEV_DAX_KMEM' "$TOP/configs/kernel/x86_64.config"; then
	skip_all "the x86_64 kernel has no dax/kmem"
fi
for t in qemu-system-x86_64 depmod jq; do
	command -v "$t" >/dev/null || skip_all "$t not installed (make deps)"
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! make -s -C "$TOP" native-static guest ARCHS=x86_64 >"$out/make" 2>&1 ||
	! "$TOP/bench/native-image.sh" x86_64 "$kdir" "$TOP/build/native/mhpbench" \
		"$out/native.cpio.gz" >"$out/image" 2>&1; then
	# The kernel is built: a missing image is a failure, not a skip.
	not_ok "the native test image: $(tail -qn1 "$out/make" "$out/image" 2>/dev/null | tail -n1)"
	exit 1
fi

truncate -s 640M "$out/pmem"
timeout 900 qemu-system-x86_64 -machine pc,nvdimm=on,accel=tcg -cpu max \
	-smp 2 -m 1G,slots=4,maxmem=8G \
	-object memory-backend-ram,id=d0,size=256M \
	-device pc-dimm,id=dimm0,memdev=d0 \
	-object memory-backend-file,id=nv0,share=on,mem-path="$out/pmem",size=640M \
	-device nvdimm,id=nvdimm0,memdev=nv0 \
	-kernel "$kdir/bzImage" -initrd "$out/native.cpio.gz" \
	-append "console=ttyS0 memhp_default_state=offline panic=-1 oops=panic" \
	-nodefaults -no-user-config -display none -no-reboot \
	-serial "file:$out/console.log" >"$out/qemu.log" 2>&1
check "the guest ran to the end" grep -q NATIVE-RESULTS-END "$out/console.log"
con=$out/console.log
line() { sed -n "s/^NATIVE: $1 //p" "$con" | tr -d '\r' | head -n1; }

r=$(line nothing)
check "nothing to hot-plug: exit 2, one line ($r)" \
	test "${r%% *}" = "rc=2" -a "$(echo "$r" | cut -d' ' -f2)" = "lines=1"
r=$(line nonroot)
check "not root: exit 2, one line ($r)" \
	test "${r%% *}" = "rc=2" -a "$(echo "$r" | cut -d' ' -f2)" = "lines=1"
check "ndctl made a devdax device ($(line ndctl))" \
	test "$(line ndctl | cut -d' ' -f1)" = "rc=0"
check "mhpbench native exits 0 ($(line run))" test "$(line run)" = "rc=0"
check "every memory block ends in its state before ($(line states))" \
	test "$(line states | cut -d' ' -f1)" = "same"
check "dax0.0 is devdax again ($(line dax))" test "$(line dax)" = "driver device_dax"
check "MemTotal back where it was ($(line memtotal_before) kB)" \
	test -n "$(line memtotal_before)" -a "$(line memtotal_before)" = "$(line memtotal_after)"

sed -n '/NATIVE-RESULTS-BEGIN/,/NATIVE-RESULTS-END/p' "$con" | tr -d '\r' |
	grep -v NATIVE-RESULTS | base64 -d 2>/dev/null | tar -C "$out" -xz 2>/dev/null
csv=$out/run/samples.csv
check "samples.csv came out" test -s "$csv"
check "samples.csv has the exact header" test "$(head -n1 "$csv")" = \
	"run_id,arch,variant,kernel_id,scenario,size_bytes,sample,block,metric,value,unit,valid"
# col: scenario 5, sample 7, block 8, metric 9, value 10, valid 12
val() {	# val SCENARIO SAMPLE METRIC [BLOCK]
	awk -F, -v s="$1" -v n="$2" -v m="$3" -v b="${4:-all}" \
		'$5 == s && $7 == n && $9 == m && $8 == b { print $10 }' "$csv"
}
blocks_of() {	# blocks_of SCENARIO SAMPLE METRIC: blocks with the row
	awk -F, -v s="$1" -v n="$2" -v m="$3" \
		'$5 == s && $7 == n && $9 == m && $8 != "all" { print $8 }' "$csv" | sort -u
}
for n in 0 1; do
	nb=$(val dax-kmem $n blocks)
	add=$(blocks_of dax-kmem $n add_latency_us | wc -l)
	onl=$(blocks_of dax-kmem $n online_latency_us | wc -l)
	check "dax-kmem #$n: add and online latency of each of its $nb blocks ($add, $onl)" \
		test "${nb:-0}" -ge 1 -a "$add" = "$nb" -a "$onl" = "$nb"
	gain=$(val dax-kmem $n memtotal_gain_kb)
	check "dax-kmem #$n: MemTotal grew by its blocks ($gain kB)" \
		test "${gain:-x}" = "$((${nb:-0} * 131072))" -a "${nb:-0}" -ge 1
	# Physics: 128 MiB / 4 KiB * 64 B = 2 MiB of memmap = 512 pages per
	# block. The baseline kernel (6.1, dax/kmem without memmap_on_memory)
	# takes it from RAM: none on the device's blocks, by either exact
	# witness (the counter and kpageflags); given back, MemTotal is where
	# it was. MemFree abstains: the devdax device's own memmap (-M mem,
	# in RAM) is freed as kmem takes the range over, so the drop at add
	# is the new memmap minus that (measured 4.7 to 8 MiB for 8 MiB).
	nb=${nb:-0}
	check "dax-kmem #$n: its theory says 512 memmap pages a block ($(val dax-kmem $n memmap_pages_expected) for $nb)" \
		test "$(val dax-kmem $n memmap_pages_expected)" = $((512 * nb)) -a "$nb" -ge 1
	check "dax-kmem #$n: no memmap on the device's memory, not in effect ($(val dax-kmem $n memmap_pages_on_hotadded)/$(val dax-kmem $n memmap_pages_on_hotadded_kpf)/$(val dax-kmem $n altmap_in_effect))" \
		test "$(val dax-kmem $n memmap_pages_on_hotadded)/$(val dax-kmem $n memmap_pages_on_hotadded_kpf)/$(val dax-kmem $n altmap_in_effect)" = 0/0/0
	echo "# dax-kmem #$n: MemFree drop at add $(val dax-kmem $n memfree_drop_at_add_kb) kB for a $((2048 * nb)) kB memmap (not a witness here)"
	check "dax-kmem #$n: MemTotal back after the device is given back ($(val dax-kmem $n memtotal_remove_delta_kb) kB)" \
		test "$(val dax-kmem $n memtotal_remove_delta_kb)" = 0
	check "dax-kmem #$n: valid ($(awk -F, -v n=$n '$5 == "dax-kmem" && $7 == n { print $12; exit }' "$csv"))" \
		test "$(awk -F, -v n=$n '$5 == "dax-kmem" && $7 == n { print $12; exit }' "$csv")" = 1
	off=$(blocks_of offline-online $n offline_latency_us | wc -l)
	on=$(blocks_of offline-online $n online_latency_us | wc -l)
	check "offline-online #$n: two removable blocks offlined and onlined ($off, $on)" \
		test "$off" = 2 -a "$on" = 2
	check "offline-online #$n: both restored ($(val offline-online $n blocks_restored))" \
		test "$(val offline-online $n blocks_restored)" = 2
done
check "meta.json: arch native, accelerator native, variant the release" \
	json_true "$out/run/meta.json" \
	'.accelerator == "native" and .arch.name == "native" and (.kernels | length) == 1'
check "outcomes.csv has a row per sample" test "$(tail -n +2 "$out/run/outcomes.csv" | wc -l)" = 4
"$MHPBENCH" report "$out/run" --out "$out/report" --no-plots >"$out/report.txt" 2>&1
rc=$?
check "mhpbench report reads it" test "$rc" -eq 0 -a -s "$out/report/report.txt"
"$MHPBENCH" compare "$out/run" "$out/run" --out "$out/compare" --no-plots >"$out/compare.txt" 2>&1
rc=$?
check "mhpbench compare reads it" test "$rc" -eq 0 -a -s "$out/compare/report.txt"
grep '^NATIVE: ' "$con" | grep -v 'stderr: mhpbench: native .* #' | sed 's/^/# /'
awk -F, '$9 ~ /latency_us$|memmap_pages|memfree_drop/ && $8 == "all" || $9 ~ /_latency_us$/ { print "# " $5, $7, $8, $9, $10 }' "$csv" | head -60
