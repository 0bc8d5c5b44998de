#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# What mhpbench lava needs, set up only when lava is used (make lava-deps,
# called by the lava targets):
#  - lava-dispatcher (lava-run) and python3-jinja2, installed with
#    --no-install-recommends through kernels/deps.sh's extra list;
#  - LAVA's device-type templates (base.jinja2, qemu.jinja2...) from
#    Debian's lava-server package, fetched with `apt-get download` through
#    the machine's apt configuration and unpacked with dpkg-deb -x into
#    $MHP_CACHE/lava/ (the server is never installed);
#  - json-c's static library of each guest architecture (libjson-c-dev of
#    the profile's debian_arch, fetched and unpacked the same way into
#    $MHP_CACHE/guest/DEBIAN_ARCH/jsonc/), for the static mhpbench-lava.
#
#   kernels/lava-deps.sh ARCH...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

MHP_EXTRA_PACKAGES="lava-dispatcher python3-jinja2 python3-yaml ${MHP_EXTRA_PACKAGES:-}" \
	"$MHP_TOP/kernels/deps.sh" "$@"

log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$log" "$work"' EXIT

# fetch_unpack DIR PACKAGE...: the packages' files under DIR/root, once;
# DIR/.mhpbench-pkgs records the .deb files it was made from.
fetch_unpack() {
	local dir=$1 deb
	shift
	[ "$(cat "$dir/.mhpbench-pkgs" 2>/dev/null)" != "$*" ] || return 0
	rm -rf "$work/debs" "$dir.tmp"
	mkdir -p "$work/debs" "$dir.tmp/root"
	(cd "$work/debs" && apt-get download -q "$@") >"$log" 2>&1 ||
		{ tail -n 3 "$log" >&2; die "apt-get download $* failed"; }
	for deb in "$work"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir.tmp/root"
		basename "$deb" >>"$dir.tmp/debs"
	done
	printf '%s\n' "$*" >"$dir.tmp/.mhpbench-pkgs"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
}

fetch_unpack "$MHP_CACHE/lava/server" lava-server
[ -r "$MHP_CACHE/lava/server/root/usr/share/lava-server/device-types/qemu.jinja2" ] ||
	die "lava-server has no device-types/qemu.jinja2"
for a in "$@"; do
	darch=$(conf_get "$(arch_conf "$a")" debian_arch)
	fetch_unpack "$MHP_CACHE/guest/$darch/jsonc" "libjson-c-dev:$darch"
	ls "$MHP_CACHE/guest/$darch/jsonc/root"/usr/lib/*/libjson-c.a >/dev/null 2>&1 ||
		die "libjson-c-dev:$darch has no libjson-c.a"
done
