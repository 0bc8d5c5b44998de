#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the kernels of one architecture for the given variants.
#
#   kernels/build.sh ARCH VARIANT...
#
# A variant is data (configs/variants/NAME.conf): a config fragment, a
# patch series and a boot command line (cmdline.ARCH, when there, in place
# of cmdline for that arch). An arch profile may name a
# platform patch series of its own ("patches" in configs/arch/ARCH.conf),
# which every variant of that arch gets, applied before the variant's.
# The build key hashes every input (source, base, fragments, patches,
# toolchain); variants with the same key share one out-of-tree build, and
# an existing build with the same key is reused without running make.
#
# Output, per variant: build/kernels/ARCH/VARIANT/{IMAGE,.config,System.map,
# build.json}.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# Bump when the way a kernel is built changes in a way the inputs don't show.
# 3: patches are hashed by their code (patch_code), not their mail headers.
BUILD_FORMAT=3
BASE=tinyconfig

[ $# -ge 2 ] || die "usage: kernels/build.sh ARCH VARIANT..."
arch=$1
shift
aconf=$(arch_conf "$arch")
karch=$(conf_get "$aconf" kernel_arch)
cross=$(conf_get "$aconf" cross_compile)
image_rel=$(conf_get "$aconf" image)
arch_frag=$MHP_TOP/configs/kernel/$(conf_get "$aconf" fragment)
arch_cmdline=$(conf_get "$aconf" cmdline)
arch_series=$(conf_get "$aconf" patches)
common_frag=$MHP_TOP/configs/kernel/common.config

for variant in "$@"; do
	variant_conf "$variant" >/dev/null
done
command -v "${cross}gcc" >/dev/null || die "${cross}gcc not found (run make deps)"

# use_source NAME: src, src_hash, src_version, src_date and src_frag of
# the kernel source NAME (configs/sources/NAME.conf; kernels/source.sh),
# looked up once for a run of variants of the same source (source.sh
# hashes the whole tarball).
src_name=
use_source() {
	local line
	[ "$1" != "$src_name" ] || return 0
	src_name=$1
	line=$("$MHP_TOP/kernels/source.sh" "$src_name") || exit 2
	read -r src src_hash src_version <<<"$line"
	src_package=$(conf_get "$(source_conf "$src_name")" package)
	# The build's date is the source's, not the clock's: the same inputs
	# give the same image. It must parse with date(1):
	# usr/gen_initramfs.sh turns it into the mtime of the built-in
	# initramfs.
	if git -C "$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
		src_date=$(git -C "$src" log -1 --format=%cd --date=rfc HEAD)
	else
		src_date=$(date -u -R -r "$src/Makefile")
	fi
	# Where a Kconfig symbol differs between versions, the source's own
	# fragment says so (configs/kernel/source/NAME.config, optional),
	# merged last.
	src_frag=$MHP_TOP/configs/kernel/source/$src_name.config
	[ -r "$src_frag" ] || src_frag=
}
toolchain="$("${cross}gcc" --version | head -n1); $("${cross}ld" --version | head -n1)"
jobs=${JOBS:-$(nproc)}

# patch_list DIR: the patch files of a quilt series, in order.
patch_list() {
	local dir=$1
	[ -n "$dir" ] || return 0
	[ -f "$dir/series" ] || die "$dir: no series file"
	sed -e 's/#.*//' -e 's/[ \t]*$//' "$dir/series" | while read -r p _; do
		[ -n "$p" ] || continue
		[ -f "$dir/$p" ] || die "$dir/series: missing patch $p"
		echo "$dir/$p"
	done
}

# patch_code PATCH...: what of the patches changes the tree: each one's
# diffs, without the mail header and commit message above them, so that
# a patch's authorship or text can be corrected without a rebuild
# (build.json still records every patch file's sha256).
patch_code() {
	awk 'FNR == 1 { code = 0 } /^diff --git / { code = 1 } code' "$@"
}

# series_dir NAME: kernels/patches/NAME (empty for an empty name).
series_dir() {
	[ -z "$1" ] || echo "$MHP_TOP/kernels/patches/$1"
}

adir=$(series_dir "$arch_series")
# Why the arch's platform patches are there: the series file's "# why:"
# line, for build.json and the provenance of every kernel of the arch.
arch_why=
[ -z "$adir" ] || arch_why=$(sed -n 's/^# why: *//p' "$adir/series" | head -n1)
arch_list=$(patch_list "$adir") || exit 2
mapfile -t arch_patches < <([ -z "$arch_list" ] || printf '%s\n' "$arch_list")

# prepared_tree PATCH...: the source tree with the patches applied. The
# cached tree stays pristine; a patched tree is a hard-linked copy (patch
# replaces files, it never writes through the links), keyed by its inputs.
prepared_tree() {
	[ $# -gt 0 ] || { echo "$src"; return; }
	local key dir p lock
	key=$(sha256_str "$src_hash $(patch_code "$@" | sha256sum)" | cut -c1-16)
	dir=$MHP_CACHE/trees/$key
	# Two builds (two arches, two make runs) may want the same tree.
	mkdir -p "$MHP_CACHE/trees"
	exec {lock}>"$MHP_CACHE/trees/.lock"
	flock "$lock"
	if [ ! -f "$dir/.mhpbench-patched" ]; then
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$(dirname "$dir")"
		cp -al "$src" "$dir.tmp"
		rm -f "$dir.tmp/.mhpbench-src"
		for p in "$@"; do
			patch -s -p1 -d "$dir.tmp" --no-backup-if-mismatch <"$p" ||
				die "$p does not apply to $src_version ($src)"
		done
		printf '%s\n' "$@" >"$dir.tmp/.mhpbench-patched"
		mv "$dir.tmp" "$dir"
	fi
	exec {lock}>&-
	echo "$dir"
}

# check_symbols FRAGMENT... : every symbol a fragment asks for must be in
# the final .config with the asked value; name the ones Kconfig dropped.
check_symbols() {
	local cfg=$1
	shift
	awk '
		FNR == NR {
			if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) {
				n = $0; sub(/=.*/, "", n); have[n] = substr($0, length(n) + 2)
			}
			next
		}
		/^CONFIG_[A-Za-z0-9_]+=/ {
			n = $0; sub(/=.*/, "", n); want = substr($0, length(n) + 2)
			if (!(n in have) || have[n] != want)
				bad = bad " " n "=" want " (got " (n in have ? have[n] : "unset") ")"
		}
		/^# CONFIG_[A-Za-z0-9_]+ is not set/ {
			n = $2
			if ((n in have) && have[n] != "n")
				bad = bad " " n "=n (got " have[n] ")"
		}
		END { if (bad != "") { print bad; exit 1 } }' "$cfg" "$@"
}

