#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The documentation against the code, so that neither drifts:
#  - every option of the code's option tables is in man/mhpbench.1 and in
#    its command's --help; every key of the bench config and of a LAVA
#    board config too (a bench key in run --help as its option, or by
#    name); the keys of arch profiles and variant files are in the man
#    page;
#  - every option the man page names exists in a table;
#  - the man page renders without warnings, with every command;
#  - every relative link of README.md and docs/*.md resolves;
#  - every make target README.md, docs/ and the man page name exists;
#  - the count of malformed inputs docs/testing.md gives is
#    tests/integration/bad-input.sh's;
#  - make install DESTDIR=... gives a runner that finds its configs and
#    plot templates in the installed tree.
# Nothing boots; about 10 s.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

cd "$TOP" || exit 1
plan 12
[ -x "$MHPBENCH" ] || skip_all "no runner at $MHPBENCH (make host)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MAN=man/mhpbench.1

# opts FILE: the long options of every struct option table in FILE.
opts() {
	awk '/struct option/ { t = 1 } t && /};/ { t = 0 }
	     t && match($0, /\{ *"[a-z][a-z0-9-]*"/) {
		s = substr($0, RSTART, RLENGTH); sub(/^\{ *"/, "", s); sub(/"$/, "", s)
		if (s != "help") print s
	     }' "$1"
}

# keys FILE ARRAY: the strings of the array ARRAY[] in FILE.
keys() {
	awk -v a="$2" '$0 ~ "[ *]" a "\\[\\] = \\{" { t = 1 }
	     t { while (match($0, /"[a-z][a-z0-9_]*"/)) {
			print substr($0, RSTART + 1, RLENGTH - 2)
			$0 = substr($0, RSTART + RLENGTH)
		 } }
	     t && /};/ { t = 0 }' "$1"
}

# The man page as text, with roff's \- as -.
sed 's/\\-/-/g' "$MAN" >"$tmp/man.txt"

# Each command: its options, and the file of its table.
declare -A table=(
	[run]="$(opts src/opts.c) resume"
	[report]="$(opts src/report.c)"
	[compare]="$(opts src/report.c)"
	[selftest]="$(opts src/cmd_selftest.c)"
	[native]="$(opts src/native.c)"
	[lava]="$(opts src/lava_import.c) $(grep -oE '"--[a-z][a-z-]*"' src/lava_export.c | sed 's/^"--//; s/"$//' | sort -u)"
)

# 1-6: every option of a command in its --help and in the man page.
all=" help "
for c in run report compare selftest native lava; do
	"$MHPBENCH" "$c" --help >"$tmp/$c.help" 2>&1
	miss=
	for o in ${table[$c]}; do
		all="$all$o "
		grep -q -- "--$o\b" "$tmp/$c.help" || miss="$miss $c --help lacks --$o;"
		grep -q -- "--$o\b" "$tmp/man.txt" || miss="$miss the man page lacks --$o;"
	done
	if [ -z "${table[$c]// /}" ]; then
		not_ok "$c: no option table found"
	elif [ -z "$miss" ]; then
		ok "$c: $(echo "${table[$c]}" | wc -w) options in --help and the man page"
	else
		not_ok "$c:$miss"
	fi
done

# 7: every config key in the man page, and in its command's --help.
miss=
for k in $(keys src/opts.c bench_keys); do
	grep -qE -- "(--${k//_/-}|\b$k)\b" "$tmp/run.help" || miss="$miss run --help lacks $k;"
	grep -qw -- "$k" "$tmp/man.txt" || miss="$miss the man page lacks bench key $k;"
done
for k in $(keys src/lava_board.c board_keys); do
	grep -qw -- "$k" "$tmp/lava.help" || miss="$miss lava --help lacks $k;"
	grep -qw -- "$k" "$tmp/man.txt" || miss="$miss the man page lacks board key $k;"
done
for k in $(keys src/arch.c arch_allowed) $(keys src/variant.c variant_allowed) \
	$(keys src/variant.c prebuilt_allowed); do
	grep -qw -- "$k" "$tmp/man.txt" || miss="$miss the man page lacks profile or variant key $k;"
done
if [ -z "$miss" ]; then ok "every config key documented"; else not_ok "config keys:$miss"; fi

# 8: every option the man page names exists.
bad=
while IFS= read -r o; do
	case "$all" in *" ${o#--} "*) ;; *) bad="$bad $o" ;; esac
