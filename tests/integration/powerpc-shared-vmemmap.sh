#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# powerpc (pseries, radix, 64K pages): LMBs whose memmap shares a vmemmap
# 2 MiB page with boot memory, on the series and on upstream 6.12 (issue
# 22 item 5). Where the two radix vmemmaps differ:
#  - the series (patch 7) maps a 2 MiB vmemmap page at boot only when all
#    the memory it describes is boot memory, base pages otherwise; after
#    boot a page table there is filled with base pages;
#  - upstream (6.12 radix__vmemmap_populate()) maps a 2 MiB page at boot
#    wherever the vmemmap address starts a PMD, whatever it describes;
#    a hot-add into it finds the page there and allocates nothing.
#
# Physics (64K pages, struct page 64 B, LMB 256 MiB, pageblock 32 pages):
#   memmap of an LMB   = 256M / 64K * 64 B = 256 KiB = 4 pages
#   2 MiB of vmemmap   = 2M / 64 B = 32768 struct pages = 32768 * 64K
#                        = 2 GiB of memory: LMB b's memmap is in the
#                        vmemmap PMD b * 256M / 2G = b / 8
#   boot RAM 512M      = blocks 0-1, memmap 8 pages, in PMD 0, which also
#                        describes 512M-2G: not all boot memory
#   QEMU's pseries device memory starts at the boot RAM rounded up to
#   1 GiB: a 1G DIMM is blocks 4-7 (all in PMD 0, shared with boot); a 2G
#   DIMM is blocks 4-11 (4-7 in PMD 0, 8-11 in PMD 1, which describes
#   2G-4G, no boot memory, unused until this add)
#
# Expected memmap pages taken from RAM at the add (memmap_pages_from_
# existing, the MemFree shortfall over add and online in 64K pages), per
# DIMM of n LMBs of which s share PMD 0 with boot memory:
#   altmap-off    s * 4 base pages (PMD 0 has a page table since boot)
#                 + 32 (one 2 MiB page) if the DIMM reaches into PMD 1
#                 1G: 4*4 = 16; 2G: 4*4 + 32 = 48
#   altmap        0: each LMB's 4 pages are base pages from the LMB
#                 itself (memmap_on_memory=force: one pageblock of 32
#                 reserved, 4 used), in PMD 0 and PMD 1 alike
#   upstream-off  0 for PMD 0 (boot mapped the whole 2 MiB page: its
#                 memmap is there already), + 32 if it reaches PMD 1
#                 1G: 0; 2G: 32
#   upstream      as upstream-off: =1 falls back to RAM, 4 memmap pages
#                 are not whole 32-page pageblocks
# The shortfall also holds what the add allocates besides the memmap
# (memory block devices, section usage maps, page tables): the check
# allows 8 pages either way, half the 16 pages (a 1G DIMM's memmap) that
# separate the kernels' answers.
#   present - managed on node 1 and kpageflags self-hosted pages: 32 per
#   LMB with altmap (force), else 0; the series' nr_memmap_on_memory: 4
#   per LMB with altmap, else 0; upstream's nr_memmap_pages: 16 per LMB
#   (1 page per 16 MiB section, 16 sections per LMB), allocated or not
#   (the guest reads it only beside nr_memmap_boot_pages, which the
#   series does not have).
#
# Under TCG: 8 pseries boots, 2-4 minutes.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

arch=powerpc
variants="altmap-off altmap upstream-off upstream"
# run; per variant and size: 7; QEMU.
plan $((1 + 4 * 2 * 7 + 1))
for k in $variants; do
	if [ ! -f "$TOP/build/kernels/$arch/$k/build.json" ]; then
		skip_all "$arch $k kernel not built (make kernels ARCHS=$arch VARIANTS=\"$variants\")"
	fi
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run=$out/run
t0=$(date +%s)
"$MHPBENCH" run --arch $arch --variants "${variants// /,}" --sizes 1G,2G \
	--samples 1 --boot-mem 512M --boot-timeout 300 --out "$run" \
	>"$out/stdout" 2>"$out/stderr"