# progress LABEL: one updating status line from make's output (a plain
# line every 200 objects when stderr is not a terminal); all to the log.
progress() {
	local label=$1 log=$2
	awk -v label="$label" -v tty="$([ -t 2 ] && echo 1 || echo 0)" '
		{ print > logf }
		/^  [A-Z]+[A-Z0-9]* +/ {
			n++
			if (tty) printf "\r\033[K%s: %d steps, %s %s", label, n, $1, $2 > "/dev/stderr"
			else if (n % 200 == 0) printf "%s: %d steps, %s %s\n", label, n, $1, $2 > "/dev/stderr"
		}
		END { if (tty) printf "\r\033[K" > "/dev/stderr" }' logf="$log"
}

# struct_page_size OBJDIR: sizeof(struct page) as this build's
# compiler sees it, using the exact command kbuild used for mm/sparse.o.
struct_page_size() {
	local obj=$1 cmd probe
	cmd=$(sed -n 's/^savedcmd_mm\/sparse.o := //p; s/^cmd_mm\/sparse.o := //p' \
		"$obj/mm/.sparse.o.cmd" | head -n1)
	[ -n "$cmd" ] || return 1
	probe=$obj/.mhpbench-sizes.c
	printf '#include <linux/mm_types.h>\nint mhp_sizeof_page = sizeof(struct page);\n' >"$probe"
	cmd=${cmd%% -c -o *}
	(cd "$obj" && eval "$cmd -S -o - $probe" 2>/dev/null) |
		awk '/^mhp_sizeof_page:/ { getline; print $2; exit }'
}

