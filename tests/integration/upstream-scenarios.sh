#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Upstream today in every scenario (issue 22): the unpatched 6.12 kernels
# upstream-off (memmap_on_memory=0) and upstream (=1) in the oom, numa,
# contig and virtio-mem scenarios and on the big-block machine, x86_64,
# and the contig scenario on arm64; one sample each, the smallest sizes
# that show the physics (hotadd: upstream.sh). Held to upstream's rule
# (6.12 mhp_supports_memmap_on_memory()) with the sizes of physics:
#
#   memmap of a block  = block / page * 64 B (struct page) / page
#                        128 MiB block, 4K pages: 32768 * 64 B = 2 MiB
#                        = 512 pages = one 2 MiB pageblock (512 pages)
#                        and one whole 2 MiB PMD: =1 uses the altmap
#                        2 GiB block (big-block machine): 8192 pages =
#                        32 MiB = 16 pageblocks, 16 PMDs: altmap too
#   =0                 never; the memmap comes from existing memory
#   virtio-mem         never (it adds memory without
#                      MHP_MEMMAP_ON_MEMORY): the memmap from existing
#                      memory, the sample valid
#   nr_memmap_pages    the memmap of every hot-added 128 MiB section
#                      wherever it sits: 512 pages a section
#
# Per scenario (x86_64 unless said):
#  - oom, 512 MiB boot RAM, hog at 90 % of MemAvailable, 4 GiB as 32
#    single-block DIMMs onlined after 1 s: upstream-off needs 32 x 2 MiB
#    = 64 MiB of memmap from what the hog leaves free, so adds fail or
#    the OOM killer strikes; upstream puts each block's 2 MiB on the
#    block: all 32 come, MemFree hardly moves; present - managed of the
#    hot-added memory 32 x 512 = 16384 pages (upstream), 0 (off);
#  - numa, 128 MiB on node 1: the 512 memmap pages are on node 1 (zoneinfo
#    and kpageflags), node 0 gives only noise; the bound work runs;
#  - contig, 1 GiB (8 blocks) on node 1: each block starts with its 2 MiB
#    memmap, so no 1 GiB gigantic page (the memmap blocks it), 63 of 64
#    2 MiB pages a block (504), 31 of 32 4 MiB MAX_ORDER blocks (248),
#    512 self-hosted pages in the first block (kpageflags);
#  - virtio-mem, 1 GiB (8 blocks): 0 pages on the hot-added memory,
#    8 x 512 = 4096 pages from existing memory (+- 128, the witness's
#    resolution), nr_memmap_pages 4096, unplug gives MemTotal back;
#  - big-block machine (64 GiB boot RAM, 2 GiB blocks), one 2 GiB DIMM:
#    8192 pages on the block (zoneinfo, kpageflags), nr_memmap_pages
#    16 sections x 512 = 8192, MemFree drops by < 2 MiB, MemTotal grows
#    by 2 GiB - 32 MiB, and hot-remove gives it back;
#  - arm64 contig, 1 GiB: 4K pages and 128 MiB blocks as x86_64, 4 MiB
#    MAX_ORDER: 0 gigantic, 504 2 MiB (movable and kernel), 248 MAX_ORDER
#    blocks, 512 self-hosted pages in the first block.
#
# Under TCG: 7 boots on x86_64, arm64 one more (contig); 100-170 s
# measured. (upstream-off's oom sample used to end without rows in about
# 1 run of 3: the guest gave the hog a fixed 120 s to fill its memory,
# which TCG on a busy host exceeded; it now waits while MemAvailable
# keeps falling.) The script prints its time.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# tools; oom; numa; contig; virtio-mem; big block; arm64; no QEMU left.
plan $((1 + 18 + 14 + 11 + 11 + 11 + 8 + 1))
arch=x86_64
need_kernels "$arch" upstream-off upstream

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
t0=$(date +%s)
M128=134217728 G1=1073741824 G2=2147483648 G4=4294967296 GIB_KB=1048576

# near A B TOL: |A - B| <= TOL (integers).
near() {
	[ -n "$1" ] && [ -n "$2" ] && [ $(($1 - $2)) -le "$3" ] &&
		[ $(($2 - $1)) -le "$3" ]
}

# The sample the checks below read: its samples.csv, variant and size.
csv='' v='' z=''

# val METRIC: the sample's row.
val() {
	metric "$csv" "$v" "$z" "$1"
}

