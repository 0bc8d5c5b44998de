#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Kernels the suite did not build, given with --kernel:
#  - bad --kernel values: one line, exit 2;
#  - every subcommand answers --help on stdout with exit 0;
#  - x86_64: Debian 12's newest cloud kernel (linux-image-6.1.0-*-cloud-
#    amd64-unsigned, fetched with apt-get download), booted beside the
#    suite's baseline and altmap in one run with memmap_on_memory=1 and an
#    altmap claim: its 128M DIMM is self-hosted (512 pages by zoneinfo and
#    kpageflags, MemFree unmoved, sizeof(struct page) from its BTF), its
#    1G DIMM is invalid "not in effect" (stock 6.1 uses the altmap only
#    for a single-block range); one report covers the run; meta.json names
#    the kernel by its image's sha256 and the guest's uname;
#  - x86_64: Debian 12's newest 6.12 cloud kernel (linux-image-6.12.N+
#    deb12-cloud-amd64-unsigned, every module xz-compressed) in the same
#    run, memmap_on_memory=1: its virtio_mem.ko.xz is decompressed into
#    the guest image (meta.json says so) and the run goes on; upstream's
#    rule puts the memmap on each 128 MiB block (512 pages, one whole
#    pageblock, PMD-aligned): 512 pages at 128M, 8 x 512 at 1G, by
#    zoneinfo, kpageflags and upstream's nr_memmap_pages;
#  - an image whose banner does not match what its guest says is refused;
#  - a kernel booted without NUMA (numa=off) gives the reason, not a hang;
#  - arm64: Debian's arm64 kernel is refused before booting, its config
#    lacking ACPI_HOTPLUG_MEMORY; an x86 image for arm64 too.
# Takes about 3 minutes under TCG on 2 cores (downloads cached after the
# first time, about 125 MB).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 52
start=$(date +%s)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cache=${MHP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}/prebuilt/debs
mkdir -p "$cache"
M128=134217728 G1=1073741824

# fetch NAME_ERE DEBIAN_ARCH: the .deb of the newest package whose name
# matches NAME_ERE, through the machine's apt configuration (cached).
fetch() {
	local name f
	name=$(apt-cache search --names-only "$1" 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n1)
	[ -n "$name" ] || return 1
	f=$(ls "$cache/${name}"_*_"$2".deb 2>/dev/null | tail -n1)
	if [ -z "$f" ]; then
		(cd "$cache" && apt-get download -q "$name:$2") >"$out/apt.log" 2>&1 || return 1
		f=$(ls "$cache/${name}"_*_"$2".deb 2>/dev/null | tail -n1)
	fi
	[ -n "$f" ] && echo "$f"
}

# Bad --kernel values (4): checked before anything boots.
printf 'not a kernel\n' >"$out/notkernel"
amd=$(fetch '^linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned$' amd64)
amd612=$(fetch '^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned$' amd64)
# A real image for the key checks, whether or not the .deb came.
img=${amd:-$TOP/build/kernels/x86_64/baseline/bzImage}
expect_exit2 "--kernel: missing file" 'none: No such file or directory' "$MHPBENCH" run --kernel d="$out/none"
expect_exit2 "--kernel: not a kernel image" 'notkernel is not a kernel image' "$MHPBENCH" run --kernel d="$out/notkernel"
expect_exit2 "--kernel: unknown key" "--kernel d: unknown key 'colour'" "$MHPBENCH" run --kernel d="$img",colour=blue
expect_exit2 "--kernel: duplicate name" '--kernel d: name given twice' "$MHPBENCH" run \
	--kernel d="$img" --kernel d="$img"

# --help (5).
for c in run report compare selftest native; do
	"$MHPBENCH" $c --help >"$out/help" 2>"$out/help.err"
	rc=$?
	check "$c --help: exit 0, usage on stdout" \
		test $rc -eq 0 -a -n "$(grep '^usage: mhpbench '"$c" "$out/help")" \
		-a ! -s "$out/help.err"
done

# x86_64 (39).
need=""
for k in baseline altmap; do
	[ -f "$TOP/build/kernels/x86_64/$k/build.json" ] || need="x86_64 $k kernel not built"
