# SPDX-License-Identifier: GPL-2.0
# TAP-style helpers for the integration tests (kselftest's spirit: one
# assertion per fact, SKIP with a reason when the machine cannot do it).
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MHPBENCH=${MHPBENCH:-$TOP/build/bin/mhpbench}
n_test=0

ok() {
	n_test=$((n_test + 1))
	echo "ok $n_test - $*"
}

not_ok() {
	n_test=$((n_test + 1))
	echo "not ok $n_test - $*"
}

# plan N: the TAP plan, once, before the first result.
plan() { echo "1..$1"; }

skip() {
	n_test=$((n_test + 1))
	echo "ok $n_test - $* # SKIP"
}

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# metric CSV VARIANT SIZE_BYTES METRIC [BLOCK]: values, one per sample.
metric() {
	awk -F, -v v="$2" -v s="$3" -v m="$4" -v b="${5:-all}" \
		'$3 == v && $6 == s && $9 == m && $8 == b { print $10 }' "$1"
}

# rows CSV VARIANT SIZE_BYTES METRIC: number of rows (any block).
rows() {
	awk -F, -v v="$2" -v s="$3" -v m="$4" \
		'$3 == v && $6 == s && $9 == m { n++ } END { print n + 0 }' "$1"
}

# valid CSV VARIANT SIZE_BYTES: the valid column of the sample's rows.
valid() {
	awk -F, -v v="$2" -v s="$3" '$3 == v && $6 == s { print $12; exit }' "$1"
}

# expect_exit2 DESCRIPTION COMMAND...: exit status 2 and one line on stderr.
expect_exit2() {
	local what=$1 err rc
	shift
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ]; then
		ok "$what: exit 2 ($err)"
	else
		not_ok "$what: exit $rc, stderr: $err"
	fi
}

# json_true FILE FILTER: the jq filter is true for the file.
json_true() {
	jq -e "$2" "$1" >/dev/null
}
