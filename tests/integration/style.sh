#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Every C file of the suite passes the kernel's checkpatch.pl.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cd "$TOP" || exit 1
shopt -s nullglob
files=(src/*.[ch] src/lib/*.[ch] bench/*.[ch] tests/unit/*.[ch])
shopt -u nullglob
plan ${#files[@]}
read -r ksrc _ < <("$TOP/kernels/source.sh") || { not_ok "no kernel source for checkpatch"; exit 1; }
cp=$ksrc/scripts/checkpatch.pl
for f in "${files[@]}"; do
	ignore=SPDX_LICENSE_TAG
	# compiler.h is where __printf() is defined from __attribute__.
	[ "$f" != src/lib/compiler.h ] || ignore=$ignore,PREFER_DEFINED_ATTRIBUTE_MACRO
	out=$(perl "$cp" --no-tree -q --terse --show-types --ignore "$ignore" \
		-f "$f" 2>&1)
	if [ -z "$out" ] || printf '%s\n' "$out" | grep -q '^total: 0 errors, 0 warnings'; then
		ok "checkpatch $f"
	else
		not_ok "checkpatch $f"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
done
