#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot both x86_64 kernels and check the physics of memmap placement:
#  - baseline 128M: the memmap comes from existing memory (MemFree drops
#    by >= 2 MiB at add) and node 1 has managed == present;
#  - altmap 128M: present - managed == 512 pages on node 1 and MemFree
#    drops by < 1 MiB at add;
#  - altmap 1G on stock 6.1: silently the baseline behaviour, so the
#    sample is marked "not in effect" and invalid.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

for k in baseline altmap; do
	if [ ! -f "$TOP/build/kernels/x86_64/$k/build.json" ]; then
		skip "x86_64 $k kernel not built"
		exit 0
	fi
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
"$MHPBENCH" run --arch x86_64 --variants baseline,altmap --sizes 128M,1G \
	--samples 1 --out "$run" >"$out/stdout" 2>"$out/stderr"
check "mhpbench run exits 0" test $? -eq 0
csv=$run/samples.csv
check "samples.csv written" test -s "$csv"
check "samples.csv has the exact header" test "$(head -n1 "$csv")" = \
	"run_id,arch,variant,kernel_id,scenario,size_bytes,sample,block,metric,value,unit,valid"
M128=134217728 G1=1073741824

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

check "altmap 1G on stock 6.1: altmap not in effect" \
	test "$(metric "$csv" altmap $G1 altmap_in_effect)" = 0
check "altmap 1G on stock 6.1: sample marked invalid" \
	test "$(valid "$csv" altmap $G1)" = 0
check "summary says loudly that altmap 1G was excluded" \
	grep -q '^!!! altmap 1G sample 0 EXCLUDED' "$run/summary.txt"
check "baseline 1G: valid" test "$(valid "$csv" baseline $G1)" = 1
check "1G: one add and one online latency per block (8 blocks)" \
	test "$(rows "$csv" baseline $G1 add_latency_us)/$(rows "$csv" baseline $G1 online_latency_us)" = 8/8
exp=$(metric "$csv" baseline $G1 memmap_pages_expected)
check "1G: theory says 4096 memmap pages ($exp)" test "${exp:-x}" = 4096
check "meta.json names the accelerator and QEMU version" \
	json_true "$run/meta.json" '.accelerator != "" and (.qemu_version | test("^[0-9]+\\."))'
check "meta.json holds both kernels' build.json" \
	json_true "$run/meta.json" '.kernels.baseline.image_sha256 and .kernels.altmap.image_sha256'
check "no QEMU of this run left running" bash -c "! pgrep -f '[q]emu-system.*$run/logs' >/dev/null"
