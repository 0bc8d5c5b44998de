#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the suite needs for the given architectures.
# Silent when everything is present; installs what is missing when run as
# root with apt; otherwise one line naming what is missing, exit 2.
#
# Two kinds of packages:
#  - host packages (configs/packages.list and each profile's "packages":
#    compilers, QEMU, firmware), installed with apt-get;
#  - guest packages (configs/guest-packages.list), taken in the guest's
#    Debian architecture (the profile's "debian_arch") with `apt-get
#    download` through the machine's own apt sources, unpacked into
#    $MHP_CACHE/guest/DEBIAN_ARCH/root for bench/image.sh. A foreign
#    architecture is added to dpkg first (dpkg --add-architecture), which
#    is what makes apt fetch its package lists.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

wanted() {
	sed -e 's/#.*//' -e '/^[ \t]*$/d' "$MHP_TOP/configs/packages.list"
	local a
	for a in "$@"; do
		conf_get "$(arch_conf "$a")" packages | tr ' ,' '\n\n'
	done
	# Tools of one make target only (make fuzz: clang and its runtime).
	[ -z "${MHP_EXTRA_PACKAGES:-}" ] || printf '%s\n' $MHP_EXTRA_PACKAGES
}

for a in "$@"; do
	arch_conf "$a" >/dev/null
done
list=$(wanted "$@" | sort -u) || exit 2
missing=()
for p in $list; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
updated=0

# A failed update is not fatal by itself: one index out of several may be
# mid-sync on the mirror while the ones needed are fine. What then fails
# to install or download is the error.
apt_update() {
	[ "$updated" -eq 0 ] || return 0
	apt_run "$log" apt-get update -q ||
		note "apt-get update: $(grep '^E:' "$log" | head -n1) (going on)"
	updated=1
}

if [ ${#missing[@]} -gt 0 ]; then
	command -v apt-get >/dev/null ||
		die "missing packages (${missing[*]}) and no apt-get to install them"
	[ "$(id -u)" -eq 0 ] ||
		die "missing packages (${missing[*]}): run as root, or apt-get install them"
	note "installing ${missing[*]}"
	# The package lists of a fresh machine are empty or stale: refresh once.
	if ! apt_run "$log" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
		apt_update
		apt_run "$log" apt-get install -y -q --no-install-recommends "${missing[@]}" ||
			{ tail -n 5 "$log" >&2; die "apt-get install ${missing[*]} failed"; }
	fi
fi

# Guest packages, per Debian architecture. The cache records the exact
# .deb files it was unpacked from; nothing is fetched when it is complete.
guest_pkgs=$(sed -e 's/#.*//' -e '/^[ \t]*$/d' "$MHP_TOP/configs/guest-packages.list" |
	sort -u | tr '\n' ' ' | sed 's/ $//')
native=$(dpkg --print-architecture)
for a in "$@"; do
	darch=$(conf_get "$(arch_conf "$a")" debian_arch)
	[ -n "$darch" ] || die "$(arch_conf "$a"): key 'debian_arch' is empty"
	dir=$MHP_CACHE/guest/$darch
	[ "$(cat "$dir/.mhpbench-pkgs" 2>/dev/null)" != "$guest_pkgs" ] || continue
	command -v apt-get >/dev/null ||
		die "guest packages ($guest_pkgs) for $darch missing and no apt-get to fetch them"
	if [ "$darch" != "$native" ] &&
	   ! dpkg --print-foreign-architectures | grep -qx "$darch"; then
		[ "$(id -u)" -eq 0 ] ||
			die "guest packages for $darch: run as root (dpkg --add-architecture $darch)"
		note "adding the $darch architecture to dpkg (for its guest packages)"
		apt_run "$log" dpkg --add-architecture "$darch" ||
			{ tail -n 3 "$log" >&2; die "dpkg --add-architecture $darch failed"; }
		updated=0
		apt_update
	fi
	note "fetching guest packages for $darch: $guest_pkgs"
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp/debs" "$dir.tmp/root"
	want=()
	for p in $guest_pkgs; do
		want+=("$p:$darch")
	done
	if ! (cd "$dir.tmp/debs" && apt-get download -q "${want[@]}") >"$log" 2>&1; then
		[ "$(id -u)" -eq 0 ] || { tail -n 3 "$log" >&2; die "apt-get download ${want[*]} failed"; }
		apt_update
		(cd "$dir.tmp/debs" && apt-get download -q "${want[@]}") >"$log" 2>&1 ||
			{ tail -n 3 "$log" >&2; die "apt-get download ${want[*]} failed"; }
	fi
	for deb in "$dir.tmp"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir.tmp/root"
	done
	printf '%s\n' "$guest_pkgs" >"$dir.tmp/.mhpbench-pkgs"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
done
