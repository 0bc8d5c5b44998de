# SPDX-License-Identifier: GPL-2.0
# Shell helpers shared by the kernel and guest-image pipelines.
# shellcheck shell=bash

MHP_TOP=${MHP_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
MHP_CACHE=${MHP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mhpbench}
MHP_BUILD=${MHP_BUILD:-$MHP_TOP/build}

die() {
	echo "mhpbench: $*" >&2
	exit 2
}

note() {
	echo "mhpbench: $*" >&2
}

# apt_run LOG CMD...: run an apt-get or dpkg command, its output in LOG.
# While another package manager holds dpkg's or apt's lock (a concurrent
# apt-get, unattended-upgrades), wait and try again, saying so once, for
# up to MHP_APT_LOCK_WAIT seconds (600), and then stop (die: one line,
# exit 2). Any other error is returned, with the output in LOG.
apt_run() {
	local log=$1 start=$SECONDS said=0 limit=${MHP_APT_LOCK_WAIT:-600} who
	shift
	while :; do
		"$@" >"$log" 2>&1 && return 0
		grep -Eq 'Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock|lock was locked by another process' \
			"$log" || return 1
		[ $((SECONDS - start)) -lt "$limit" ] ||
			die "$1 $2: the package manager's lock is still held after $limit s (MHP_APT_LOCK_WAIT)"
		if [ $said -eq 0 ]; then
			who=$(grep -Eo -m1 'held by process [0-9]+( \([^)]*\))?' "$log")
			note "$1 $2: another package manager holds the lock${who:+ ($who)}: waiting up to $limit s"
			said=1
		fi
		sleep 2
	done
}

# image_append BASE STAGE OUT LEVEL: OUT is the initramfs BASE followed by
# the tree STAGE as a second cpio archive (gzip -LEVEL), reproducibly:
# mtimes 0, owner root, sorted names.
image_append() {
	local base=$1 stage=$2 out=$3 level=$4

	find "$stage" -exec touch -h -d @0 {} +
	mkdir -p "$(dirname "$out")"
	{
		cat "$base"
		(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
			cpio --quiet -o -H newc -R 0:0 --reproducible) |
			gzip "-${level}n"
	} >"$out.tmp"
	mv "$out.tmp" "$out"
}

# conf_get FILE KEY: value of "key = value" in a data file, empty if the
# key is present without a value. Exit 2 naming file and key if absent.
conf_get() {
	local file=$1 key=$2 line
	[ -r "$file" ] || die "$file: cannot read"
	line=$(awk -v k="$key" '
		/^[ \t]*#/ || !/=/ { next }
		{
			name = $0; sub(/[ \t]*=.*/, "", name); sub(/^[ \t]*/, "", name)
			if (name != k) next
			val = $0; sub(/^[^=]*=[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
			print "=" val; found = 1; exit
		}
		END { if (!found) exit 1 }' "$file") || die "$file: missing key '$key'"
	printf '%s\n' "${line#=}"
}

# conf_has FILE KEY: the data file has the key.
conf_has() {
	awk -v k="$2" '
		/^[ \t]*#/ || !/=/ { next }
		{ name = $0; sub(/[ \t]*=.*/, "", name); sub(/^[ \t]*/, "", name)
		  if (name == k) { found = 1; exit } }
		END { exit !found }' "$1"
}

# variant_cmdline VCONF ARCH: the variant's boot command line for ARCH:
# its cmdline.ARCH when it has one, else its cmdline.
variant_cmdline() {
	if conf_has "$1" "cmdline.$2"; then
		conf_get "$1" "cmdline.$2"
	else
		conf_get "$1" cmdline
	fi
}

sha256_of() {
	sha256sum "$1" | cut -d' ' -f1
}

sha256_str() {
	printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

# arch_conf ARCH: path of the architecture profile, or exit 2.
arch_conf() {
	local f=$MHP_TOP/configs/arch/$1.conf
	[ -r "$f" ] || die "unknown arch '$1' (no configs/arch/$1.conf)"
	echo "$f"
}

# source_conf NAME: path of a kernel source's data file, or exit 2.
source_conf() {
	local f=$MHP_TOP/configs/sources/$1.conf
	case $1 in
	'' | */* | .*) die "bad kernel source name '$1'" ;;
	esac
	[ -r "$f" ] || die "unknown kernel source '$1' (no configs/sources/$1.conf)"
	echo "$f"
}

variant_conf() {
	local f=$MHP_TOP/configs/variants/$1.conf
	[ -r "$f" ] || die "unknown variant '$1' (no configs/variants/$1.conf)"
	echo "$f"
}
