# SPDX-License-Identifier: GPL-2.0
# TAP helpers for the integration tests (kselftest's spirit: one assertion
# per fact, SKIP with a reason when the machine cannot do it).
#
# Every script states its plan once, before its first result: `plan N`
# prints TAP's "1..N". tests/run.sh fails a script that gives fewer or
# more results than planned, or exits non-zero, whatever its "ok" lines
# said. Under CI=true a skip is a failure, unless the test declares it
# optional with its reason (`optional_skip`): a missing kernel is never
# optional, make test builds them.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MHPBENCH=${MHPBENCH:-$TOP/build/bin/mhpbench}
n_test=0
n_plan=

# plan N: the script gives N results.
plan() {
	n_plan=$1
	echo "1..$1"
}

ok() {
	n_test=$((n_test + 1))
	echo "ok $n_test - $*"
}

not_ok() {
	n_test=$((n_test + 1))
	echo "not ok $n_test - $*"
}

# skip REASON...: a result the machine could not give (a failure under
# CI=true).
skip() {
	n_test=$((n_test + 1))
	echo "ok $n_test # SKIP $*"
}

# optional_skip REASON...: a skip the test allows under CI=true too; the
# reason says why the result is optional.
optional_skip() {
	n_test=$((n_test + 1))
	echo "ok $n_test # SKIP optional: $*"
}

# skip_n N REASON...: N results the machine could not give.
skip_n() {
	local i n=$1
	shift
	for ((i = 0; i < n; i++)); do
		skip "$@"
	done
}

# skip_all REASON...: the script cannot run here. Before `plan`: TAP's
# "1..0 # SKIP REASON"; after it, every planned result not given yet is
# skipped with REASON. Ends the script (exit 0).
skip_all() {
	if [ -z "$n_plan" ]; then
		echo "1..0 # SKIP $*"
	else
		while [ "$n_test" -lt "$n_plan" ]; do
			skip "$*"
		done
	fi
	exit 0
}

# need_kernels ARCH VARIANT...: skip the whole test (skip_all) unless each
# variant's kernel for ARCH is built (build/kernels/ARCH/VARIANT/build.json).
need_kernels() {
	local arch=$1 k
	shift
	for k in "$@"; do
		if [ ! -f "$TOP/build/kernels/$arch/$k/build.json" ]; then
			skip_all "$arch $k kernel not built (make kernels ARCHS=$arch VARIANTS=\"$*\")"
		fi
	done
}

# check DESCRIPTION COMMAND...: ok when the command succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# lacks ERE FILE...: every FILE is there and no line of them matches ERE
# (a missing file, one grep cannot read, or none at all is not "nothing
# found").
lacks() {
	local ere=$1 f rc
	shift
	[ $# -gt 0 ] || { echo "# lacks: no file"; return 1; }
	for f in "$@"; do
		[ -f "$f" ] || { echo "# $f: missing"; return 1; }
	done
	grep -qE -- "$ere" "$@"
	rc=$?
	[ "$rc" -eq 1 ]
}

# none_running PATTERN: no process's command line matches PATTERN (pgrep
# -f); pgrep's own errors are not "none".
none_running() {
	local rc
	pgrep -f -- "$1" >/dev/null
	rc=$?
	[ "$rc" -eq 1 ]
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

# expect_exit2 DESCRIPTION PATTERN COMMAND...: exit status 2 and exactly
# one line on stderr, which matches the extended regex PATTERN (the error
# the case is about, not any error).
expect_exit2() {
	local what=$1 pat=$2 err rc
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | grep -c .)" -eq 1 ] &&
		printf '%s\n' "$err" | grep -qE -- "$pat"; then
		ok "$what: exit 2 ($err)"
	else
		not_ok "$what: exit $rc, stderr: $err (want one line matching /$pat/)"
	fi
}

# json_true FILE FILTER: the jq filter is true for the file.
json_true() {
	jq -e "$2" "$1" >/dev/null
}
