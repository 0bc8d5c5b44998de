#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The image of the guest that plays a real machine for mhpbench native's
# test: the guest image, then Debian's ndctl and daxctl with their
# libraries (configs/guest-native.list, via kernels/guest-tools.sh), the
# runner linked statically, bench/native-init.sh as /init, and the
# kernel's modules.builtin indexes (depmod), without which libkmod takes
# the built-in kmem and device_dax drivers for missing modules.
#
#   bench/native-image.sh ARCH KERNEL_DIR MHPBENCH_STATIC OUTPUT.cpio.gz
set -euo pipefail
. "$(dirname "$0")/../kernels/lib.sh"

[ $# -eq 4 ] || die "usage: bench/native-image.sh ARCH KERNEL_DIR MHPBENCH OUTPUT"
arch=$1 kdir=$2 runner=$3 out=$4
darch=$(conf_get "$(arch_conf "$arch")" debian_arch)
base=$MHP_TOP/build/guest/$arch/initramfs.cpio.gz
[ -r "$base" ] || die "$base missing: make guest ARCH=$arch"
for f in kernel.release modules.builtin modules.builtin.modinfo; do
	[ -r "$kdir/$f" ] || die "$kdir/$f missing (a kernel cached before build.sh kept it: remove its entry in the cache and rebuild)"
done
release=$(cat "$kdir/kernel.release")
command -v depmod >/dev/null || die "depmod not found (kmod)"
MHP_TOOLS_LIST=$MHP_TOP/configs/guest-native.list MHP_TOOLS_NAME=native \
	"$MHP_TOP/kernels/guest-tools.sh" "$darch"
root=$MHP_CACHE/guest/$darch/native/root
[ -d "$root" ] || die "$root missing"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -a "$root/." "$stage/"
mkdir -p "$stage/lib/modules/$release" "$stage/etc" "$stage/bin"
cp "$kdir/modules.builtin" "$kdir/modules.builtin.modinfo" \
	"$stage/lib/modules/$release/"
: >"$stage/lib/modules/$release/modules.order"
depmod -b "$stage" "$release"
install -m 0755 "$runner" "$stage/bin/mhpbench"
install -m 0755 "$MHP_TOP/bench/native-init.sh" "$stage/init"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' \
	>"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
image_append "$base" "$stage" "$out" 6
