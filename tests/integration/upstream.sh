#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Upstream today: the unpatched 6.12 kernels (configs/variants/upstream-off,
# upstream, upstream-force; one build per arch) on x86_64 (ACPI DIMM),
# arm64 (virt, ACPI GED) and powerpc (pseries radix, DLPAR), one boot per
# variant and size, held to upstream's own rule (6.12
# mhp_supports_memmap_on_memory()) with the sizes of physics:
#
#   memmap of a block  = block / page * 64 B (struct page) / page
#                        x86_64, arm64: 128M / 4K * 64 / 4K = 512 pages
#                        powerpc:       256M / 64K * 64 / 64K = 4 pages
#   pageblock          = 2 MiB / page: 512 pages (4K), 32 pages (64K)
#   =1                 the altmap only when the memmap is whole pageblocks
#                      and (generic arch hook) whole 2 MiB PMDs:
#                      x86_64, arm64 yes (512 = 1 x 512, 2 MiB);
#                      powerpc no (4 is not a multiple of 32): the memmap
#                      comes from existing memory and the sample is valid
#   =force             the memmap rounded up to whole pageblocks and put
#                      on the block: x86_64, arm64 512 pages (none
#                      wasted); powerpc 32 pages, 28 of them wasted
#   =0                 never
#   nr_memmap_pages    (6.11+) the memmap of every hot-added section
#                      wherever it sits, rounded up to pages per section:
#                      x86_64, arm64 sections of 128 MiB: 512 per block;
#                      powerpc sections of 16 MiB (SECTION_SIZE_BITS 24):
#                      16 MiB / 64K * 64 B = 16 KiB -> 1 page, 16 per LMB
#
# Under TCG: about 6 boots per arch, 1-3 minutes per arch.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# arch  page  block  pageblock  section  sizes (block multiples)
table="x86_64 4096 128 512 128 1,8
arm64 4096 128 512 128 1,8
powerpc 65536 256 32 16 1,4"
variants="upstream-off upstream upstream-force"
# Per arch: run; page and block sizes; per variant and size 6; report.
per_arch=$((1 + 2 + 3 * 2 * 6 + 2))
plan $((3 * per_arch + 1))
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
t0=$(date +%s)

# want_altmap MODE USED PAGEBLOCK PAGE: 1 when upstream's rule puts the
# memmap on the block (the arithmetic above), else 0.
want_altmap() {
	local mode=$1 used=$2 pb=$3 page=$4
	case $mode in
	0) echo 0 ;;
	force) echo 1 ;;
	1)
		# Whole pageblocks; the generic hook (4K pages) wants whole
		# 2 MiB PMDs of memmap, powerpc's radix hook with 64K pages
		# does not ask.
		if [ $((used % pb)) -ne 0 ]; then
			echo 0
		elif [ "$page" -eq 4096 ] && [ $((used * page % (2 << 20))) -ne 0 ]; then
			echo 0
		else
			echo 1
		fi
		;;
	esac
}

while read -r arch page block pb sec mults; do
	built=1
	for k in $variants; do
		[ -f "$TOP/build/kernels/$arch/$k/build.json" ] || built=0
	done
	if [ $built -eq 0 ]; then
		skip_n $per_arch "$arch: upstream kernels not built (make kernels ARCH=$arch VARIANTS=upstream)"
		continue
	fi
	bs=$((block << 20))
	sizes=
	for m in ${mults//,/ }; do
		sizes=${sizes:+$sizes,}$((block * m))M
	done
	run=$out/$arch
	"$MHPBENCH" run --arch "$arch" --variants "${variants// /,}" \
		--sizes "$sizes" --samples 1 --boot-timeout 300 \
		--out "$run" >"$out/$arch.stdout" 2>"$out/$arch.stderr"
	rc=$?
	check "$arch: mhpbench run exits 0 (rc $rc: $(tail -n 1 "$out/$arch.stderr"))" \
		test "$rc" -eq 0
	csv=$run/samples.csv
	check "$arch: the guests ran with $page-byte pages" \
		test "$(awk -F, '$9 == "page_size_bytes" { print $10 }' "$csv" | sort -u)" = "$page"
	check "$arch: the guests' memory blocks are $block MiB" \
		test "$(awk -F, '$9 == "block_size_bytes" { print $10 }' "$csv" | sort -u)" = "$bs"
	used=$((bs / page * 64 / page))
	reserved=$(((used + pb - 1) / pb * pb))
	per_sec=$((((sec << 20) / page * 64 + page - 1) / page))
	for v in $variants; do
		case $v in
		upstream-off) mode=0 ;;
		upstream) mode=1 ;;
		upstream-force) mode=force ;;
		esac
		yes=$(want_altmap $mode $used "$pb" "$page")
		for m in ${mults//,/ }; do
			z=$((bs * m)) tag="$arch $v $((block * m))M"
			want_pm=$((yes * reserved * m))
			check "$tag: valid" test "$(valid "$csv" "$v" $z)" = 1
			got=$(metric "$csv" "$v" $z altmap_in_effect)
			check "$tag: the altmap $([ "$yes" = 1 ] || echo "not ")in effect, as upstream's rule says (got ${got:-none})" \
				test "${got:-x}" = "$yes"
			got=$(metric "$csv" "$v" $z memmap_pages_on_hotadded)
			check "$tag: zoneinfo present - managed = $want_pm pages ($yes x $reserved x $m; got ${got:-none})" \
				test "${got:-x}" = "$want_pm"
			got=$(metric "$csv" "$v" $z memmap_pages_on_hotadded_kpf)
			check "$tag: kpageflags: $want_pm self-hosted pages (got ${got:-none})" \
				test "${got:-x}" = "$want_pm"
			got=$(metric "$csv" "$v" $z memmap_pages_upstream)
			want=$((per_sec * (block / sec) * m))
			check "$tag: nr_memmap_pages grew by $want ($per_sec per section of $sec MiB; got ${got:-none})" \
				test "${got:-x}" = "$want"
			got=$(metric "$csv" "$v" $z memmap_pages_wasted)
			want=$((yes * (reserved - used) * m))
			if [ "$yes" = 1 ]; then
				check "$tag: $want pages wasted ($reserved reserved - $used used, x $m; got ${got:-none})" \
					test "${got:-x}" = "$want"
			else
				check "$tag: no wasted-pages row without the altmap (got ${got:-none})" \
					test -z "$got"
			fi
		done
	done
	"$MHPBENCH" report "$run" >"$out/$arch.report" 2>&1
	rc=$?
	check "$arch: mhpbench report exits 0" test "$rc" -eq 0
	# The text report wraps at 72 columns: read it as one line.
	tr -s ' \n' '  ' <"$out/$arch.report" >"$out/$arch.flat"
	# The report says, per variant and size, where upstream's rule put
	# the memmap and, where it did not use the altmap, why: with 64K
	# pages =1 finds 4 pages, not whole pageblocks of 32.
	if [ "$(want_altmap 1 $used "$pb" "$page")" = 0 ]; then
		check "$arch: the report says why upstream =1 did not use the altmap ($used pages, pageblocks of $pb)" \
			grep -q "upstream rule: no altmap: memmap $used pages per $block MiB block is not whole pageblocks of $pb" "$out/$arch.flat"
	else
		check "$arch: the report says upstream =1 used the altmap ($used pages per $block MiB block)" \
			grep -q "upstream rule: altmap: memmap $used pages per $block MiB block" "$out/$arch.flat"
	fi
done <<<"$table"
check "no QEMU of this test left running" none_running "[q]emu-system.*$out/"
echo "# upstream.sh: $(($(date +%s) - t0)) s"
