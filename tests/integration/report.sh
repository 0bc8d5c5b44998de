#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mhpbench report and compare on copies of the fixture runs: the files
# they write, a run reduced to samples.csv and meta.json, and bad input
# (one line, exit 2).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# report; its figures; HTML; compare; bare run; bad input.
plan $((7 + 8 + 1 + 5 + 1 + 14))

runs=$TOP/tests/fixtures/runs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in x86_64-hotadd-a x86_64-hotadd-b x86_64-hotadd-online-kernel; do
	cp -r "$runs/$r" "$tmp/"
done
a=$tmp/x86_64-hotadd-a b=$tmp/x86_64-hotadd-b

# fits72 FILE: no line wider than 72 columns (characters, not bytes).
fits72() {
	LC_ALL=C.UTF-8 awk 'length($0) > 72 { bad = 1 } END { exit bad }' "$1"
}

# png FILE / svg FILE: a PNG signature / an SVG root element.
png() {
	[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
}
svg() {
	grep -q '<svg' "$1" && tail -c 16 "$1" | grep -q '</svg>'
}

out=$("$MHPBENCH" report "$a" 2>"$tmp/err")
check "report: exit 0" [ $? -eq 0 ]
check "report: prints the text, then the HTML path" \
	[ "$(printf '%s\n' "$out" | tail -1)" = "html: $a/report.html" ]
check "report: report.txt is the printed text" \
	diff <(printf '%s\n' "$out" | head -n -2) "$a/report.txt"
check "report: 72 columns" fits72 "$a/report.txt"
check "report: says the timings are emulated" \
	grep -q "accelerator emulated (TCG)" "$a/report.txt"
check "report: names the method" grep -q "Mann-Whitney U" "$a/report.txt"
check "report: counts the excluded samples" \
	grep -q "altmap x86_64 1G: 5 of 5 samples (invalid)" "$a/report.txt"
if command -v gnuplot >/dev/null; then
	for p in latency-vs-size block-latency-ecdf memmap-placement; do
		check "report: $p.png" png "$a/plots/$p.png"
		check "report: $p.svg" svg "$a/plots/$p.svg"
	done
	check "report: HTML embeds the figures" \
		[ "$(grep -c 'src="data:image/svg+xml;base64,' "$a/report.html")" -eq 3 ]
	check "report: figures without data are named, not drawn" \
		grep -q "figure oom-survival not drawn: no data" "$tmp/err"
else
	skip_n 8 "report: figures (gnuplot is not installed)"
fi
check "report: HTML has no external resource" \
	lacks '(src|href)="(https?:|/)' "$a/report.html"

out=$("$MHPBENCH" compare "$a" "$b" --no-plots 2>/dev/null)
check "compare: exit 0" [ $? -eq 0 ]
check "compare: writes into B/compare-A" \
	[ -s "$b/compare-x86_64-hotadd-a/report.html" ]
check "compare: 72 columns" fits72 "$b/compare-x86_64-hotadd-a/report.txt"
check "compare: same config, no warning" \
	lacks 'differs between' "$b/compare-x86_64-hotadd-a/report.txt"
"$MHPBENCH" compare "$a" "$tmp/x86_64-hotadd-online-kernel" --no-plots \
	--out "$tmp/ak" >/dev/null 2>&1
check "compare: warns when the config differs" \
	grep -q "options.online differs: online_movable vs online_kernel" \
	"$tmp/ak/report.txt"

# Copied elsewhere with samples.csv and meta.json only: the same report.
mkdir "$tmp/bare"
cp "$a/samples.csv" "$a/meta.json" "$tmp/bare/"
"$MHPBENCH" report "$tmp/bare" --no-plots >/dev/null 2>&1
# same_report A B: both written, the same above the excluded samples.
same_report() {
	[ -s "$1" ] && [ -s "$2" ] &&
		diff <(sed '/^!!! excluded/,$d' "$1") <(sed '/^!!! excluded/,$d' "$2")
}
check "report from samples.csv and meta.json alone" \
	same_report "$a/report.txt" "$tmp/bare/report.txt"

# Bad input.
expect_exit2 "report: no run" 'report takes 1 run directory' "$MHPBENCH" report
expect_exit2 "report: missing run dir" 'nosuch: no such run directory' "$MHPBENCH" report "$tmp/nosuch"
expect_exit2 "report: a file, not a dir" 'meta\.json: not a run directory' "$MHPBENCH" report "$a/meta.json"
expect_exit2 "report: unknown option" "unknown option or missing value '--frob'" "$MHPBENCH" report "$a" --frob
expect_exit2 "report: bad seed" "--seed 'x1' is not a number" "$MHPBENCH" report "$a" --seed x1
expect_exit2 "report: unknown baseline" "no variant 'nosuch' in x86_64-hotadd-a" \
	"$MHPBENCH" report "$a" --baseline nosuch
expect_exit2 "compare: one run" 'compare takes 2 run directories' "$MHPBENCH" compare "$a"
expect_exit2 "compare: unknown baseline" "no variant 'nosuch' in x86_64-hotadd-a" \
	"$MHPBENCH" compare "$a" "$b" --baseline nosuch
mkdir "$tmp/bad"
cp "$a/meta.json" "$tmp/bad/"
expect_exit2 "report: no samples.csv" 'bad/samples\.csv: No such file' "$MHPBENCH" report "$tmp/bad"
sed '5s/,us,1$/,us,yes/' "$a/samples.csv" >"$tmp/bad/samples.csv"
expect_exit2 "report: malformed valid column" "samples\.csv record 5: valid 'yes' is not 0 or 1" \
	"$MHPBENCH" report "$tmp/bad"
sed '7s/,/,"/' "$a/samples.csv" >"$tmp/bad/samples.csv"
expect_exit2 "report: unterminated quote" 'samples\.csv: malformed CSV' "$MHPBENCH" report "$tmp/bad"
head -c 3000 "$a/samples.csv" >"$tmp/bad/samples.csv"
expect_exit2 "report: truncated samples.csv" 'samples\.csv record [0-9]+: [0-9]+ fields, want 12' \
	"$MHPBENCH" report "$tmp/bad"
cp "$a/samples.csv" "$tmp/bad/"
printf '{"run_id": ' >"$tmp/bad/meta.json"
expect_exit2 "report: truncated meta.json" 'bad/meta\.json: not a JSON object' "$MHPBENCH" report "$tmp/bad"
cp "$a/meta.json" "$tmp/bad/"
sed 's/,baseline,/,stock,/; s/,altmap,/,patched,/' "$a/samples.csv" \
	>"$tmp/bad/samples.csv"
expect_exit2 "compare: no variant in common" 'have no variant in common' "$MHPBENCH" compare "$a" "$tmp/bad"
