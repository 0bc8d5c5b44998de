#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest image of one architecture: an initramfs with Debian's
# busybox-static of the guest's architecture (unpacked into the cache by
# kernels/deps.sh) and the static guest driver.
#
#   bench/image.sh ARCH GUEST_BINARY OUTPUT.cpio.gz
#
# The archive is reproducible: sorted names, fixed mtimes and owners.
set -euo pipefail
. "$(dirname "$0")/../kernels/lib.sh"

[ $# -eq 3 ] || die "usage: bench/image.sh ARCH GUEST_BINARY OUTPUT"
arch=$1 guest=$2 out=$3
darch=$(conf_get "$(arch_conf "$arch")" debian_arch)
busybox=${MHP_BUSYBOX:-$MHP_CACHE/guest/$darch/root/bin/busybox}
[ -x "$busybox" ] || die "$busybox missing: make deps ARCH=$arch fetches busybox-static:$darch"
[ -x "$guest" ] || die "$guest missing: build the guest driver first"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp}
install -m 0755 "$busybox" "$stage/bin/busybox"
install -m 0755 "$guest" "$stage/bin/mhpbench-guest"
install -m 0755 "$MHP_TOP/bench/init.sh" "$stage/init"
find "$stage" -exec touch -h -d @0 {} +
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -9n >"$out.tmp"
mv "$out.tmp" "$out"

# What the image is made of, for meta.json (the runner copies it there).
jq -n --arg arch "$arch" --arg debian_arch "$darch" \
	--arg image_sha256 "$(sha256_of "$out")" \
	--arg driver_sha256 "$(sha256_of "$guest")" \
	--arg busybox_sha256 "$(sha256_of "$busybox")" \
	--arg init_sha256 "$(sha256_of "$MHP_TOP/bench/init.sh")" \
	'{arch: $arch, debian_arch: $debian_arch, image_sha256: $image_sha256,
	  driver_sha256: $driver_sha256, busybox_sha256: $busybox_sha256,
	  init_sha256: $init_sha256}' >"$out.json.tmp"
mv "$out.json.tmp" "$out.json"
