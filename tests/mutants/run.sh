#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make mutants: mutation testing of the modules a wrong figure would come
# from. Each mutant (tests/mutants/mutate.pl: one operator, constant,
# condition or statement changed) is compiled alone; the unit tests that
# link its object (found by the linker's map of the unmutated build)
# are relinked against it and run, under a timeout. A mutant is killed
# when one of them fails, crashes or times out, and survives when all
# pass. One that does not compile is neither (counted apart). Mutants
# listed in tests/mutants/equivalent.txt ("FILE:LINE: MUTATION -- why",
# as this script prints them) cannot change what the code does: they are
# run all the same, and one of them killed is an error in the list.
#
# Per file: killed, surviving (file:line and mutation), equivalent, not
# compiled, and the score: killed / (killed + surviving). Exit 1 when a
# file scores below MHP_MUTANT_MIN percent (90), a listed equivalent is
# killed, or an entry of the list matches no mutant.
#
# Usage: tests/mutants/run.sh [FILE...]   (default: the files below)
# Environment (the Makefile sets them): CC, MUT_CFLAGS (compiler flags
# with the include paths), MUT_LIB (the unmutated libmhp.a), MUT_LIBS
# (the host libraries); MHP_MUTANTS_DIR (build/mutants), MHP_MUTANT_JOBS
# (nproc), MHP_MUTANT_TIMEOUT (seconds an unmutated test may take, 60;
# a mutant's test gets 3 s and 5 times what the unmutated one took).
#
# A file bench/NAME.c (guest code) is tested by tests/unit/test_guest_NAME.c,
# linked with it: the Makefile builds that test the same way.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2

FILES=(src/lib/verdict.c src/stats.c src/rule.c src/lib/zoneinfo.c
	src/lib/kpf.c src/lib/meminfo.c src/lib/vmstat.c bench/placement.c)
[ $# -eq 0 ] || FILES=("$@")

: "${CC:=gcc}"
: "${MUT_CFLAGS:?set by make mutants}"
: "${MUT_LIB:?set by make mutants}"
: "${MUT_LIBS:=-ljson-c -lcsv -lm}"
W=${MHP_MUTANTS_DIR:-build/mutants}
JOBS=${MHP_MUTANT_JOBS:-$(nproc)}
TIMEOUT=${MHP_MUTANT_TIMEOUT:-60}
MIN=${MHP_MUTANT_MIN:-90}
EQUIV=tests/mutants/equivalent.txt
export MHP_FIXTURES=${MHP_FIXTURES:-tests/fixtures}
# A mutant is compiled as the file is, at -O1 (quicker) and warnings
# aside (an operator that changes places with another makes -Wparentheses
# speak): it does not compile when it is not C, or lacks a return.
MUT_ONLY="-O1 -g0 -Wno-error -Werror=return-type"
export CC MUT_CFLAGS MUT_LIB MUT_LIBS MUT_ONLY W TIMEOUT

die() {
	echo "mutants: $*" >&2
	exit 2
}

[ -f "$MUT_LIB" ] || die "$MUT_LIB: missing (make mutants builds it)"
command -v perl >/dev/null || die "perl is missing"
start=$(date +%s)
rm -rf "$W/users"
mkdir -p "$W/t" "$W/users" "$W/run"

# The object of a source file in the trace of the linker.
member() {
	basename "${1%.c}.o"
}

# The unit tests, each compiled once (again when its source changed).
# A test of guest code takes the guest's headers first (bench/guest.h).
compile_test() {
	local src=$1 obj=$2 inc=
	[ "$obj" -nt "$src" ] && [ "$obj" -nt tests/unit/fixture.h ] && return 0
	case $src in */test_guest_*) inc=-Ibench ;; esac
	# shellcheck disable=SC2086
	$CC $inc $MUT_CFLAGS -Itests/unit -c "$src" -o "$obj"
}

compile_test tests/unit/fixture.c "$W/t/fixture.o" || die "fixture.c does not compile"
tests=()
for src in tests/unit/test_*.c; do
	t=$(basename "$src" .c)
	compile_test "$src" "$W/t/$t.o" || die "$src does not compile"
	tests+=("$t")