build_one() {
	local key=$1 tree=$2 obj=$3 label=$4
	shift 4
	local frags=("$@") t0 missing mk
	mk=(make -C "$tree" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross"
		KBUILD_BUILD_TIMESTAMP="$src_date"
		KBUILD_BUILD_USER=mhpbench KBUILD_BUILD_HOST=mhpbench
		KBUILD_BUILD_VERSION="mhpbench-${key:0:12}")
	rm -rf "$obj"
	mkdir -p "$obj"
	t0=$(date +%s)
	note "$label: configuring ($BASE + ${#frags[@]} fragments)"
	"${mk[@]}" -s $BASE >"$obj/config.log" 2>&1 || die "$label: make $BASE failed (see $obj/config.log)"
	(cd "$obj" && KCONFIG_CONFIG=.config "$tree/scripts/kconfig/merge_config.sh" \
		-m -O "$obj" .config "${frags[@]}") >>"$obj/config.log" 2>&1 ||
		die "$label: merging fragments failed (see $obj/config.log)"
	"${mk[@]}" -s olddefconfig >>"$obj/config.log" 2>&1 ||
		die "$label: make olddefconfig failed (see $obj/config.log)"
	if ! missing=$(check_symbols "$obj/.config" "${frags[@]}"); then
		die "$label: Kconfig dropped requested symbols:$missing"
	fi
	note "$label: building with $jobs jobs (log: $obj/build.log)"
	"${mk[@]}" -j"$jobs" KBUILD_VERBOSE=0 2>&1 | progress "$label" "$obj/build.log"
	[ "${PIPESTATUS[0]}" -eq 0 ] || die "$label: build failed (see $obj/build.log)"
	[ -f "$obj/$image_rel" ] || die "$label: no $image_rel after the build"
	struct_page_size "$obj" >"$obj/.mhpbench-struct-page" ||
		die "$label: cannot determine sizeof(struct page)"
	echo $(($(date +%s) - t0)) >"$obj/.mhpbench-duration"
	sha256_of "$obj/$image_rel" >"$obj/.mhpbench-done"
}

# built DIR IMAGE: DIR holds a finished build whose image is intact.
built() {
	[ -f "$1/.mhpbench-done" ] &&
		[ "$(cat "$1/.mhpbench-done")" = "$(sha256_of "$1/$2" 2>/dev/null)" ]
}

# What a guest image may need of a build besides the image: the release
# string and the built-in module lists (depmod, for mhpbench native's
# test guest, whose daxctl asks libkmod for the built-in dax drivers).
extras=(kernel.release modules.builtin modules.builtin.modinfo)

# add_extras OBJ DIR: put the extras of a finished build into DIR.
add_extras() {
	local obj=$1 dir=$2 f
	[ -f "$obj/include/config/kernel.release" ] || return 0
	cp "$obj/include/config/kernel.release" "$dir/kernel.release.tmp"
	mv "$dir/kernel.release.tmp" "$dir/kernel.release"
	for f in modules.builtin modules.builtin.modinfo; do
		[ ! -f "$obj/$f" ] || { cp "$obj/$f" "$dir/$f.tmp" && mv "$dir/$f.tmp" "$dir/$f"; }
	done
}

# publish OBJ ART: copy what a finished build is used for into the cache.
publish() {
	local obj=$1 art=$2 f
	rm -rf "$art.tmp"
	mkdir -p "$art.tmp"
	cp "$obj/$image_rel" "$art.tmp/$(basename "$image_rel")"
	for f in .config System.map .mhpbench-struct-page .mhpbench-duration \
		 .mhpbench-done; do
		cp "$obj/$f" "$art.tmp/$f"
	done
	add_extras "$obj" "$art.tmp"
	rm -rf "$art"
	mv "$art.tmp" "$art"
}

# json_files FILE...: [{"path": ..., "sha256": ...}, ...] relative to the top.
json_files() {
	local f
	for f in "$@"; do
		jq -n --arg p "${f#"$MHP_TOP"/}" --arg h "$(sha256_of "$f")" \
			'{path: $p, sha256: $h}'
	done | jq -s .
}

