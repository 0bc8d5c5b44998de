#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The contig scenario on x86_64 (one 1 GiB DIMM on node 1, one sample of
# baseline and of altmap: two boots; about 30 s with arm64 and powerpc,
# all under TCG), against the
# theory of src/lib/contig.c:
#  - onlined to the kernel zone, baseline gives 1 gigantic (1 GiB) page
#    on node 1 and altmap 0 (every block starts with its memmap);
#  - 2 MiB hugetlb pages from physics: 1 GiB / 2 MiB = 512 on baseline;
#    on altmap the memmap of each 128 MiB block (32768 pages * 64 B =
#    2 MiB) takes its first 2 MiB: 8 * 63 = 504. Online movable, exactly;
#    online kernel, exactly or the sample is invalid with the pages that
#    blocked them (unmovable kernel allocations may land there);
#  - the DirectMap gain rows are there, with their theory;
#  - compaction is on by default and meta.json says so; a bad --compact
#    is one line and exit 2;
#  - the report has the "what the altmap gives and what it takes"
#    section and figure;
#  - arm64 and powerpc (one boot each of baseline and altmap, under 10 s
#    each arch), held to theory like x86_64: every sample valid, and the
#    gigantic, 2 MiB (movable and kernel), MAX_ORDER and THP counts equal
#    both their theory rows and the figures below (their fragments have
#    COMPACTION, CONTIG_ALLOC and THP since issue 13).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 49
arch=x86_64
need_kernels "$arch" baseline altmap

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

expect_exit2 "run --compact maybe" "bad compact 'maybe'" "$MHPBENCH" run --arch $arch \
	--scenario contig --compact maybe --out "$out/bad"

run=$out/run
G1=1073741824
"$MHPBENCH" run --arch $arch --scenario contig --variants baseline,altmap \
	--sizes 1G --samples 1 --out "$run" >"$out/stdout" 2>"$out/stderr"
rc=$?
check "contig: mhpbench run exits 0" test "$rc" -eq 0
csv=$run/samples.csv
check "contig: meta.json records compaction on" \
	json_true "$run/meta.json" '.options.compact == true'

# reason VARIANT: the sample's row of outcomes.csv, whole: its reason is
# a quoted field with commas in it, which awk -F, would cut.
reason() {
	awk -F, -v v="$1" '$3 == v { print; exit }' "$run/outcomes.csv"
}

# exact_or_named VARIANT ROW WANT: the count and its theory row equal
# WANT (physics), or the theory does and the sample is invalid with a
# reason that names the row and what blocked it.
exact_or_named() {
	local v=$1 row=$2 want=$3 got
	got=$(metric "$csv" "$v" $G1 "$row")
	[ -n "$got" ] && [ "$(metric "$csv" "$v" $G1 "${row}_expected")" = "$want" ] ||
		return 1
	[ "$got" = "$want" ] && return 0
	[ "$(valid "$csv" "$v" $G1)" = 0 ] &&
		reason "$v" | grep -Eq "$row [0-9]+, theory [0-9]+: (blocked by pfn|not come)"
}

check "baseline: 1 gigantic page on node 1 (kernel zone)" \
	test "$(metric "$csv" baseline $G1 gigantic_pages_allocated)" = 1
check "altmap: 0 gigantic pages on node 1" \
	test "$(metric "$csv" altmap $G1 gigantic_pages_allocated)" = 0
check "baseline: theory 1 gigantic page" \
	test "$(metric "$csv" baseline $G1 gigantic_pages_allocated_expected)" = 1
check "altmap: theory 0 gigantic pages" \
	test "$(metric "$csv" altmap $G1 gigantic_pages_allocated_expected)" = 0
check "altmap: the gigantic unit is blocked by the memmap" \
	test "$(metric "$csv" altmap $G1 blocked_gigantic_by_memmap)" = 1
check "baseline: 2 MiB theory 64 per block (512)" \
	test "$(metric "$csv" baseline $G1 huge_pages_allocated_kernel_expected)" = 512
check "altmap: 2 MiB theory 63 per block (504)" \
	test "$(metric "$csv" altmap $G1 huge_pages_allocated_kernel_expected)" = 504
