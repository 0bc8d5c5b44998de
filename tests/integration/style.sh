#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The suite's own code in the kernel's style:
#  - every C file passes the kernel's checkpatch.pl;
#  - every shell script passes ShellCheck at severity "warning" (its
#    "info" notes, SC2086 among them, are not enforced: the tests split
#    option lists such as $K on purpose);
#  - no shell script reads $? except as "NAME=$?" alone on the line right
#    after the command: anywhere else a command substitution, a test or
#    another command may already have reset it. ShellCheck 0.9 does not
#    see `check "…$(cmd)…" test $? -eq 0`, which reports the status of
#    cmd and not of the command before it.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cd "$TOP" || exit 1
shopt -s nullglob
files=(src/*.[ch] src/*/*.[ch] bench/*.[ch] tests/unit/*.[ch])
shopt -u nullglob
mapfile -t scripts < <(git ls-files '*.sh' .ci/run 2>/dev/null)
[ ${#scripts[@]} -gt 0 ] ||
	mapfile -t scripts < <(find . -path ./build -prune -o -name '*.sh' -print)
plan $((${#files[@]} + 2 * ${#scripts[@]} + 3))

# status_reads FILE: the lines of FILE that read $? other than as
# "NAME=$?" (or "local NAME=$?") alone, as "FILE:LINE: text".
status_reads() {
	awk '/\$\?/ && !/^[ \t]*#/ &&
		!/^[ \t]*(local[ \t]+)?[A-Za-z_][A-Za-z_0-9]*=\$\?[ \t]*(#.*)?$/ {
		print FILENAME ":" FNR ": " $0
	}' "$1"
}

# The rule itself must be able to fail: the habit it is for, and its
# correct form (tests/fixtures/style/: text files, not scripts of the suite).
fx=$TOP/tests/fixtures/style
check "status rule finds the status read after a command substitution" \
	test -n "$(status_reads "$fx/status-after-subst.txt")"
check "status rule finds the status read inside a test" \
	test -n "$(status_reads "$fx/status-in-test.txt")"
check "status rule takes NAME=(status) alone on its line" \
	test -z "$(status_reads "$fx/status-right.txt")" -a -s "$fx/status-right.txt"

for f in "${scripts[@]}"; do
	out=$(shellcheck -x -e SC2016,SC1091 -S warning -f gcc "$f" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "shellcheck $f"
	else
		not_ok "shellcheck $f (exit $rc)"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
	out=$(status_reads "$f")
	if [ -z "$out" ]; then
		ok "status read only as NAME=(status) in $f"
	else
		not_ok "status read only as NAME=(status) in $f"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
done

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
