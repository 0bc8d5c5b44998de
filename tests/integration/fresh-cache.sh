#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Nothing a test or a command takes from the cache (~/.cache/mhpbench,
# $MHP_CACHE) may be there only because another test or command ran
# first (issue 21): make test sets up, for every arch, what the tests
# take (guest packages, LAVA's templates, each arch's json-c) before the
# first test, and the make targets that build from the cache set up
# their arch's part first (make -n -B: the commands make would run, in
# order). Every file that reads the cache is listed below with what puts
# there what it reads: a new reader fails here until it is listed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cd "$TOP" || exit 1
arches=$(for f in configs/arch/*.conf; do basename "$f" .conf; done | LC_ALL=C sort | xargs)
narch=$(wc -w <<<"$arches")

# The readers of the cache and what fills what they read.
readers='
bench/image.sh            guest/DEBIAN_ARCH/root: make deps, before the guest rule
bench/selftest-image.sh   guest/DEBIAN_ARCH/root: make deps, before the guest rule
bench/tools-image.sh      guest/DEBIAN_ARCH/tools: kernels/guest-tools.sh, which it runs
bench/native-image.sh     guest/DEBIAN_ARCH/native: kernels/guest-tools.sh, which it runs
bench/lava/build.sh       guest/DEBIAN_ARCH/jsonc: make lava-deps, before the lava guest rule
kernels/lib.sh            where the cache is
kernels/deps.sh           guest/DEBIAN_ARCH/root: itself
kernels/guest-tools.sh    guest/DEBIAN_ARCH/tools, native: itself
kernels/lava-deps.sh      lava/server, guest/DEBIAN_ARCH/jsonc: itself
kernels/source.sh         src/: itself
kernels/build.sh          trees/, kernels/: itself
kernels/prebuilt.sh       prebuilt/: itself
src/accel.c               kvm-probe/: the runner probes when there is no verdict
src/lava_export.c         lava/server: make lava-deps (refused after the request is checked)
tests/cold.sh             the kernels of the real cache, linked into a new one
tests/integration/any-kernel.sh   prebuilt/debs: the test downloads them itself
tests/integration/bad-input.sh    an empty cache of its own
tests/integration/kvm-probe.sh    a cache of its own
tests/integration/lava.sh         lava/server: its own make lava-deps (and make test)
tests/integration/run-method.sh   kernels/: make kernels, in make test
'

# 2 for make test, 2 per arch, 1 for the readers.
plan $((3 + 2 * narch))

# first_line REGEX FILE: the number of the first line matching REGEX, or 0.
first_line() {
	awk -v re="$1" '$0 ~ re { print NR; found = 1; exit } END { if (!found) print 0 }' "$2"
}

# before FILE A B: a line matching A comes before the first matching B.
before() {
	local a b
	a=$(first_line "$2" "$1")
	b=$(first_line "$3" "$1")
	[ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ "$a" -lt "$b" ]
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s -n test >"$tmp/test" 2>&1
check "make test fetches the guest packages of every arch ($arches) before the tests" \
	before "$tmp/test" "^kernels/deps[.]sh $arches\$" 'tests/run[.]sh'
check "make test sets up LAVA for every arch ($arches: templates, json-c) before the tests" \
	before "$tmp/test" "^kernels/lava-deps[.]sh $arches\$" 'tests/run[.]sh'

for a in $arches; do
	make -s -n -B guest ARCHS="$a" >"$tmp/guest-$a" 2>&1
	check "$a: make guest fetches its guest packages before building the image" \
		before "$tmp/guest-$a" "^kernels/deps[.]sh $a\$" "bench/image[.]sh $a "
	make -s -n -B lava-guest ARCHS="$a" >"$tmp/lava-$a" 2>&1
	check "$a: make lava-guest fetches its json-c before building mhpbench-lava" \
		before "$tmp/lava-$a" "^kernels/lava-deps[.]sh $a\$" "bench/lava/build[.]sh $a "
done

listed=$(awk 'NF { print $1 }' <<<"$readers" | LC_ALL=C sort)
found=$(grep -rlE --include='*.sh' --include='*.c' --include='*.h' --include='*.py' \
	'MHP_CACHE|\.cache/mhpbench|XDG_CACHE_HOME' bench kernels src tests .ci |
	grep -vx 'tests/integration/fresh-cache\.sh' | LC_ALL=C sort)
extra=$(comm -13 <(echo "$listed") <(echo "$found") | xargs)
gone=$(comm -23 <(echo "$listed") <(echo "$found") | xargs)
check "every reader of the cache is listed with what fills it (unlisted: ${extra:-none}; listed, not reading: ${gone:-none})" \
	test -z "$extra$gone"
