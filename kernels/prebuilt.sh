#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A kernel the suite did not build, made ready to boot the guest driver:
#
#   kernels/prebuilt.sh ARCH HOTPLUG SCENARIO BASE_INITRAMFS OUTDIR deb FILE.deb
#   kernels/prebuilt.sh ARCH HOTPLUG SCENARIO BASE_INITRAMFS OUTDIR package NAME
#   kernels/prebuilt.sh ARCH HOTPLUG SCENARIO BASE_INITRAMFS OUTDIR image IMAGE [CONFIG] [MODULES]
#
# A Debian linux-image .deb (or package NAME, fetched with `apt-get
# download` through the machine's apt configuration in the profile's
# Debian architecture) is unpacked once into the cache: the image is its
# boot/vmlinuz-* (vmlinux-* on powerpc), the config its boot/config-*,
# the modules its lib/modules/RELEASE. MODULES is a modules tree
# (lib/modules/RELEASE or a root holding it) or such a .deb.
#
# The modules of configs/guest-modules.list that the kernel has as
# modules go, with their dependencies from the kernel's own modules.dep
# (made with depmod -b on a copy when the tree has none), into
# OUTDIR/initramfs.cpio.gz: BASE_INITRAMFS followed by an archive with
# the .ko files and /lib/modules/mhpbench.load, which /init loads in
# order. A compressed module (.ko.xz, .ko.zst, .ko.gz: Debian 6.12
# compresses every module with xz) is decompressed here, as busybox
# insmod loads plain ELF files only. A module the run (hot-add method
# HOTPLUG, scenario SCENARIO) needs that the kernel has neither built in
# nor as a loadable module refuses the kernel; one it does not need is
# skipped. OUTDIR/prebuilt.json says what was used, decompressed and
# skipped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 7 ] || die "usage: kernels/prebuilt.sh ARCH HOTPLUG SCENARIO BASE_INITRAMFS OUTDIR deb|package|image SOURCE [CONFIG] [MODULES]"
arch=$1 hotplug=$2 scenario=$3 base=$4 out=$5 kind=$6 src=$7
config=${8:-} modsrc=${9:-}
darch=$(conf_get "$(arch_conf "$arch")" debian_arch)
list=$MHP_TOP/configs/guest-modules.list
[ -r "$base" ] || die "guest image $base missing (make guest ARCH=$arch)"

# unpack DEB: the directory it is unpacked into, once per content.
unpack() {
	local deb=$1 sum dir
	dpkg-deb -f "$deb" Package >/dev/null 2>&1 || die "$deb: not a Debian package"
	sum=$(sha256_of "$deb")
	dir=$MHP_CACHE/prebuilt/$sum
	if [ ! -e "$dir/.done" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		dpkg-deb -x "$deb" "$dir" || die "$deb: cannot unpack"
		touch "$dir/.done"
	fi
	echo "$dir"
}

# one PATTERN: the single file matching PATTERN, or nothing.
one() {
	local f
	for f in $1; do
		[ -e "$f" ] && { echo "$f"; return; }
	done
}

deb='' deb_sha='' package='' image=''
case $kind in
package)
	package=$src
	d=$MHP_CACHE/prebuilt/debs
	mkdir -p "$d"
	log=$(mktemp)
	(cd "$d" && apt-get download -q "$package:$darch") >"$log" 2>&1 ||
		{ note "$(grep -m1 '^E:' "$log" || tail -n1 "$log")"; rm -f "$log"; die "apt-get download $package:$darch failed"; }
	rm -f "$log"
	deb=$(ls -t "$d/${package}"_*.deb | head -n1)
	;;
deb) deb=$src ;;
image) image=$src ;;
*) die "prebuilt.sh: unknown kind '$kind'" ;;
esac
deb_name=''
if [ -n "$deb" ]; then
	root=$(unpack "$deb")
	deb_sha=$(sha256_of "$deb")
	deb_name="$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
	image=$(one "$root/boot/vmlinuz-*")
	[ -n "$image" ] || image=$(one "$root/boot/vmlinux-*")
	[ -n "$image" ] || die "$deb: no boot/vmlinuz-* in it (not a linux-image package?)"
	[ -n "$config" ] || config=$(one "$root/boot/config-*")
	[ -n "$modsrc" ] || modsrc=$root