done < <(grep -oE -- '--[a-z][a-z0-9-]*' "$tmp/man.txt" | sort -u)
if [ -z "$bad" ]; then ok "every option of the man page exists"; else not_ok "the man page names options the code lacks:$bad"; fi

# 9: the man page renders without warnings, with every command.
warn=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$MAN" 2>&1)
MANWIDTH=80 man -l "$MAN" 2>/dev/null | col -b >"$tmp/man.rendered"
miss=
for c in run report compare selftest native "lava export" "lava import"; do
	grep -q "mhpbench $c" "$tmp/man.rendered" || miss="$miss $c"
done
if [ -z "$warn" ] && [ -z "$miss" ]; then
	ok "man page renders, every command in it"
else
	not_ok "man page: ${warn:+groff: $warn; }${miss:+lacks:$miss}"
fi

# 10: relative links resolve; make targets named exist.
bad=
for f in README.md docs/*.md; do
	while IFS= read -r l; do
		p=${l%%#*}
		[ -n "$p" ] || continue
		[ -e "$(dirname "$f")/$p" ] || bad="$bad $f: ($l);"
	done < <(grep -oE '\]\([^) ]+\)' "$f" | sed 's/^](//; s/)$//' | grep -vE '^[a-z]+:')
done
targets=" $(make -pRrq -f Makefile __none__ 2>/dev/null |
	awk -F: '/^[a-zA-Z0-9][a-zA-Z0-9_-]*:([^=]|$)/ { printf "%s ", $1 }') "
named=$( { cat README.md docs/*.md | grep -oE '`make( [A-Za-z0-9_.=/"$-]+)+' | sed 's/^`//'
	grep -E '^( {4}|\t)make ' README.md docs/*.md -h
	sed -n '/^\.EX/,/^\.EE/p' "$tmp/man.txt" | grep -E '^ *make '; } |
	sed -E 's/[A-Za-z_]+="[^"]*"//g' | awk '{ for (i = 2; i <= NF; i++) { if ($i ~ /=|^-|^#/) { if ($i ~ /^#/) break; continue } print $i } }' |
	tr -d '`' | sort -u)
for t in $named; do
	case "$targets" in *" $t "*) ;; *) bad="$bad make $t: no such target;" ;; esac
done
if [ -z "$bad" ]; then
	ok "links resolve, make targets exist ($(echo "$named" | wc -w) named)"
else
	not_ok "docs:$bad"
fi

# 11: the malformed inputs docs/testing.md counts are bad-input.sh's.
n=$(grep -c '^[[:space:]]*expect_exit2 ' tests/integration/bad-input.sh)
said=$(grep -oE '[0-9]+ malformed inputs' docs/testing.md | grep -oE '^[0-9]+')
check "docs/testing.md: $said malformed inputs, bad-input.sh has $n" test "$said" = "$n"

# 12: an installed runner finds its configs and templates.
dest=$tmp/dest
if ! make -s --no-print-directory install DESTDIR="$dest" PREFIX=/usr >"$tmp/install.log" 2>&1; then
	not_ok "make install: $(tail -1 "$tmp/install.log")"
	exit 0
fi
cp -R tests/fixtures/runs/x86_64-hotadd-a "$tmp/run"
(
	cd "$tmp" || exit 1
	unset MHP_TOP
	inst=$dest/usr/bin/mhpbench
	# A variant that does not exist: the message names the installed tree.
	err=$("$inst" run --variants nosuch 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -ne 2 ] || ! printf '%s\n' "$err" |
		grep -q "$dest/usr/share/mhpbench/configs/variants/nosuch.conf"; then
		echo "# run: $err"
		exit 1
	fi
	# The default config and the profiles: a run that gets as far as the
	# kernels (none here), past every config and profile check.
	: >"$tmp/image.cpio.gz"
	err=$("$inst" run --kernels "$tmp/nokernels" --image "$tmp/image.cpio.gz" \
		--out "$tmp/out" 2>&1 >/dev/null)
	printf '%s\n' "$err" | grep -q "$tmp/nokernels" || { echo "# run: $err"; exit 1; }
	"$inst" report "$tmp/run" >/dev/null 2>"$tmp/report.err" &&
		[ -s "$tmp/run/plots/memmap-placement.png" ] &&
		[ -f "$dest/usr/share/man/man1/mhpbench.1" ]
) >"$tmp/installed.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || sed 's/^/# /' "$tmp/installed.log" "$tmp/report.err" 2>/dev/null
check "make install DESTDIR: the installed runner finds configs/ and plots/" test "$rc" -eq 0
