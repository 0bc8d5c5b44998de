#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# CI on a cold cache (make test-cold): a fresh `git clone` of HEAD into a
# new temp dir, HOME and XDG_CACHE_HOME on a new empty directory (so
# nothing ~/.cache/mhpbench holds from earlier work is seen), then
# `CI=true bash .ci/run` there. Prints its time and exit status and exits
# with that status; the log is kept (build/cold/ci-DATE.log of this tree).
# Only the user's cache is cold: Debian packages installed on the machine
# (lava-dispatcher, compilers, QEMU) stay installed.
#
# The environment passes through but for the suite's own variables
# (MHP_*, MHPBENCH*, KSRC), except:
#   MHP_INTEGRATION_TESTS  the tests to run (tests/run.sh), e.g. one script
#   MHP_COLD_KERNELS=link  the new cache takes the finished kernels of this
#                          user's cache (its kernels/, hard links, symbolic
#                          ones across filesystems): no kernel build, the
#                          rest stays cold (kernel source, guest packages,
#                          LAVA...). Unset: the kernels are built too.
#   MHP_COLD_KEEP=1        keep the temp dir (clone and cache), not only
#                          the log.
#
# Uncommitted changes are not in the clone: commit first.
set -euo pipefail
# This tree, whatever MHP_TOP and MHP_BUILD say; MHP_CACHE (or
# XDG_CACHE_HOME, HOME) names the real cache, for MHP_COLD_KERNELS.
MHP_TOP=$(cd "$(dirname "$0")/.." && pwd)
MHP_BUILD=$MHP_TOP/build
. "$MHP_TOP/kernels/lib.sh"

case ${MHP_COLD_KERNELS:-} in
'' | link) ;;
*) die "MHP_COLD_KERNELS: '$MHP_COLD_KERNELS' (want link or nothing)" ;;
esac
head=$(git -C "$MHP_TOP" rev-parse --verify HEAD) || die "$MHP_TOP: not a git checkout"
[ -z "$(git -C "$MHP_TOP" status --porcelain --untracked-files=no)" ] ||
	note "uncommitted changes are not in the clone: testing ${head:0:12} as committed"
real_cache=$MHP_CACHE
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mhpbench-cold.XXXXXX")
# mktemp's 0700 would hide the clone from other users, as CI's clone is
# not: bad-input.sh runs mhpbench native as nobody to see it refused.
chmod 0755 "$tmp"
[ "${MHP_COLD_KEEP:-}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
home=$tmp/home
mkdir -p "$home/.cache"
logdir=$MHP_BUILD/cold
mkdir -p "$logdir"
log=$logdir/ci-$(date -u +%Y%m%dT%H%M%SZ).log

git clone -q --no-checkout "$MHP_TOP" "$tmp/mhpbench"
git -C "$tmp/mhpbench" -c advice.detachedHead=false checkout -q "$head"
# link_kernels: the finished kernels of the real cache (a .mhpbench-done,
# not a build being published) into the new one, by hard links, or by
# symbolic ones across filesystems.
link_kernels() {
	local d to n=0
	for d in "$real_cache"/kernels/*/*/; do
		d=${d%/}
		if [ ! -f "$d/.mhpbench-done" ] || [ "${d%.tmp}" != "$d" ]; then
			continue
		fi
		to=$home/.cache/mhpbench/kernels/$(basename "$(dirname "$d")")
		mkdir -p "$to"
		cp -al "$d" "$to/" 2>/dev/null ||
			{ rm -rf "${to:?}/$(basename "$d")" && cp -as "$d" "$to/"; } ||
			die "cannot link $d into $to"
		n=$((n + 1))
	done
	note "MHP_COLD_KERNELS=link: $n finished kernels linked from $real_cache/kernels"
}
[ "${MHP_COLD_KERNELS:-}" != link ] || link_kernels

note "cold CI of ${head:0:12} in $tmp/mhpbench (HOME=$home), log $log"
t0=$(date +%s)
set +e
(
	cd "$tmp/mhpbench" || exit 1
	for v in $(compgen -e); do
		case $v in
		MHP_INTEGRATION_TESTS) ;;
		MHP* | KSRC) unset "$v" ;;
		esac
	done
	HOME=$home XDG_CACHE_HOME=$home/.cache CI=true exec bash .ci/run
) 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
t=$(($(date +%s) - t0))
note "cold CI of ${head:0:12}: exit status $rc after $((t / 60)) min $((t % 60)) s (log: $log)"
[ "${MHP_COLD_KEEP:-}" != 1 ] || note "kept $tmp"
exit "$rc"