fi
if [ -n "$modsrc" ] && [ -f "$modsrc" ]; then
	modsrc=$(unpack "$modsrc")
	[ -n "$config" ] || config=$(one "$modsrc/boot/config-*")
fi

# The modules tree: DIR itself (DIR/modules.order), or DIR/lib/modules/*.
moddir='' release=''
if [ -n "$modsrc" ]; then
	if [ -e "$modsrc/modules.order" ] || [ -e "$modsrc/modules.builtin" ]; then
		moddir=$modsrc
	else
		moddir=$(one "$modsrc/lib/modules/*")
	fi
	if [ -z "$moddir" ] || [ ! -d "$moddir/kernel" ]; then
		die "$modsrc: no modules tree (want lib/modules/RELEASE)"
	fi
	release=$(basename "$moddir")
fi

rm -rf "$out"
mkdir -p "$out"
# Module compressions, by the suffix after .ko: the magic the file must
# start with (hex) and the tool that decompresses it (TOOL -dc FILE).
declare -A zmagic=([xz]=fd377a585a00 [zst]=28b52ffd [gz]=1f8b)
declare -A zname=([xz]=xz [zst]=zstd [gz]=gzip)

# magic FILE N: its first N bytes in hex.
magic() {
	od -An -tx1 -N"$2" "$1" | tr -d ' \n'
}

# needed NEEDS: whether this run needs a module that NEEDS (a comma list
# of "all", hotplug=METHOD, scenario=NAME) names.
needed() {
	local w
	for w in ${1//,/ }; do
		case $w in
		all | "hotplug=$hotplug" | "scenario=$scenario") return 0 ;;
		hotplug=?* | scenario=?*) ;;
		*) die "$list: '$w' is not all, hotplug=METHOD or scenario=NAME" ;;
		esac
	done
	return 1
}

