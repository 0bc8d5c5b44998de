#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the guest tools (configs/guest-tools.list: fio, stress-ng,
# numactl) of one Debian architecture with the shared libraries their
# programs need, into $MHP_CACHE/guest/DEBIAN_ARCH/tools/root, laid out as
# on a Debian system: the programs, each needed library under its soname
# in the directory its package puts it in, and the dynamic loader at the
# programs' PT_INTERP path. bench/image.sh copies that tree into the tools
# image. MHP_TOOLS_LIST names another list and MHP_TOOLS_NAME the
# directory instead of tools (bench/native-image.sh: ndctl, daxctl).
#
#   kernels/guest-tools.sh DEBIAN_ARCH
#
# The library closure comes from the packages' own files, never from a
# list kept here: the NEEDED entries of the programs (readelf, which reads
# any architecture's ELF), then of each library found, until every soname
# is found. A soname is looked for in the packages the ones kept so far
# depend on (apt-cache depends, in the guest's architecture); a dependency
# is kept only when it ships a needed soname, so the image gets libraries,
# not the packages' other files. Downloads go through the machine's apt
# configuration (apt-get download), like kernels/deps.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: kernels/guest-tools.sh DEBIAN_ARCH"
darch=$1
list=${MHP_TOOLS_LIST:-$MHP_TOP/configs/guest-tools.list}
mapfile -t tools < <(sed -e 's/#.*//' -e '/^[ \t]*$/d' "$list" | sort -u)
[ ${#tools[@]} -gt 0 ] || die "$list: no packages"
dir=$MHP_CACHE/guest/$darch/${MHP_TOOLS_NAME:-tools}
stamp="${tools[*]} $(sha256_of "$0" | cut -c1-16)"
[ "$(cat "$dir/.mhpbench-tools" 2>/dev/null)" != "$stamp" ] || exit 0
for t in readelf dpkg-deb apt-get apt-cache; do
	command -v "$t" >/dev/null || die "$t not found (binutils, dpkg, apt)"
done

work=$dir.tmp
rm -rf "$work"
mkdir -p "$work/debs" "$work/pkgs" "$work/root"
log=$work/log
note "fetching guest tools for $darch: ${tools[*]} (and the libraries they need)"

# download PKG...: fetch the .debs of the guest's architecture; a name
# apt cannot download (a virtual package) is skipped.
download() {
	local p
	(cd "$work/debs" && apt-get download -q "${@/%/:$darch}") >"$log" 2>&1 && return 0
	for p in "$@"; do
		(cd "$work/debs" && apt-get download -q "$p:$darch") >"$log" 2>&1 || true
	done
}

# deb_of PKG: the downloaded .deb of a package, or nothing.
deb_of() {
	local f
	for f in "$work/debs/$1"_*.deb; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
}

needed() {
	readelf -d "$1" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
}

is_elf() {
	[ -f "$1" ] && [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

declare -A seen=() kept=() expanded=() have=()
download "${tools[@]}"
for p in "${tools[@]}"; do
	deb=$(deb_of "$p")
	[ -n "$deb" ] || { tail -n 3 "$log" >&2; die "apt-get download $p:$darch failed"; }
	dpkg-deb -x "$deb" "$work/pkgs/$p"
	seen[$p]=1
	kept[$p]=1
done

# The tool programs: every ELF executable the tool packages install.
mapfile -t progs < <(for p in "${tools[@]}"; do
	find "$work/pkgs/$p" -type f -perm -u+x \( -path '*/bin/*' -o -path '*/sbin/*' \)
done | sort)
elfprogs=()
for f in "${progs[@]}"; do
	is_elf "$f" && elfprogs+=("$f")
done
[ ${#elfprogs[@]} -gt 0 ] || die "no programs in ${tools[*]}"

# index_sonames PKG: remember where each library file of a kept package is.
index_sonames() {
	local f
	while IFS= read -r f; do
		[ -n "${have[${f##*/}]:-}" ] || have[${f##*/}]=$f
	done < <(find "$work/pkgs/$1" \( -type f -o -type l \) -name '*.so*' | sort)
}
for p in "${tools[@]}"; do
	index_sonames "$p"
done

# walk: the files the programs need (in files[]) and the missing sonames.
walk() {
	local f s
	local -a stack=("${elfprogs[@]}")
	declare -gA files=() want=()
	missing=()
	while [ ${#stack[@]} -gt 0 ]; do
		f=${stack[-1]}
		unset 'stack[-1]'
		[ -z "${files[$f]:-}" ] || continue
		files[$f]=1
		for s in $(needed "$f"); do
			want[$s]=1
			if [ -n "${have[$s]:-}" ]; then
				stack+=("$(readlink -f "${have[$s]}")")
			else
				missing+=("$s")
			fi
		done
	done
	mapfile -t missing < <([ ${#missing[@]} -eq 0 ] || printf '%s\n' "${missing[@]}" | sort -u)
}

while walk; [ ${#missing[@]} -gt 0 ]; do
	# Candidates: what the kept packages not yet looked at depend on.
	ask=()
	for p in "${!kept[@]}"; do
		[ -n "${expanded[$p]:-}" ] || { ask+=("$p:$darch"); expanded[$p]=1; }
	done
	cand=()
	if [ ${#ask[@]} -gt 0 ]; then
		while read -r d; do
			[ -n "$d" ] && [ -z "${seen[$d]:-}" ] || continue
			seen[$d]=1
			cand+=("$d")
		done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts \
				--no-breaks --no-replaces --no-enhances "${ask[@]}" 2>/dev/null |
			sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([^< ][^ ]*\).*/\2/p' |
			sed 's/:.*//' | sort -u)
	fi
	[ ${#cand[@]} -gt 0 ] ||
		die "guest tools for $darch: no package found for ${missing[*]}"
	download "${cand[@]}"
	for d in "${cand[@]}"; do
		deb=$(deb_of "$d")
		[ -n "$deb" ] || continue
		rm -rf "$work/scratch"
		dpkg-deb -x "$deb" "$work/scratch"
		if find "$work/scratch" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' |
		   grep -qxF -f <(printf '%s\n' "${missing[@]}"); then
			mv "$work/scratch" "$work/pkgs/$d"
			kept[$d]=1
			index_sonames "$d"
		fi
	done
done

# Lay out the tree: programs where their package puts them, libraries
# under their soname in their package's directory, the loader at PT_INTERP.
rel() {
	local f=${1#"$work/pkgs/"}
	echo "${f#*/}"
}
copy_to() {
	mkdir -p "$(dirname "$work/root/$2")"
	install -m 0755 "$1" "$work/root/$2"
}
for f in "${elfprogs[@]}"; do
	copy_to "$f" "$(rel "$f")"
done
for s in "${!want[@]}"; do
	f=$(readlink -f "${have[$s]}")
	copy_to "$f" "$(dirname "$(rel "${have[$s]}")")/$s"
done
interp=$(readelf -l "${elfprogs[0]}" |
	sed -n 's/.*Requesting program interpreter: \(.*\)\]$/\1/p')
[ -n "$interp" ] || die "guest tools for $darch: ${elfprogs[0]} has no PT_INTERP"
[ -n "${have[${interp##*/}]:-}" ] ||
	die "guest tools for $darch: loader ${interp##*/} not found in the packages"
copy_to "$(readlink -f "${have[${interp##*/}]}")" "${interp#/}"
printf '%s\n' "${!kept[@]}" | sort >"$work/packages"
for p in $(cat "$work/packages"); do
	deb=$(deb_of "$p")
	echo "${deb##*/}"
done >"$work/debs.list"
rm -rf "$work/debs" "$work/pkgs" "$work/scratch" "$log"
printf '%s\n' "$stamp" >"$work/.mhpbench-tools"
rm -rf "$dir"
mv "$work" "$dir"
note "guest tools for $darch: $(wc -l <"$dir/packages") packages, $(du -sh "$dir/root" | cut -f1) in $dir/root"
