#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# A kernel the suite did not build, made ready to boot the guest driver:
#
#   kernels/prebuilt.sh ARCH BASE_INITRAMFS OUTDIR deb FILE.deb
#   kernels/prebuilt.sh ARCH BASE_INITRAMFS OUTDIR package NAME
#   kernels/prebuilt.sh ARCH BASE_INITRAMFS OUTDIR image IMAGE [CONFIG] [MODULES]
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
# order. OUTDIR/prebuilt.json says what was used.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 5 ] || die "usage: kernels/prebuilt.sh ARCH BASE_INITRAMFS OUTDIR deb|package|image SOURCE [CONFIG] [MODULES]"
arch=$1 base=$2 out=$3 kind=$4 src=$5
config=${6:-} modsrc=${7:-}
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
loads=()
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
	declare -A seen=()
	mapfile -t want < <(sed -e 's/#.*//' -e '/^[ \t]*$/d' "$list")
	for m in "${want[@]}"; do
		m=${m//[ 	]/}
		re="(^|/)${m//[-_]/[-_]}\\.ko(\\.[a-z]+)?"
		grep -Eq "$re\$" "$moddir/modules.builtin" 2>/dev/null && continue
		line=$(grep -E "$re:" "$dep" | head -n1 || true)
		[ -n "$line" ] || continue
		# modprobe's order: the dependencies last-listed first, then it.
		read -r -a deps <<<"${line#*:}"
		for ((i = ${#deps[@]} - 1; i >= 0; i--)); do
			[ -n "${seen[${deps[i]}]:-}" ] || { seen[${deps[i]}]=1; loads+=("${deps[i]}"); }
		done
		mod=${line%%:*}
		[ -n "${seen[$mod]:-}" ] || { seen[$mod]=1; loads+=("$mod"); }
	done
fi
if [ ${#loads[@]} -gt 0 ]; then
	stage=$out/stage
	mkdir -p "$stage/lib/modules"
	for mod in "${loads[@]}"; do
		case $mod in
		*.ko) ;;
		*) die "$moddir/$mod: compressed modules are not supported (busybox insmod)" ;;
		esac
		install -D -m 0644 "$moddir/$mod" "$stage/lib/modules/$release/$mod"
		echo "/lib/modules/$release/$mod" >>"$stage/lib/modules/mhpbench.load"
	done
	image_append "$base" "$stage" "$out/initramfs.cpio.gz" 6
	rm -rf "$stage"
else
	cp "$base" "$out/initramfs.cpio.gz"
fi
rm -rf "$out/depmod"

jq -n --arg image "$image" --arg config "$config" --arg release "$release" \
	--arg image_sha256 "$(sha256_of "$image")" \
	--arg config_sha256 "$([ -z "$config" ] || sha256_of "$config")" \
	--arg modules_dir "$moddir" --arg deb "$deb" --arg deb_sha256 "$deb_sha" \
	--arg package "$package" --arg deb_name "$deb_name" \
	--arg initrd "$out/initramfs.cpio.gz" \
	--argjson modules "$(printf '%s\n' "${loads[@]+"${loads[@]}"}" | jq -R . | jq -s 'map(select(. != ""))')" \
	'{image: $image, image_sha256: $image_sha256, config: $config,
	  config_sha256: $config_sha256, release: $release,
	  modules_dir: $modules_dir, deb: $deb, deb_sha256: $deb_sha256,
	  package: $package, deb_name: $deb_name, initrd: $initrd,
	  modules: $modules}' >"$out/prebuilt.json"
