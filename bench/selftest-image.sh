#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the selftest image of one architecture: the guest image, followed
# by a second archive with Debian's bash of the guest's architecture, the
# libraries it loads, and the kernel's own
# tools/testing/selftests/memory-hotplug/mem-on-off-test.sh from the
# kernel source the kernels are built from (kernels/source.sh, KSRC too).
# The kernel unpacks both archives, one after the other. The script runs
# /sbin/modprobe for the memory notifier error injector, which our kernels
# have built in: busybox's modprobe needs /lib/modules/RELEASE with the
# kernel's modules.builtin indexes (depmod) to know that, so the image has
# them for the release of each kernel given (build/kernels/ARCH/VARIANT).
#
#   bench/selftest-image.sh ARCH INITRAMFS OUTPUT.cpio.gz KERNEL_DIR...
#
# Reproducible like the guest image: sorted names, fixed mtimes, owners.
set -euo pipefail
. "$(dirname "$0")/../kernels/lib.sh"

[ $# -ge 3 ] || die "usage: bench/selftest-image.sh ARCH INITRAMFS OUTPUT KERNEL_DIR..."
[ $# -ge 4 ] || die "no kernel of $1 built: the selftest image has their module lists (make kernels ARCH=$1)"
arch=$1 base=$2 out=$3
shift 3
darch=$(conf_get "$(arch_conf "$arch")" debian_arch)
root=$MHP_CACHE/guest/$darch/root
[ -x "$root/bin/bash" ] ||
	die "$root/bin/bash missing: make deps ARCHS=$arch fetches bash:$darch"
[ -r "$base" ] || die "$base missing: build the guest image first"
read -r src _ < <("$MHP_TOP/kernels/source.sh")
script=$src/tools/testing/selftests/memory-hotplug/mem-on-off-test.sh
[ -r "$script" ] || die "$script missing"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,selftest}
install -m 0755 "$root/bin/bash" "$stage/bin/bash"
# bash's loader and libraries (libc6, libtinfo6), symlinks as they are.
(cd "$root" && find . \( -name 'ld-linux*' -o -name 'ld64.so*' \
	-o -name 'libc.so.6' -o -name 'libtinfo.so.6*' \) -print0 |
	cpio -0 -pdm --quiet "$stage")
ls "$stage"/lib*/*/libc.so.6 >/dev/null 2>&1 ||
	die "no libc.so.6 for $darch in $root (libc6:$darch)"
# The script calls /sbin/modprobe; busybox has it. Kernels of one arch
# may share a release: their built-in lists are merged.
ln -s /bin/busybox "$stage/sbin/modprobe"
command -v depmod >/dev/null || die "depmod not found (kmod)"
for kdir in "$@"; do
	for f in kernel.release modules.builtin; do
		[ -r "$kdir/$f" ] || die "$kdir/$f missing (make kernels ARCH=$arch)"
	done
	mods=$stage/lib/modules/$(cat "$kdir/kernel.release")
	if [ ! -d "$mods" ]; then
		mkdir -p "$mods"
		cp "$kdir/modules.builtin" "$mods/"
		: >"$mods/modules.order"
	elif cmp -s "$kdir/modules.builtin" "$mods/modules.builtin"; then
		continue
	else
		sort -u "$kdir/modules.builtin" "$mods/modules.builtin" >"$mods/merged"
		mv "$mods/merged" "$mods/modules.builtin"
	fi
	# The aliases of the built-ins (depmod), where the build kept them.
	[ ! -r "$kdir/modules.builtin.modinfo" ] ||
		cat "$kdir/modules.builtin.modinfo" >>"$mods/modules.builtin.modinfo"
done
for mods in "$stage"/lib/modules/*; do
	depmod -b "$stage" "$(basename "$mods")"
done
install -m 0755 "$script" "$stage/selftest/mem-on-off-test.sh"
image_append "$base" "$stage" "$out" 9