done

# link TEST OUT [OBJ...]: a test binary, with OBJ before the library.
link() {
	local t=$1 out=$2
	shift 2
	# shellcheck disable=SC2086
	$CC "$W/t/$t.o" "$W/t/fixture.o" "$@" "$MUT_LIB" $MUT_LIBS -lcmocka \
		-o "$out"
}
export -f link

# Which tests link which object of the library, from the linker's map;
# a test of bench/NAME.c links its own object. Every test passes first.
for t in "${tests[@]}"; do
	extra=()
	case $t in
	test_guest_*)
		g=bench/${t#test_guest_}.c
		# shellcheck disable=SC2086
		$CC $MUT_CFLAGS -Ibench -c "$g" -o "$W/t/guest_${t#test_guest_}.o" ||
			die "$g does not compile"
		extra=("$W/t/guest_${t#test_guest_}.o")
		echo "$t" >"$W/users/guest_${t#test_guest_}.o"
		;;
	esac
	link "$t" "$W/t/$t" "${extra[@]}" -Wl,-Map="$W/t/$t.map" ||
		die "$t does not link"
	sed -n 's/^[^ ]*libmhp\.a(\([^)]*\.o\))$/\1/p' "$W/t/$t.map" |
		while read -r o; do echo "$t" >>"$W/users/$o.tmp"; done
done
for f in "$W"/users/*.tmp; do
	[ -e "$f" ] || continue
	sort -u "$f" >"${f%.tmp}"
	rm -f "$f"
done
for file in "${FILES[@]}"; do
	o=$(member "$file")
	[ "${file%%/*}" = bench ] && o=guest_$o
	[ -s "$W/users/$o" ] || die "$file: no unit test links it"
	# The quickest first: most mutants die in the first test. Each
	# test's timeout: 3 s and 5 times what it took here.
	: >"$W/users/$o.time"
	while read -r t; do
		t0=$(date +%s%N)
		timeout -k 2 "$TIMEOUT" "$W/t/$t" >"$W/t/$t.out" 2>&1 </dev/null
		rc=$?
		[ "$rc" -eq 0 ] || die "$t fails on the unmutated code ($W/t/$t.out)"
		ms=$((($(date +%s%N) - t0) / 1000000))
		echo "$ms $t" >>"$W/users/$o.time"
		echo $((3 + ms * 5 / 1000)) >"$W/t/$t.timeout"
	done <"$W/users/$o"
	sort -n "$W/users/$o.time" | cut -d' ' -f2 >"$W/users/$o"
done

# shellcheck disable=SC2317  # run by xargs, through bash -c
# One mutant: FILE N, its result on stdout ("killed", "survived",
# "nocompile") and its line in $W/run/FILE/N.
one() {
	local file=$1 n=$2 d obj users t dir inc rc
	d=$W/run/${file//\//_}
	dir=$d/w$n
	mkdir -p "$dir"
	# The shell's word of a test that crashed ("Segmentation fault").
	# The file's own directory first: its headers (bench/guest.h is not
	# src/guest.h).
	exec 2>>"$d/stderr"
	obj=$dir/m.o
	inc="-I$(dirname "$file")"
	[ "${file%%/*}" = bench ] && inc="$inc -Ibench"
	# shellcheck disable=SC2086
	if ! $CC $inc $MUT_CFLAGS $MUT_ONLY -c "$d/m/$n.c" -o "$obj" 2>/dev/null; then
		echo nocompile >"$d/$n"
		rm -rf "$dir"
		return 0
	fi
	users=$(cat "$d/users")
	for t in $users; do
		if ! link "$t" "$dir/$t" "$obj" 2>/dev/null; then
			echo nocompile >"$d/$n"
			rm -rf "$dir"
			return 0
		fi
		timeout -k 2 "$(cat "$W/t/$t.timeout")" "$dir/$t" >/dev/null 2>&1 </dev/null
		rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "killed $t" >"$d/$n"
			rm -rf "$dir"
			return 0
		fi
	done
	echo survived >"$d/$n"
	rm -rf "$dir"
}
export -f one

# Equivalent mutants: "FILE:LINE: MUTATION -- reason", every one used.
declare -A equiv used
if [ -f "$EQUIV" ]; then
	while IFS= read -r l; do
		case $l in '' | '#'*) continue ;; esac
		key=${l%% -- *}
		if [ "$key" = "$l" ] || [ -z "${l#* -- }" ]; then
			die "$EQUIV: no ' -- reason' in: $l"
		fi
		equiv[$key]=1
	done <"$EQUIV"
fi

bad=0
total_killed=0 total_surv=0
summary=()
for file in "${FILES[@]}"; do
	[ -f "$file" ] || die "$file: no such file"
	d=$W/run/${file//\//_}
	rm -rf "$d"
	mkdir -p "$d"
	obj=$(member "$file")
	[ "${file%%/*}" = bench ] && obj=guest_$obj
	cp "$W/users/$obj" "$d/users"
	perl tests/mutants/mutate.pl "$file" "$d/m" || die "$file: mutate.pl failed"
	cut -f1 "$d/m/list" | xargs -P "$JOBS" -I{} bash -c 'one "$1" "$2"' _ "$file" {}
	killed=0 surv=0 eq=0 nocomp=0 eqkilled=0
	lines=()
	while IFS=$'\t' read -r n line desc; do
		key="$file:$line: $desc"
		r=$(cat "$d/$n" 2>/dev/null || echo "lost")
		if [ -n "${equiv[$key]:-}" ]; then
			used[$key]=1
			case $r in
			killed*)
				eqkilled=$((eqkilled + 1))
				lines+=("  listed equivalent, but ${r#killed } kills it: $key")
				;;
			*) eq=$((eq + 1)) ;;
			esac
			continue
		fi
		case $r in
		killed*) killed=$((killed + 1)) ;;
		survived)
			surv=$((surv + 1))
			lines+=("  surviving: $key")
			;;
		nocompile) nocomp=$((nocomp + 1)) ;;
		*)
			lines+=("  no result: $key")
			bad=1
			;;
		esac
	done <"$d/m/list"
	score=100.0
	if [ $((killed + surv)) -gt 0 ]; then
		score=$(awk -v k=$killed -v s=$surv 'BEGIN { printf "%.1f", 100 * k / (k + s) }')
	fi
	echo "$file: $killed killed, $surv surviving, $eq equivalent, $nocomp not compiled; score $score % (tests: $(tr '\n' ' ' <"$d/users" | sed 's/ $//'))"
	for l in "${lines[@]}"; do
		echo "$l"
	done
	awk -v s="$score" -v m="$MIN" 'BEGIN { exit !(s + 0 < m + 0) }' && bad=1
	# Nothing tested is no score.
	if [ $((killed + surv + eq)) -eq 0 ]; then
		echo "  no mutant of $file compiled: nothing was tested"
		bad=1
	fi
	[ "$eqkilled" -eq 0 ] || bad=1
	summary+=("$(printf '%-22s %4d %4d %4d %4d  %s %%' "$file" "$killed" "$surv" "$eq" "$nocomp" "$score")")
	total_killed=$((total_killed + killed))
	total_surv=$((total_surv + surv))
done

# Entries of the list that matched no mutant of the files run.
for key in "${!equiv[@]}"; do
	f=${key%%:*}
	[ -n "${used[$key]:-}" ] && continue
	for file in "${FILES[@]}"; do
		if [ "$file" = "$f" ]; then
			echo "$EQUIV: matches no mutant: $key"
			bad=1
		fi
	done
done

echo
printf '%-22s %4s %4s %4s %4s  %s\n' file kill surv equ ncc score
for l in "${summary[@]}"; do
	echo "$l"
done
echo "mutants: $total_killed killed, $total_surv surviving in $(($(date +%s) - start)) s (minimum score $MIN %)"
exit $bad