# want DESCRIPTION METRIC WANT: the sample's row is WANT (the description
# gets what was measured).
want() {
	local got
	got=$(val "$2")
	check "$1 (got ${got:-none})" test "${got:-x}" = "$3"
}

# sample NAME VARIANT SIZE: the checks below read this sample; the first
# is that it is valid.
sample() {
	csv=$out/$1/samples.csv v=$2 z=$3
	check "$1 $v: the sample is valid" test "$(valid "$csv" "$v" "$z")" = 1
}

# mhp NAME ARGS...: mhpbench run ... --out $out/NAME, its exit status.
mhp() {
	local name=$1
	shift
	"$MHPBENCH" run "$@" --samples 1 --out "$out/$name" \
		>"$out/$name.stdout" 2>"$out/$name.stderr"
}

# ran NAME RC: its exit status 0, with stderr's last line and the time.
ran() {
	check "$1: mhpbench run exits 0 (rc $2, $(($(date +%s) - t1)) s: $(tail -n 1 "$out/$1.stderr"))" \
		test "$2" -eq 0
}

if ! make -s -C "$TOP" guest-tools ARCHS=$arch >"$out/make.log" 2>&1; then
	not_ok "$arch: make guest-tools: $(tail -n 1 "$out/make.log")"
	exit 0
fi
ok "$arch: the tools image is built"

# oom --------------------------------------------------------------------
t1=$(date +%s)
mhp oom --arch $arch --scenario oom --variants upstream-off,upstream \
	--sizes 4G --boot-mem 512M --hog 90 --online-delay 1
rc=$?
ran oom "$rc"
for k in upstream-off upstream; do
	case $k in
	upstream-off) yes=0 ;;
	upstream) yes=1 ;;
	esac
	sample oom $k $G4
	check "oom $k: a hotadd_ok row for each of the 32 blocks" \
		test "$(rows "$csv" $k $G4 hotadd_ok)" = 32
	want "oom $k: altmap in effect $yes, as upstream's rule says" \
		altmap_in_effect "$yes"
	want "oom $k: present - managed = $yes x 32 x 512 pages" \
		memmap_pages_on_hotadded $((yes * 32 * 512))
	# nr_memmap_pages from GO to the online: the blocks that came, 512
	# pages each, wherever their memmap went.
	n=$(val blocks_added)
	a=$(val upstream_memmap_after_online_pages)
	b=$(val upstream_memmap_before_pages)
	got=$([ -n "$a" ] && [ -n "$b" ] && echo $((a - b)))
	check "oom $k: nr_memmap_pages grew by ${n:-?} blocks added x 512 (got ${got:-none})" \
		test -n "$n" -a "${got:-x}" = $((${n:-0} * 512))
done
v=upstream-off
free=$(val memfree_at_go_kb)
check "oom: the memmap of 4G, 32 x 2048 kB, is more than the hog leaves free (${free:-?} kB)" \
	test -n "$free" -a $((32 * 2048)) -gt "${free:-0}"
fails=$(val hotadd_failed)
kills=$(val oom_kills)
check "oom upstream-off: adds fail (${fails:-0}) or the OOM killer strikes (${kills:-0})" \
	test "${fails:-0}" -gt 0 -o "${kills:-0}" -gt 0
want "oom upstream-off: did not survive" oom_survived 0
added=$(val blocks_added)
drop=$(val memfree_drop_at_add_kb)
if [ "${kills:-0}" -gt 0 ]; then
	# The kill freed the hog's memory: MemFree tells nothing then.
	want "oom upstream-off: the OOM killer's victim was the hog" \
		oom_killed_hog 1
elif [ "${fails:-0}" -gt 0 ]; then
	# An add failed: free memory ran out (direct reclaim during the
	# adds refills MemFree, 50 of 62 MiB measured once), so MemFree
	# tells how much was left, not the memmap: count the adds instead.
	echo "# oom upstream-off: MemFree dropped by ${drop:-?} kB for ${added:-?} blocks added"
	check "oom upstream-off: ${added:-?} blocks added + ${fails} failed = 32" \
		test $((${added:-0} + fails)) = 32
else
	check "oom upstream-off: MemFree dropped by the memmap of the ${added:-?} blocks added (${drop:-?} kB, 2048 kB each)" \
		test "${drop:-0}" -ge $((${added:-99} * 2048 * 9 / 10))
fi
v=upstream
check "oom upstream: survived: 32 blocks online, no OOM kill" \
	test "$(val oom_survived)/$(val blocks_online)/$(val oom_kills)" = 1/32/0