done
[ -n "$amd" ] || need="no Debian 6.1 cloud-amd64 kernel package (apt-get download failed)"
[ -n "$amd612" ] || need="no Debian 6.12 cloud-amd64 kernel package (apt-get download failed)"
if [ -n "$need" ]; then
	skip_n 39 "$need"
else
	run=$out/run
	t0=$(date +%s)
	"$MHPBENCH" run --arch x86_64 --variants baseline,altmap --trace no \
		--kernel "debian=$amd,cmdline=memory_hotplug.memmap_on_memory=1" \
		--kernel "deb612=$amd612,cmdline=memory_hotplug.memmap_on_memory=1" \
		--sizes 128M,1G --samples 1 --out "$run" >"$out/stdout" 2>"$out/stderr"
	rc=$?
	check "run with the Debian kernels exits 0 ($(($(date +%s) - t0)) s)" test $rc -eq 0
	csv=$run/samples.csv
	check "debian 128M: valid, altmap in effect" \
		test "$(valid "$csv" debian $M128)/$(metric "$csv" debian $M128 altmap_in_effect)" = "1/1"
	check "debian 128M: zoneinfo 512 memmap pages on node 1" \
		test "$(metric "$csv" debian $M128 memmap_pages_on_hotadded)" = 512
	check "debian 128M: kpageflags 512 self-hosted pages" \
		test "$(metric "$csv" debian $M128 memmap_pages_on_hotadded_kpf)" = 512
	drop=$(metric "$csv" debian $M128 memfree_drop_at_add_kb)
	check "debian 128M: MemFree drops by < 1 MiB at add ($drop kB)" \
		test "${drop:-99999}" -lt 1024
	check "debian 128M: sizeof(struct page) 64 from BTF" \
		test "$(metric "$csv" debian $M128 struct_page_bytes)/$(metric "$csv" debian $M128 struct_page_bytes_btf)" = "64/1"
	check "debian 1G: invalid, not in effect" \
		grep -q "debian.*1073741824.*invalid.*asks for the altmap but it was not in effect" "$run/outcomes.csv"
	check "debian 1G: no altmap on node 1 (0 memmap pages)" \
		test "$(metric "$csv" debian $G1 memmap_pages_on_hotadded)" = 0
	check "baseline and altmap 128M valid beside it" \
		test "$(valid "$csv" baseline $M128)$(valid "$csv" altmap $M128)" = 11
	check "altmap 1G valid (the series)" test "$(valid "$csv" altmap $G1)" = 1
	check "baseline kernel: sizeof(struct page) from its build" \
		test "$(metric "$csv" baseline $M128 struct_page_bytes_btf)" = 0
	deb_img=$(jq -r .kernels.debian.image "$run/meta.json")
	check "meta.json: the image's sha256" \
		test "$(jq -r .kernels.debian.image_sha256 "$run/meta.json")" = \
		"$(sha256sum "$deb_img" | cut -d' ' -f1)"
	rel=$(jq -r .kernels.debian.guest_release "$run/meta.json")
	check "meta.json: the guest's uname -r ($rel)" \
		test "$rel" = "$(basename "$amd" | sed -E 's/^linux-image-(6\.1\.0-[0-9]+-cloud-amd64)-unsigned_.*/\1/')"
	check "meta.json: the guest's uname -v" \
		json_true "$run/meta.json" '.kernels.debian.guest_version | test("^#1_SMP")'
	check "meta.json: struct page size source btf" \
		json_true "$run/meta.json" '.kernels.debian.struct_page_bytes_source == "btf"'
	check "meta.json: the modules loaded (virtio_console)" \
		json_true "$run/meta.json" '.kernels.debian.modules | map(select(test("virtio_console"))) | length == 1'
	"$MHPBENCH" report "$run" --no-plots >"$out/report" 2>"$out/report.err"
	rc=$?
	check "one report of the run" test $rc -eq 0 -a -s "$run/report.txt"
	check "the report names the Debian kernel" grep -q "debian" "$run/report.txt"

	# Debian 6.12 (upstream's rule since 6.8: the memmap of each memory
	# block on that block, when it is whole pageblocks and the arch
	# accepts its size). x86_64: 128 MiB blocks, 4 KiB pages, struct
	# page 64 B: 128 MiB / 4 KiB * 64 B = 2 MiB = 512 pages per block;
	# a pageblock is 2 MiB (order 9) = 512 pages, so the memmap is one
	# whole pageblock, and 2 MiB is PMD-aligned (x86's
	# arch_supports_memmap_on_memory()): the altmap is used. 1G is 8
	# blocks, each with its own: 8 * 512 = 4096 pages.
	blk=$((128 << 20)) page=4096 sp=64 pb=$((2 << 20))
	per=$((blk * sp / page / page))
	check "theory: $per memmap pages per block, whole pageblocks" \
		test $per -eq 512 -a $((per * page % pb)) -eq 0
	echo "# deb612: boot $(metric "$csv" deb612 $M128 boot_ms) ms, sample $(metric "$csv" deb612 $M128 wall_ms) ms at 128M, $(metric "$csv" deb612 $G1 wall_ms) ms at 1G; baseline boot $(metric "$csv" baseline $M128 boot_ms) ms"
	check "deb612 128M: valid, altmap in effect" \
		test "$(valid "$csv" deb612 $M128)/$(metric "$csv" deb612 $M128 altmap_in_effect)" = "1/1"
	check "deb612 128M: zoneinfo $per memmap pages on node 1" \
		test "$(metric "$csv" deb612 $M128 memmap_pages_on_hotadded)" = $per
	check "deb612 128M: kpageflags $per self-hosted pages" \
		test "$(metric "$csv" deb612 $M128 memmap_pages_on_hotadded_kpf)" = $per
	check "deb612 128M: upstream's nr_memmap_pages counted $per" \
		test "$(metric "$csv" deb612 $M128 memmap_pages_upstream)" = $per
	drop=$(metric "$csv" deb612 $M128 memfree_drop_at_add_kb)
	bdrop=$(metric "$csv" baseline $M128 memfree_drop_at_add_kb)
	# Baseline's 2 MiB memmap comes out of boot RAM; deb612's does not.
	check "deb612 128M: MemFree drops by < 1 MiB at add ($drop kB; baseline $bdrop kB >= 2048)" \
		test "${drop:-99999}" -lt 1024 -a "${bdrop:-0}" -ge $((per * page / 1024))
	check "deb612 128M: witnesses zoneinfo, kpageflags, memfree and upstream size say yes" \
		test "$(metric "$csv" deb612 $M128 witness_zoneinfo)$(metric "$csv" deb612 $M128 witness_kpageflags)$(metric "$csv" deb612 $M128 witness_memfree)$(metric "$csv" deb612 $M128 memmap_pages_upstream_agrees)" = 1111
	check "deb612 128M: sizeof(struct page) $sp from BTF" \
		test "$(metric "$csv" deb612 $M128 struct_page_bytes)/$(metric "$csv" deb612 $M128 struct_page_bytes_btf)" = "$sp/1"
	check "deb612 1G: valid, altmap in effect" \
		test "$(valid "$csv" deb612 $G1)/$(metric "$csv" deb612 $G1 altmap_in_effect)" = "1/1"
	check "deb612 1G: 8 blocks x $per = $((8 * per)) pages by zoneinfo, kpageflags and nr_memmap_pages" \
		test "$(metric "$csv" deb612 $G1 memmap_pages_on_hotadded)/$(metric "$csv" deb612 $G1 memmap_pages_on_hotadded_kpf)/$(metric "$csv" deb612 $G1 memmap_pages_upstream)" = \
		"$((8 * per))/$((8 * per))/$((8 * per))"
	check "meta.json: deb612's virtio_mem.ko.xz decompressed (xz), nothing skipped" \
		json_true "$run/meta.json" '.kernels.deb612 | .modules_decompressed ==
			[{module: "virtio_mem", file: "kernel/drivers/virtio/virtio_mem.ko.xz", compression: "xz"}]
			and .modules_skipped == []'
	check "meta.json: deb612 loads the plain virtio_mem.ko (virtio PCI and console built in)" \
		json_true "$run/meta.json" '.kernels.deb612.modules | length == 1 and (.[0] | test("/virtio_mem\\.ko$"))'
	rel=$(jq -r .kernels.deb612.guest_release "$run/meta.json")
	check "meta.json: deb612's guest uname -r ($rel)" \
		test "$rel" = "$(basename "$amd612" | sed -E 's/^linux-image-(6\.12\.[0-9]+\+deb12-cloud-amd64)-unsigned_.*/\1/')"

	# virtio-mem with Debian's kernel: its virtio_mem module is loaded.
	vm=$out/vmem
	"$MHPBENCH" run --arch x86_64 --variants baseline --kernel "debian=$amd" \
		--hotplug virtio-mem --sizes 1G --samples 1 --out "$vm" \
		>"$out/vmem.stdout" 2>"$out/vmem.stderr"
	rc=$?
	check "virtio-mem with the Debian kernel: exit 0, valid" \
		test $rc -eq 0 -a "$(valid "$vm/samples.csv" debian $G1)" = 1
	check "  the virtio_mem module loaded" \
		json_true "$vm/meta.json" '.kernels.debian.modules | map(select(test("virtio_mem"))) | length == 1'
	check "  1G plugged in 8 blocks, no memmap page on them" \
		test "$(metric "$vm/samples.csv" debian $G1 plugged_bytes)/$(metric "$vm/samples.csv" debian $G1 blocks)/$(metric "$vm/samples.csv" debian $G1 memmap_pages_on_hotadded)" = "$G1/8/0"
	check "  unplug back to the boot MemTotal" \
		test "$(metric "$vm/samples.csv" debian $G1 memtotal_after_remove_kb)" = \
		"$(metric "$vm/samples.csv" debian $G1 memtotal_before_kb)"

	# A banner that is not what the guest says: refused.
	cp "$deb_img" "$out/liar"
	off=$(grep -boa '#1 SMP PREEMPT_DYNAMIC Debian' "$out/liar" | head -n1 | cut -d: -f1)
	printf '9' | dd of="$out/liar" bs=1 seek=$((off + 1)) conv=notrunc 2>/dev/null
	"$MHPBENCH" run --arch x86_64 --variants baseline --trace no --sizes 128M \
		--kernel "liar=$out/liar,modules=$amd" --samples 1 --out "$out/liar-run" \
		>/dev/null 2>&1
	check "another kernel than the one given is refused" \
		grep -q "liar.*host-error.*guest runs .*#1_SMP.*expected .*#9_SMP" "$out/liar-run/outcomes.csv"
	check "  and its sample has no rows of a scenario" \
		test "$(rows "$out/liar-run/samples.csv" liar $M128 altmap_in_effect)" = 0

	# What a kernel lacks is a reason: no NUMA node for the DIMM.
	"$MHPBENCH" run --arch x86_64 --variants baseline --trace no --sizes 128M \
		--kernel "debian=$amd" --append numa=off --samples 1 \
		--out "$out/nonuma" >/dev/null 2>&1
	rc=$?
	check "numa=off: exit 0" test $rc -eq 0
	check "  every sample invalid: the kernel lacks NUMA" \
		test "$(grep -c ',invalid,.*the kernel lacks NUMA' "$out/nonuma/outcomes.csv")" = 2