rc=$?
check "$arch: mhpbench run exits 0 (rc $rc: $(tail -n 1 "$out/stderr"))" test "$rc" -eq 0
csv=$run/samples.csv
M256=268435456 G2=2147483648

# blocks CSV VARIANT SIZE: the memory block ids hot-added, one a line.
blocks() {
	awk -F, -v v="$2" -v s="$3" \
		'$3 == v && $6 == s && $9 == "block_node" { print $8 }' "$1" | sort -n
}

# want VARIANT N_LMB IN_PMD0 REACHES_PMD1 -> "ram reserved" (pages)
want() {
	local ram=0 res=0
	case $1 in
	altmap-off) ram=$(($3 * 4 + $4 * 32)) ;;
	altmap) res=$(($2 * 32)) ;;
	upstream-off | upstream) ram=$(($4 * 32)) ;;
	esac
	echo "$ram $res"
}

for k in $variants; do
	for z in 1073741824 $G2; do
		n=$((z / M256)) tag="$arch $k $((z >> 20))M"
		ids=$(blocks "$csv" "$k" "$z" | paste -sd ' ')
		pmd0=0 pmd1=0
		for b in $ids; do
			# vmemmap PMD of block b: b * 256M / 2G.
			if [ $((b * M256 / G2)) -eq 0 ]; then
				pmd0=$((pmd0 + 1))
			else
				pmd1=$((pmd1 + 1))
			fi
		done
		# QEMU puts the DIMM at 1G: blocks 4 .. 4 + n - 1.
		check "$tag: $n LMBs at 1G, blocks 4-$((3 + n)) ($ids: $pmd0 in the boot PMD, $pmd1 beyond)" \
			test "$ids" = "$(seq -s ' ' 4 $((3 + n)))"
		reach=$((pmd1 > 0 ? 1 : 0))
		read -r ram res < <(want "$k" $n $pmd0 $reach)
		check "$tag: valid" test "$(valid "$csv" "$k" $z)" = 1
		got=$(metric "$csv" "$k" "$z" memmap_pages_from_existing)
		check "$tag: $ram memmap pages from RAM, +-8 ($pmd0 LMBs in the boot PMD, PMD 1 reached: $reach; got ${got:-none})" \
			test "${got:-x}" != x -a "${got:-0}" -ge $((ram - 8)) -a "${got:-0}" -le $((ram + 8))
		got=$(metric "$csv" "$k" "$z" memmap_pages_on_hotadded)
		check "$tag: zoneinfo present - managed = $res (got ${got:-none})" \
			test "${got:-x}" = "$res"
		got=$(metric "$csv" "$k" "$z" memmap_pages_on_hotadded_kpf)
		check "$tag: kpageflags: $res self-hosted pages (got ${got:-none})" \
			test "${got:-x}" = "$res"
		case $k in
		upstream*)
			got=$(metric "$csv" "$k" "$z" memmap_pages_upstream)
			check "$tag: nr_memmap_pages grew by $((16 * n)) (16 per LMB, allocated or not; got ${got:-none})" \
				test "${got:-x}" = $((16 * n))
			;;
		*)
			# The series' nr_memmap_on_memory: 4 per LMB on the LMB.
			want=$((res > 0 ? 4 * n : 0))
			got=$(metric "$csv" "$k" "$z" memmap_pages_counter)
			check "$tag: nr_memmap_on_memory = $want (got ${got:-none})" \
				test "${got:-x}" = "$want"
			;;
		esac
		d=$(metric "$csv" "$k" "$z" memtotal_remove_delta_kb)
		check "$tag: $n LMBs removed, MemTotal back (delta ${d:-?} kB)" \
			test "$(rows "$csv" "$k" "$z" remove_latency_us)/${d:-x}" = "$n/0"
	done
done
check "$arch: no QEMU of this run left running" none_running "[q]emu-system-.*$run"
echo "# powerpc-shared-vmemmap.sh: $(($(date +%s) - t0)) s"
