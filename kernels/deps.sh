#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the suite needs for the given architectures.
# Silent when everything is present; installs what is missing when run as
# root with apt; otherwise one line naming what is missing, exit 2.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

wanted() {
	sed -e 's/#.*//' -e '/^[ \t]*$/d' "$MHP_TOP/configs/packages.list"
	local a
	for a in "$@"; do
		conf_get "$(arch_conf "$a")" packages | tr ' ,' '\n\n'
	done
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
[ ${#missing[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null ||
	die "missing packages (${missing[*]}) and no apt-get to install them"
[ "$(id -u)" -eq 0 ] ||
	die "missing packages (${missing[*]}): run as root, or apt-get install them"
note "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The package lists of a fresh machine are empty or stale: refresh once.
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
	apt-get update -q >"$log" 2>&1 || { tail -n 5 "$log" >&2; die "apt-get update failed"; }
	apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1 ||
		{ tail -n 5 "$log" >&2; die "apt-get install ${missing[*]} failed"; }
fi