drop=$(val memfree_drop_at_add_kb)
check "oom upstream: MemFree hardly moved at the add (${drop:-?} kB < 1024)" \
	test "${drop:-99999}" -lt 1024
check "oom: the summary gives the largest hot-add upstream survived, 4G" \
	grep -q "upstream .*: 4G" "$out/oom/summary.txt"

# numa -------------------------------------------------------------------
t1=$(date +%s)
mhp numa --arch $arch --scenario numa --variants upstream --sizes 128M \
	--work-seconds 1
rc=$?
ran numa "$rc"
sample numa upstream $M128
want "numa: node 1 had a CPU" node1_cpus 1
want "numa upstream: altmap in effect, as upstream's rule says" \
	altmap_in_effect 1
want "numa upstream: the memmap is on node 1" memmap_node 1
want "numa upstream: present - managed on node 1 = 512 pages" \
	memmap_pages_node1 512
want "numa upstream: kpageflags: 512 self-hosted pages on node 1" \
	memmap_pages_kpf_node1 512
want "numa upstream: nr_memmap_pages grew by 512" memmap_pages_upstream 512
# Node 0 drops by noise only (sysfs objects: 13 to 24 pages measured
# with the series), not by the 512 pages of memmap.
n0=$(val memmap_pages_node0)
check "numa upstream: node 0 gives only noise (${n0:-?} pages < 64)" \
	test "${n0:-999}" -lt 64
for m in fault_pages_per_s dontneed_pages_per_s migrate_pages_per_s \
	kpageflags_pfns_per_s fio_mmap_read_iops; do
	got=$(val $m)
	check "numa upstream: $m > 0 (${got:-none})" test "${got:-0}" -gt 0
done

# contig -----------------------------------------------------------------
t1=$(date +%s)
mhp contig --arch $arch --scenario contig --variants upstream --sizes 1G
rc=$?
ran contig "$rc"
csv=$out/contig/samples.csv v=upstream z=$G1

# exact_or_named ROW WANT [ARCH RUN]: the count is WANT, or the sample is
# invalid and its reason names the row and what blocked it (6.12 gave
# 502 of 504 movable huge pages, "not come: a unit with no page in use").
exact_or_named() {
	local got a=${3:-x86_64} r=${4:-contig}
	got=$(val "$1")
	[ "$got" = "$2" ] && return 0
	echo "# $a $1: ${got:-none}, physics $2"
	# The reason is a quoted CSV field with commas: match the line.
	[ "$(valid "$csv" upstream $G1)" = 0 ] &&
		grep -E "^[^,]*,$a,upstream,.*\"$1 [0-9]+, theory $2: (blocked by pfn|not come)" \
			"$out/$r/outcomes.csv" >/dev/null
}
want "contig upstream: no gigantic page on node 1" gigantic_pages_allocated 0
want "contig upstream: the gigantic unit is blocked by the memmap" \
	blocked_gigantic_by_memmap 1
want "contig upstream: its 8 blocks' first 2 MiB units hold the memmap" \
	blocked_huge_kernel_by_memmap 8
want "contig upstream: kpageflags: 512 self-hosted pages in the first block" \
	memmap_pages_kpf 512
want "contig upstream: nr_memmap_pages grew by 8 x 512 = 4096" \
	memmap_pages_upstream 4096
for row in huge_pages_allocated_movable huge_pages_allocated_kernel; do
	check "contig upstream: $row 504 (63 per block) or the reason names the blockers" \
		exact_or_named $row 504
done
check "contig upstream: MAX_ORDER blocks online kernel 248 (31 per block) or the reason names the blockers" \
	exact_or_named buddy_max_order_blocks_kernel 248
check "contig upstream: THP 32 faults of the 64 MiB workload, no fallback" \
	test "$(val thp_fault_alloc)/$(val thp_fault_fallback)" = 32/0
check "contig: the summary has the upstream line" \
	grep -q "x86_64 *upstream *1G" "$out/contig/summary.txt"

# virtio-mem -------------------------------------------------------------
t1=$(date +%s)
mhp vmem --arch $arch --variants upstream --hotplug virtio-mem --sizes 1G
rc=$?
ran vmem "$rc"
sample vmem upstream $G1
check "vmem upstream: plugged $G1 bytes, 8 blocks onlined as added" \
	test "$(val plugged_bytes)/$(val blocks)/$(val online_eager)" = $G1/8/1
