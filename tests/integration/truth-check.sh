#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The truth check cannot be fooled by the variant's name: the altmap
# kernel booted with memory_hotplug.memmap_on_memory=0 (appended after the
# variant's own command line, so it wins) puts the memmap on existing
# memory, and every sample of every scenario must then be invalid, its
# reason naming the witnesses that said so. One sample per scenario, one
# memory block, on each arch whose kernels are built: hotadd, oom with
# delayed onlining and at once (on pseries delayed onlining is not
# applicable: DLPAR onlines by itself), numa.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

ARCHES="x86_64 arm64 powerpc"
# Per arch: 4 runs, each "exits 0" and "invalid, witnesses named".
plan 24
echo "# budget: about 2 minutes for the three arches (measured 2 min 9 s: x86_64 under KVM, arm64 and powerpc under TCG; 11 boots, one 1 s numa work loop each)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
OFF=memory_hotplug.memmap_on_memory=0
# The witnesses that can vote here: zoneinfo and kpageflags always, the
# counter on the altmap kernel; MemFree votes or says why not.
WITNESSES='asks for the altmap but it was not in effect: zoneinfo no \(0 of [0-9]+\), kpageflags no \(0 of [0-9]+ blocks self-hosted\), counter no \(0 of [0-9]+\), memfree (no|n/a)'

# truth ARCH TAG SIZE ARGS...: one run of the altmap variant with the
# altmap switched off; its one sample must be invalid with the witnesses.
truth() {
	local arch=$1 tag=$2 size=$3 run=$out/$1-$2 t0=$SECONDS
	shift 3
	"$MHPBENCH" run --arch "$arch" --variants altmap --sizes "$size" \
		--samples 1 --append "$OFF" --boot-timeout 300 --out "$run" \
		"$@" >"$run.stdout" 2>"$run.stderr"
	rc=$?
	check "$arch $tag: mhpbench run exits 0 ($((SECONDS - t0)) s)" test "$rc" -eq 0
	if grep -Eq ",altmap,.*,invalid,0,.*$WITNESSES" "$run/outcomes.csv" 2>/dev/null; then
		ok "$arch $tag: invalid, the witnesses named: $(grep -Eo 'zoneinfo no.*' "$run/outcomes.csv" | cut -c1-150)"
	else
		not_ok "$arch $tag: not invalid with the witnesses' reason: $(tail -n +2 "$run/outcomes.csv" 2>/dev/null | cut -c1-300)"
	fi
}

for arch in $ARCHES; do
	# A kernel not built is a skip (a failure under make test and CI);
	# a tools image that fails to build is a failure.
	if [ ! -f "$TOP/build/kernels/$arch/altmap/build.json" ]; then
		skip_n 8 "$arch: altmap kernel not built (make kernels ARCHS=$arch)"
		continue
	fi
	if ! make -s -C "$TOP" guest-tools ARCHS="$arch" >"$out/make.log" 2>&1; then
		not_ok "$arch: make guest-tools ARCHS=$arch failed: $(tail -n 1 "$out/make.log")"
		skip_n 7 "$arch: no tools image"
		continue
	fi
	sz=$(awk -F'[ \t]*=[ \t]*' '$1 == "block_size" { print $2 }' \
		"$TOP/configs/arch/$arch.conf")
	truth "$arch" hotadd "$sz" --scenario hotadd
	if [ "$arch" = powerpc ]; then
		run=$out/$arch-oom-delayed
		"$MHPBENCH" run --arch "$arch" --scenario oom --variants altmap \
			--sizes "$sz" --samples 1 --out "$run" \
			>"$run.stdout" 2>"$run.stderr"
		rc=$?
		check "$arch oom delayed: mhpbench run exits 0" test "$rc" -eq 0
		check "$arch oom delayed: not applicable under DLPAR (no boot, no verdict to fool)" \
			grep -q "not-applicable,0,.*not applicable: the kernel onlines" "$run/outcomes.csv"
	else
		truth "$arch" oom-delayed "$sz" --scenario oom --policy delayed \
			--hog 50 --online-delay 0
	fi
	truth "$arch" oom-at-once "$sz" --scenario oom --policy at-once \
		--hog 50
	truth "$arch" numa "$sz" --scenario numa --work-seconds 1
done