# stage MOD: its plain .ko under $stage, decompressed when compressed
# (appended to $zipped). Nothing on stdout; a reason and 1 when it
# cannot be loaded.
stage_one() {
	local mod=$1 src=$moddir/$1 z dst
	[ -r "$src" ] || { why="$mod: missing from $moddir"; return 1; }
	z=${mod##*.ko}
	z=${z#.}
	dst=$stage/lib/modules/$release/${mod%.ko*}.ko
	mkdir -p "$(dirname "$dst")"
	if [ -z "$z" ]; then
		install -m 0644 "$src" "$dst"
	else
		[ -n "${zname[$z]:-}" ] ||
			{ why="$mod: unknown module compression .$z (xz, zst or gz)"; return 1; }
		[ "$(magic "$src" $((${#zmagic[$z]} / 2)))" = "${zmagic[$z]}" ] ||
			{ why="$mod: not ${zname[$z]} data"; return 1; }
		"${zname[$z]}" -dc "$src" >"$dst.tmp" 2>/dev/null ||
			{ rm -f "$dst.tmp"; why="$mod: ${zname[$z]} cannot decompress it"; return 1; }
		mv "$dst.tmp" "$dst"
		zipped+=("$(basename "${mod%.ko*}")"$'\t'"$mod"$'\t'"${zname[$z]}")
	fi
	[ "$(magic "$dst" 4)" = 7f454c46 ] ||
		{ rm -f "$dst"; why="$mod: not an ELF module"; return 1; }
	echo "/lib/modules/$release/${mod%.ko*}.ko" >>"$stage/lib/modules/mhpbench.load"
}

loads=() zipped=() skipped=()
stage=$out/stage
if [ -n "$moddir" ]; then
	dep=$moddir/modules.dep
	if [ ! -r "$dep" ]; then
		# A package's tree has no modules.dep (its postinst runs
		# depmod): make one from the kernel's own modules, on a copy.
		mkdir -p "$out/depmod/lib/modules"
		cp -al "$moddir" "$out/depmod/lib/modules/$release" 2>/dev/null ||
			cp -a "$moddir" "$out/depmod/lib/modules/$release"
		depmod -b "$out/depmod" "$release" || die "depmod failed on $moddir"
		dep=$out/depmod/lib/modules/$release/modules.dep
	fi
	mkdir -p "$stage/lib/modules"
	declare -A seen=()
	while read -r m needs; do
		[ -n "$needs" ] || die "$list: module $m says nothing of what needs it"
		needed "$needs" || :	# a word it does not know: exit 2
		re="(^|/)${m//[-_]/[-_]}\\.ko(\\.[a-z]+)?"
		grep -Eq "$re\$" "$moddir/modules.builtin" 2>/dev/null && continue
		line=$(grep -E "$re:" "$dep" | head -n1 || true)
		why="$m: neither built in (modules.builtin) nor a module of $moddir"
		ok=0
		if [ -n "$line" ]; then
			# modprobe's order: the dependencies last-listed first,
			# then it.
			read -r -a deps <<<"${line#*:}"
			chain=()
			for ((i = ${#deps[@]} - 1; i >= 0; i--)); do
				chain+=("${deps[i]}")
			done
			chain+=("${line%%:*}")
			ok=1
			for mod in "${chain[@]}"; do
				[ -z "${seen[$mod]:-}" ] || continue
				stage_one "$mod" || { ok=0; break; }
				seen[$mod]=1
				loads+=("/lib/modules/$release/${mod%.ko*}.ko")
			done
		fi
		[ $ok = 1 ] && continue
		needed "$needs" && die "module $m, which this run needs ($needs), cannot be loaded: $why"
		note "module $m skipped (needed only by $needs): $why"
		skipped+=("$m"$'\t'"$needs"$'\t'"$why")
	done < <(sed -e 's/#.*//' -e '/^[ \t]*$/d' "$list")
fi
if [ ${#loads[@]} -gt 0 ]; then
	image_append "$base" "$stage" "$out/initramfs.cpio.gz" 6
else
	cp "$base" "$out/initramfs.cpio.gz"
fi
rm -rf "$stage" "$out/depmod"

# tsv_json KEYS... : the tab-separated lines on stdin as a JSON array of
# objects with those keys.
tsv_json() {
	jq -R --args 'split("\t") as $f | [$ARGS.positional, $f] | transpose |
		map({(.[0]): .[1]}) | add' "$@" | jq -s .
}

jq -n --arg image "$image" --arg config "$config" --arg release "$release" \
	--arg image_sha256 "$(sha256_of "$image")" \
	--arg config_sha256 "$([ -z "$config" ] || sha256_of "$config")" \
	--arg modules_dir "$moddir" --arg deb "$deb" --arg deb_sha256 "$deb_sha" \
	--arg package "$package" --arg deb_name "$deb_name" \
	--arg initrd "$out/initramfs.cpio.gz" \
	--arg hotplug "$hotplug" --arg scenario "$scenario" \
	--argjson modules "$(printf '%s\n' "${loads[@]+"${loads[@]}"}" | jq -R . | jq -s 'map(select(. != ""))')" \
	--argjson decompressed "$(printf '%s\n' "${zipped[@]+"${zipped[@]}"}" | sed '/^$/d' |
		tsv_json module file compression)" \
	--argjson skipped "$(printf '%s\n' "${skipped[@]+"${skipped[@]}"}" | sed '/^$/d' |
		tsv_json module needed_by reason)" \
	'{image: $image, image_sha256: $image_sha256, config: $config,
	  config_sha256: $config_sha256, release: $release,
	  modules_dir: $modules_dir, deb: $deb, deb_sha256: $deb_sha256,
	  package: $package, deb_name: $deb_name, initrd: $initrd,
	  hotplug: $hotplug, scenario: $scenario, modules: $modules,
	  modules_decompressed: $decompressed, modules_skipped: $skipped}' >"$out/prebuilt.json"
