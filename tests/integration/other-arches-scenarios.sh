#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The oom and numa scenarios on arm64 and powerpc, one small sample each
# (about 2 minutes per arch under TCG, plus a first fetch of the arch's
# tools): the same rows as on x86_64, the memmap of node-1 memory on node
# 0 with the stock kernel, and on pseries delayed onlining reported as
# not applicable (DLPAR onlines by itself) while onlining at once runs.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# Per arch: numa 6, oom 3, and on powerpc oom delayed.
plan $((2 * 9 + 1))
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for arch in arm64 powerpc; do
	n=9
	[ "$arch" = powerpc ] && n=10
	built=1
	for k in baseline altmap; do
		[ -f "$TOP/build/kernels/$arch/$k/build.json" ] || built=0
	done
	if [ $built -eq 0 ]; then
		skip_n $n "$arch: kernels not built (make kernels ARCH=$arch)"
		continue
	fi
	if ! make -s -C "$TOP" guest-tools ARCHS=$arch >"$out/make.log" 2>&1; then
		not_ok "$arch: make guest-tools: $(tail -n 1 "$out/make.log")"
		skip_n $((n - 1)) "$arch: no tools image"
		continue
	fi
	# One memory block of the arch (its profile says "128M", "256M").
	sz=$(awk -F'[ \t]*=[ \t]*' '$1 == "block_size" { print $2 }' \
		"$TOP/configs/arch/$arch.conf")
	bs=$((${sz%M} << 20))

	run=$out/$arch-numa
	"$MHPBENCH" run --arch $arch --scenario numa --variants baseline,altmap \
		--sizes "$sz" --samples 1 --work-seconds 1 --boot-timeout 300 \
		--out "$run" >"$out/stdout" 2>"$out/stderr"
	rc=$?
	check "$arch numa: mhpbench run exits 0" test "$rc" -eq 0
	csv=$run/samples.csv
	check "$arch numa baseline: valid, the memmap of node-1 memory on node 0" \
		test "$(valid "$csv" baseline "$bs")/$(metric "$csv" baseline "$bs" memmap_node)/$(metric "$csv" baseline "$bs" memmap_pages_node1)" = 1/0/0
	# altmap (the series covers every arch): the memmap on node 1, by
	# the exact witnesses (the pages reserved on node 1). What node 0
	# lost meanwhile is not a witness (sysfs objects, page tables: 0 to
	# 32 pages of 64K measured on powerpc): printed, not judged.
	n0=$(metric "$csv" altmap "$bs" memmap_pages_node0)
	n1=$(metric "$csv" altmap "$bs" memmap_pages_node1)
	# The altmap takes whole pageblocks (2 MiB) per block, from physics:
	#  arm64:   128 MiB / 4 KiB * 64 B / 4 KiB = 512 memmap pages,
	#           a pageblock of 2 MiB / 4 KiB = 512: 512 reserved;
	#  powerpc: 256 MiB / 64 KiB * 64 B / 64 KiB = 4 memmap pages,
	#           a pageblock of 2 MiB / 64 KiB = 32: 32 reserved.
	case $arch in
	arm64) want=512 ;;
	powerpc) want=32 ;;
	esac
	echo "# $arch numa altmap: node 0 lost ${n0:-?} pages meanwhile (not a witness)"
	check "$arch numa altmap: valid, the memmap on node 1 ($n1 of $want pages reserved)" \
		test "$(valid "$csv" altmap "$bs")/$(metric "$csv" altmap "$bs" memmap_node)/$n1" = "1/1/$want"
	for m in fault_pages_per_s migrate_pages_per_s kpageflags_pfns_per_s; do
		v=$(metric "$csv" baseline "$bs" $m)
		check "$arch numa baseline: $m > 0 ($v)" test "${v:-0}" -gt 0
	done

	run=$out/$arch-oom
	policy=delayed
	[ "$arch" = powerpc ] && policy=at-once
	"$MHPBENCH" run --arch $arch --scenario oom --variants baseline,altmap \
		--sizes $((2 * (bs >> 20)))M --samples 1 --policy $policy \
		--online-delay 1 --boot-timeout 300 --out "$run" \
		>"$out/stdout" 2>"$out/stderr"
	rc=$?
	check "$arch oom ($policy): mhpbench run exits 0" test "$rc" -eq 0
	csv=$run/samples.csv
	for k in baseline altmap; do
		check "$arch oom $k: survived 2 blocks, with a MemAvailable timeline" \
			test "$(metric "$csv" $k $((2 * bs)) oom_survived)/$(metric "$csv" $k $((2 * bs)) blocks_online)/$(awk -F, -v v=$k '$3 == v && $8 ~ /^t[0-9]+$/' "$csv" | wc -l | awk '$1 > 10 { print "t" }')" = 1/2/t
	done
	if [ "$arch" = powerpc ]; then
		run=$out/$arch-oom-delayed
		"$MHPBENCH" run --arch $arch --scenario oom --variants baseline \
			--sizes "$sz" --samples 1 --out "$run" \
			>"$out/stdout" 2>"$out/stderr"
		check "$arch oom delayed: not applicable under DLPAR, with the reason, no boot" \
			grep -q "not-applicable,0,.*not applicable: the kernel onlines" "$run/outcomes.csv"
	fi
done