for variant in "$@"; do
	vconf=$(variant_conf "$variant")
	# A kernel the suite does not build (kernel = PATH, debian_package):
	# mhpbench run prepares it with kernels/prebuilt.sh.
	if grep -Eq '^[ \t]*(kernel|debian_package)[ \t]*=' "$vconf"; then
		note "kernel $arch/$variant: not built by the suite (variant names its kernel)"
		continue
	fi
	vsource=linux-source-6.1
	! conf_has "$vconf" source || vsource=$(conf_get "$vconf" source)
	use_source "$vsource"
	vfrag=$MHP_TOP/configs/kernel/$(conf_get "$vconf" fragment)
	vpatches=$(conf_get "$vconf" patches)
	# The command line is no build input: variants that differ only in
	# it (altmap, altmap-off) share one build and one build id.
	vcmdline=$(variant_cmdline "$vconf" "$arch")
	for f in "$common_frag" "$arch_frag" "$vfrag"; do
		[ -r "$f" ] || die "$vconf: fragment $f missing"
	done
	pdir=$(series_dir "$vpatches")
	list=$(patch_list "$pdir") || exit 2
	mapfile -t vpatch_files < <([ -z "$list" ] || printf '%s\n' "$list")
	# The arch's platform patches first, then the variant's.
	patches=("${arch_patches[@]}" "${vpatch_files[@]}")
	frags=("$common_frag" "$arch_frag" "$vfrag" ${src_frag:+"$src_frag"})

	key=$(sha256_str "format=$BUILD_FORMAT arch=$arch src=$src_hash base=$BASE
$(cat "${frags[@]}" | grep -v '^[ \t]*#' | sha256sum)
$( ((${#patches[@]})) && patch_code "${patches[@]}" | sha256sum)
$toolchain")
	obj=$MHP_BUILD/kernels/$arch/objs/${key:0:16}
	label="kernel $arch/$variant ${key:0:12}"
	# Another make of the same kernel (a colleague's, a second terminal)
	# would delete this one's objects: one build per key at a time.
	mkdir -p "$(dirname "$obj")"
	exec {klock}>"$obj.lock"
	if ! flock -n "$klock"; then
		note "$label: waiting for another build of the same kernel"
		flock "$klock"
	fi
	# Finished kernels are kept in the cache by key, beside the source:
	# another clone or a CI run on this machine reuses them.
	art=$MHP_CACHE/kernels/$arch/${key:0:16}
	image=$(basename "$image_rel")
	if built "$art" "$image"; then
		note "$label: up to date"
		# A cache entry from before the extras: fill them in when
		# this tree still has the build's objects.
		if [ ! -f "$art/kernel.release" ] && built "$obj" "$image_rel"; then
			add_extras "$obj" "$art"
		fi
	else
		if ! built "$obj" "$image_rel"; then
			tree=$(prepared_tree "${patches[@]}")
			build_one "$key" "$tree" "$obj" "$label" "${frags[@]}"
		fi
		publish "$obj" "$art"
	fi

	out=$MHP_BUILD/kernels/$arch/$variant
	rm -rf "$out.tmp"
	mkdir -p "$out.tmp"
	for f in "$image" .config System.map "${extras[@]}"; do
		[ -f "$art/$f" ] || continue
		ln -f "$art/$f" "$out.tmp/$f" 2>/dev/null || cp "$art/$f" "$out.tmp/$f"
	done
	jq -n \
		--arg arch "$arch" --arg variant "$variant" \
		--arg build_id "${key:0:16}" --arg build_key "$key" \
		--arg src_dir "$src" --arg src_hash "$src_hash" --arg src_version "$src_version" \
		--arg src_name "$src_name" --arg src_package "$src_package" \
		--arg base "$BASE" --argjson fragments "$(json_files "${frags[@]}")" \
		--argjson patches "$(json_files ${pdir:+"$pdir/series"} "${vpatch_files[@]}")" \
		--argjson platform_patches "$(json_files ${adir:+"$adir/series"} "${arch_patches[@]}")" \
		--arg platform_why "$arch_why" \
		--arg toolchain "$toolchain" \
		--arg cmdline "$arch_cmdline $vcmdline" \
		--arg image "$(basename "$image_rel")" \
		--arg image_sha256 "$(cat "$art/.mhpbench-done")" \
		--argjson duration "$(cat "$art/.mhpbench-duration")" \
		--argjson struct_page "$(cat "$art/.mhpbench-struct-page")" \
		--arg uts_version "#mhpbench-${key:0:12}" \
		'{arch: $arch, variant: $variant, build_id: $build_id,
		  build_key: $build_key,
		  source: {name: $src_name, package: $src_package,
			   dir: $src_dir, hash: $src_hash, version: $src_version},
		  base: $base, fragments: $fragments, patches: $patches,
		  platform_patches: $platform_patches,
		  platform_patches_why: $platform_why,
		  toolchain: $toolchain, cmdline: $cmdline,
		  image: $image, image_sha256: $image_sha256,
		  build_seconds: $duration, struct_page_bytes: $struct_page,
		  uts_version_tag: $uts_version}' >"$out.tmp/build.json"
	rm -rf "$out"
	mv "$out.tmp" "$out"
	exec {klock}>&-
	note "$label: $out ($(cat "$art/.mhpbench-duration") s build, image $image $(cut -c1-12 "$art/.mhpbench-done"))"
done