want "vmem upstream: altmap not in effect (virtio-mem never asks)" \
	altmap_in_effect 0
want "vmem upstream: no memmap page on the hot-added memory (present - managed)" \
	memmap_pages_on_hotadded 0
got=$(val memmap_pages_from_existing)
check "vmem upstream: memmap from existing memory, 8 x 512 = 4096 pages +- 128 (${got:-none})" \
	near "$got" 4096 128
want "vmem upstream: nr_memmap_pages grew by 8 x 512 = 4096" \
	memmap_pages_upstream 4096
check "vmem upstream: unplug back to the boot MemTotal" \
	test -n "$(val unplug_us)" -a \
	"$(val memtotal_after_remove_kb)" = "$(val memtotal_before_kb)"
want "vmem upstream: the second plug brings 8 blocks back" replug_blocks 8
check "vmem upstream: the outcome says why: no MHP_MEMMAP_ON_MEMORY" \
	grep -q "upstream,.*without MHP_MEMMAP_ON_MEMORY" "$out/vmem/outcomes.csv"
check "vmem: the guest in sub-block mode, 2 MiB sub-blocks" \
	test "$(val vmem_sbm)/$(val vmem_subblock_bytes)" = 1/2097152

# big-block machine ------------------------------------------------------
t1=$(date +%s)
mhp bigblock --arch $arch --bigblock yes --variants upstream --sizes 2G \
	--boot-timeout 300
rc=$?
ran bigblock "$rc"
sample bigblock upstream $G2
want "bigblock upstream: the guest's memory blocks are 2 GiB" \
	block_size_bytes $G2
want "bigblock upstream: altmap in effect, as upstream's rule says" \
	altmap_in_effect 1
want "bigblock upstream: present - managed = 8192 pages" \
	memmap_pages_on_hotadded 8192
want "bigblock upstream: kpageflags: 8192 self-hosted pages" \
	memmap_pages_on_hotadded_kpf 8192
want "bigblock upstream: nr_memmap_pages grew by 16 sections x 512 = 8192" \
	memmap_pages_upstream 8192
drop=$(val memfree_drop_at_add_kb)
check "bigblock upstream: MemFree drops by < 2 MiB at add, not 32 MiB (${drop:-?} kB)" \
	test "${drop:-99999}" -lt 2048
want "bigblock upstream: MemTotal grows by 2 GiB less the 32 MiB memmap, kB" \
	memtotal_gain_kb $((2 * GIB_KB - 32768))
want "bigblock upstream: hot-remove gives MemTotal back (delta kB)" \
	memtotal_remove_delta_kb 0
check "bigblock: meta.json: the big-block machine, 2 GiB blocks" \
	json_true "$out/bigblock/meta.json" '.options.bigblock and
		.arch.block_size_bytes == 2147483648'

# arm64 contig -----------------------------------------------------------
if [ -f "$TOP/build/kernels/arm64/upstream/build.json" ]; then
	t1=$(date +%s)
	mhp arm64 --arch arm64 --scenario contig --variants upstream --sizes 1G
	rc=$?
	ran arm64 "$rc"
	csv=$out/arm64/samples.csv v=upstream z=$G1
	check "arm64 contig upstream: the sample ran (outcome ok or invalid with a reason)" \
		grep -qE "^[^,]*,arm64,upstream,[^,]*,contig,$G1,0,(ok|invalid)," "$out/arm64/outcomes.csv"
	want "arm64 contig upstream: no gigantic page, the memmap blocks it" \
		gigantic_pages_allocated 0
	for row in huge_pages_allocated_movable huge_pages_allocated_kernel; do
		check "arm64 contig upstream: $row 504 (63 per block) or the reason names the blockers" \
			exact_or_named $row 504 arm64 arm64
	done
	check "arm64 contig upstream: MAX_ORDER blocks online kernel 248 (31 per block) or the reason names the blockers" \
		exact_or_named buddy_max_order_blocks_kernel 248 arm64 arm64
	want "arm64 contig upstream: 512 self-hosted pages in the first block" \
		memmap_pages_kpf 512
	want "arm64 contig upstream: nr_memmap_pages grew by 8 x 512 = 4096" \
		memmap_pages_upstream 4096
else
	skip_n 8 "arm64 upstream kernel not built (make kernels ARCHS=arm64 VARIANTS=upstream)"
fi

check "no QEMU of this test left running" none_running "[q]emu-system.*$out/"
echo "# upstream-scenarios.sh: $(($(date +%s) - t0)) s"