# 2 MiB pages per variant, from physics (above).
for v in baseline altmap; do
	want=512
	[ $v = baseline ] || want=504
	got=$(metric "$csv" $v $G1 huge_pages_allocated_movable)
	check "$v: $want 2 MiB pages online movable ($got), its theory row too" \
		test "${got:-x}/$(metric "$csv" $v $G1 huge_pages_allocated_movable_expected)" = "$want/$want"
	check "$v: $want 2 MiB pages online kernel, or the reason names the blockers" \
		exact_or_named $v huge_pages_allocated_kernel "$want"
	check "$v: DirectMap 1G and 2M gain rows and their theory" \
		test "$(rows "$csv" $v $G1 directmap_1g_gain_kb)$(rows "$csv" $v $G1 directmap_2m_gain_kb)$(rows "$csv" $v $G1 directmap_2m_gain_kb_expected)" = 111
done
check "altmap: its 8 blocks' first 2 MiB units hold the memmap" \
	test "$(metric "$csv" altmap $G1 blocked_huge_kernel_by_memmap)" = 8
check "MAX_ORDER blocks: 256 baseline, 248 altmap (theory)" \
	test "$(metric "$csv" baseline $G1 buddy_max_order_blocks_kernel_expected)/$(metric "$csv" altmap $G1 buddy_max_order_blocks_kernel_expected)" = 256/248
check "THP: a fault count for each variant" \
	test "$(rows "$csv" baseline $G1 thp_fault_alloc)$(rows "$csv" altmap $G1 thp_fault_alloc)" = 11
check "summary.txt has the contig lines" \
	grep -q "What the hot-added memory of node 1 gives" "$run/summary.txt"

"$MHPBENCH" report "$run" >"$out/report.txt" 2>"$out/report.err"
rc=$?
check "report exits 0" test "$rc" -eq 0
check "report: the section what the altmap gives and what it takes" \
	grep -q "What the altmap gives and what it takes" "$out/report.txt"
check "report: the figure" test -s "$run/plots/contig.svg"

# Other arches, held to theory like x86_64. Per arch and variant (1 GiB
# DIMM): 1 GiB pages, 2 MiB pages (movable and kernel alike), MAX_ORDER
# blocks, THP faults of the 64 MiB workload. arm64: 4K pages, 128 MiB
# blocks, 4 MiB MAX_ORDER; powerpc: radix, 64K pages, 256 MiB blocks
# (4 pages of memmap take one 2 MiB pageblock), 16 MiB MAX_ORDER.
figures="arm64 baseline 1 512 256 32
arm64 altmap 0 504 248 32
powerpc baseline 1 512 64 32
powerpc altmap 0 508 60 32"

# both VARIANT ROW WANT: the count and its theory are both WANT.
both() {
	[ "$(metric "$csv" "$1" $G1 "$2")" = "$3" ] &&
		[ "$(metric "$csv" "$1" $G1 "${2}_expected")" = "$3" ]
}

# thp_both VARIANT FAULTS: THP faults and no fallback, as their theory.
thp_both() {
	both "$1" thp_fault_alloc "$2" && both "$1" thp_fault_fallback 0
}

for other in arm64 powerpc; do
	built=1
	for k in baseline altmap; do
		[ -f "$TOP/build/kernels/$other/$k/build.json" ] || built=0
	done
	if [ $built = 0 ]; then
		skip_n 13 "$other: kernels not built (make kernels ARCHS=$other)"
		continue
	fi
	run=$out/$other
	csv=$run/samples.csv
	"$MHPBENCH" run --arch $other --scenario contig --variants baseline,altmap \
		--sizes 1G --samples 1 --out "$run" >"$out/$other.stdout" 2>"$out/$other.stderr"
	rc=$?
	check "$other: mhpbench run exits 0" test "$rc" -eq 0
	while read -r a v gig huge maxo thp; do
		[ "$a" = "$other" ] || continue
		check "$other $v: valid (every count equals its theory)" \
			test "$(valid "$csv" "$v" $G1)" = 1
		check "$other $v: $gig gigantic pages, theory $gig" \
			both "$v" gigantic_pages_allocated "$gig"
		check "$other $v: $huge 2 MiB pages online movable, theory $huge" \
			both "$v" huge_pages_allocated_movable "$huge"
		check "$other $v: $huge 2 MiB pages online kernel, theory $huge" \
			both "$v" huge_pages_allocated_kernel "$huge"
		check "$other $v: $maxo MAX_ORDER blocks online kernel, theory $maxo" \
			both "$v" buddy_max_order_blocks_kernel "$maxo"
		check "$other $v: THP $thp faults, no fallback (theory)" \
			thp_both "$v" "$thp"
	done <<<"$figures"
done
