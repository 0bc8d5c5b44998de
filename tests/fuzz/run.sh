#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make fuzz: build every fuzz target with libFuzzer (clang, ASan, UBSan)
# and run each for FUZZ_SECONDS, starting from its saved corpus
# (tests/fuzz/corpus/TARGET). A crash is saved under build/fuzz/crashes/;
# copy it into the target's corpus to make it a regression test, which
# `make test` replays. Ends with one line per target: execs and crashes.
#
#   tests/fuzz/run.sh SECONDS TARGET...
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/kernels/lib.sh"
[ $# -ge 2 ] || die "usage: tests/fuzz/run.sh SECONDS TARGET..."
secs=$1
shift
case $secs in '' | *[!0-9]*) die "FUZZ_SECONDS must be a number, not '$secs'" ;; esac
out=$top/build/fuzz
mkdir -p "$out/obj"
# shellcheck disable=SC2054 # the commas are the compiler's (-fsanitize=a,b)
cflags=(-std=gnu11 -D_GNU_SOURCE -g -O1 -I"$top/src/lib" -I"$top/src"
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)

# The library once, instrumented.
objs=()
for c in "$top"/src/lib/*.c "$top"/src/*.c; do
	[ "$(basename "$c")" != main.c ] || continue
	o=$out/obj/$(basename "${c%.c}").o
	[ "$o" -nt "$c" ] || clang "${cflags[@]}" -c "$c" -o "$o" ||
		die "clang failed on $c"
	objs+=("$o")
done
rm -f "$out/libmhp-fuzz.a"
ar rcs "$out/libmhp-fuzz.a" "${objs[@]}"

summary=()
status=0
for t in "$@"; do
	bin=$out/fuzz_$t
	clang "${cflags[@]}" -fsanitize=fuzzer -I"$top/tests/fuzz" \
		"$top/tests/fuzz/fuzz_$t.c" "$out/libmhp-fuzz.a" \
		-ljson-c -lcsv -lm -o "$bin" || die "cannot build fuzz_$t"
	corpus=$out/corpus/$t
	mkdir -p "$corpus" "$out/crashes/$t"
	cp -n "$top/tests/fuzz/corpus/$t/"* "$corpus/" 2>/dev/null || true
	log=$out/fuzz_$t.log
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
		-artifact_prefix="$out/crashes/$t/" "$corpus" >"$log" 2>&1
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	crashes=$(find "$out/crashes/$t" -type f | wc -l)
	[ "$crashes" -eq 0 ] || status=1
	summary+=("$(printf '%-10s %10s execs %3d crashes' "$t" "${execs:-?}" "$crashes")")
done
printf '%s\n' "${summary[@]}"
exit $status