fi

# arm64 (4): refused before booting.
arm=$(fetch '^linux-image-6\.1\.0-[0-9]+-arm64-unsigned$' arm64)
if [ -z "$arm" ] || [ ! -r "$TOP/build/guest/arm64/initramfs.cpio.gz" ]; then
	skip_n 4 "no Debian arm64 kernel package or arm64 guest image"
else
	err=$("$MHPBENCH" run --arch arm64 --sizes 128M --samples 1 --out "$out/arm" \
		--kernel "debian=$arm,cmdline=memory_hotplug.memmap_on_memory=1" 2>&1 >/dev/null)
	rc=$?
	check "arm64 Debian kernel: exit 2" test $rc -eq 2
	check "  one line: lacks ACPI_HOTPLUG_MEMORY ($err)" \
		test "$(printf '%s\n' "$err" | grep -c .)" = 1 -a -n "$(echo "$err" | grep 'lacks CONFIG_ACPI_HOTPLUG_MEMORY')"
	check "  nothing booted" test ! -e "$out/arm/samples"
	if [ -n "$amd" ]; then
		expect_exit2 "an x86_64 kernel for arm64" 'is an? .*, not what arm64 boots' "$MHPBENCH" run --arch arm64 \
			--sizes 128M --kernel "x=$amd" --out "$out/arm2"
	else
		skip "no x86_64 kernel package"
	fi
fi
echo "# any-kernel.sh: $(($(date +%s) - start)) s"
