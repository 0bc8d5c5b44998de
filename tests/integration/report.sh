#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# mhpbench report and compare on copies of the fixture runs: the files
# they write, a run reduced to samples.csv and meta.json, and bad input
# (one line, exit 2).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# report; its figures; HTML; pairs and tracing; compare; hot-add methods;
# bare run; bad input; golden files.
plan $((10 + 8 + 2 + 4 + 5 + 11 + 1 + 16 + 2))

runs=$TOP/tests/fixtures/runs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in x86_64-hotadd-a x86_64-hotadd-b x86_64-hotadd-online-kernel \
	synthetic-traced-pairs synthetic-methods-dimm synthetic-methods-virtio-mem; do
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
rc=$?
check "report: exit 0" [ "$rc" -eq 0 ]
check "report: prints the text, then the HTML path" \
	[ "$(printf '%s\n' "$out" | tail -1)" = "html: $a/report.html" ]
check "report: report.txt is the printed text" \
	diff <(printf '%s\n' "$out" | head -n -2) "$a/report.txt"
check "report: 72 columns" fits72 "$a/report.txt"
check "report: says the timings are emulated" \
	grep -q "accelerator emulated (TCG)" "$a/report.txt"
check "report: names the method" grep -q "Mann-Whitney U" "$a/report.txt"
check "report: states the rule and the FDR control" \
	grep -q "Benjamini-Hochberg adjusted p (q) is below alpha 0.01 over all 13" \
	"$a/report.txt"
check "report: names the per-sample reduction" \
	grep -q "add_latency_us (median)" "$a/report.txt"
# The smallest detectable change follows alpha: at 0.01 it is z(0.995) /
# z(0.975) = 2.5758293 / 1.9599640 = 1.3142228 times the figure at 0.05
# (both are the same bootstrap's standard error times z(1 - alpha/2)),
# give or take the rounding of two whole percents (0.5 + 1.3142 * 0.5).
"$MHPBENCH" report "$a" --alpha 0.05 --out "$tmp/a05" --no-plots >/dev/null 2>&1
d01=$(sed -n 's/^    add_total_us  *±\([0-9]*\)%$/\1/p' "$a/report.txt" | head -n1)
d05=$(sed -n 's/^    add_total_us  *±\([0-9]*\)%$/\1/p' "$tmp/a05/report.txt" | head -n1)
check "report: not significant gives what was detectable, 1.314 x wider at alpha 0.01 than at 0.05 (${d01:-?}% vs ${d05:-?}%)" \
	awk -v a="$d01" -v b="$d05" 'BEGIN {
		d = a - 1.3142228 * b
		exit !(a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 5 && d <= 1.16 && d >= -1.16)
	}'
check "report: counts the excluded samples" \
	grep -q "altmap x86_64 1G: 5 of 5 samples (invalid)" "$a/report.txt"
if command -v gnuplot >/dev/null; then
	for p in latency-vs-size block-latency-ecdf memmap-placement; do
		check "report: $p.png" png "$a/plots/$p.png"
		check "report: $p.svg" svg "$a/plots/$p.svg"
	done
	check "report: HTML embeds the figures" \
		[ "$(grep -c 'src="data:image/svg+xml;base64,' "$a/report.html")" -eq 3 ]
	check "report: figures that do not apply are left out quietly" \
		lacks 'not drawn' "$tmp/err" "$a/report.html"
else
	skip_n 8 "report: figures (gnuplot is not installed)"
fi
check "report: HTML has no external resource" \
	lacks '(src|href)="(https?:|/)' "$a/report.html"
check "report: HTML leads with the findings, then figures, then the text" \
	bash -c "grep -o 'id=figures\|<h2>Findings\|id=mailed\|id=tables' '$a/report.html' | tr '\n' ' ' | grep -qx '<h2>Findings id=figures id=mailed id=tables '"

# A run with meta.json pairs, traced and untraced samples.
t=$tmp/synthetic-traced-pairs
"$MHPBENCH" report "$t" --no-plots >/dev/null 2>&1
check "report: says what each pair isolates" \
	grep -q "=== altmap-off -> altmap: what the placement of the" "$t/report.txt"
check "report: the tracing overhead of the run" \
	grep -q "baseline x86_64 1G add_total_us: +29.7%" "$t/report.txt"
check "report: HTML names the invalid sample and its reason" \
	grep -q "sample 3: <b>invalid</b>: witnesses disagree" "$t/report.html"
"$MHPBENCH" report "$t" --no-plots --alpha 0.2 --min-change 50% \
	--out "$tmp/rule" >/dev/null 2>&1
check "report: --alpha and --min-change set the rule" \
	grep -q "below alpha 0.2 over all 18 tests .*at least 50%" \
	<(tr '\n' ' ' <"$tmp/rule/report.txt")

out=$("$MHPBENCH" compare "$a" "$b" --no-plots 2>/dev/null)
rc=$?
check "compare: exit 0" [ "$rc" -eq 0 ]
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

# The same kernels hot-added by DIMM and by virtio-mem: a methods
# comparison, each side's method in every header; between runs of one
# method, the comparison as it was (its golden text).
dimm=$tmp/synthetic-methods-dimm vmem=$tmp/synthetic-methods-virtio-mem
"$MHPBENCH" compare "$dimm" "$vmem" --out "$tmp/methods" >/dev/null 2>"$tmp/err"
rc=$?
check "compare methods: exit 0" [ "$rc" -eq 0 ]
m=$tmp/methods
check "compare methods: 72 columns" fits72 "$m/report.txt"
check "compare methods: section titles name each side's method" \
	grep -q "A:baseline (acpi-dimm, 5/5 valid) vs B:baseline" "$m/report.txt"
check "compare methods: the method under each label of the table" \
	grep -qx "      acpi-dimm                 virtio-mem" "$m/report.txt"
check "compare methods: says what the pair isolates" \
	grep -q "=== A:baseline (acpi-dimm) -> B:baseline (virtio-mem): the hot-add method, with the same kernel" \
	<(tr '\n' ' ' <"$m/report.txt" | tr -s ' ')
check "compare methods: the HTML title names both methods" \
	grep -q "<h1>mhpbench compare: synthetic-methods-dimm (acpi-dimm) vs synthetic-methods-virtio-mem (virtio-mem)</h1>" \
	"$m/report.html"
check "compare methods: HTML table captions name each side's method" \
	grep -q "<h4>hotadd x86_64 1G: A:baseline (acpi-dimm, 5 of 5 samples valid) vs B:baseline (virtio-mem, 5 of 5 samples valid)</h4>" \
	"$m/report.html"
if command -v gnuplot >/dev/null; then
	check "compare methods: figure titles name both methods" \
		grep -q "latency vs DIMM size, x86_64, acpi-dimm (A) vs virtio-mem (B)" \
		"$m/plots/latency-vs-size.svg"
else
	skip_n 1 "compare methods: figure titles (gnuplot is not installed)"
fi
check "compare of one method: the text as before (golden)" \
	diff "$TOP/tests/fixtures/golden/compare-a-b.txt" \
	"$b/compare-x86_64-hotadd-a/report.txt"
check "compare of one method: no method in the headers" \
	lacks '\((acpi-dimm|virtio-mem)|hot-add method</th>' \
	"$b/compare-x86_64-hotadd-a/report.txt" "$b/compare-x86_64-hotadd-a/report.html"
"$MHPBENCH" report "$vmem" --no-plots >/dev/null 2>&1
check "report: a virtio-mem run's arch line, device block and guest mode" \
	grep -q "128M blocks, virtio-mem: device block 2M (QEMU's default), guest SBM with 2M sub-blocks" \
	<(tr '\n' ' ' <"$vmem/report.txt" | tr -s ' ')

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
expect_exit2 "report: bad alpha" "--alpha '1\\.5' is not a probability" "$MHPBENCH" report "$a" --alpha 1.5
expect_exit2 "report: bad min-change" "--min-change '5x' is not a fraction" "$MHPBENCH" report "$a" --min-change 5x
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

# The golden files are rewritten by `make golden` only: with a golden
# file changed on purpose, test_report fails whatever MHP_UPDATE_GOLDEN
# (or any other variable) says, and leaves the file as it was.
fx=$tmp/fixtures
cp -r "$TOP/tests/fixtures" "$fx"
printf 'not the report\n' >"$fx/golden/compare-a-b.txt"
for v in 1 0; do
	MHP_FIXTURES=$fx MHP_UPDATE_GOLDEN=$v CMOCKA_MESSAGE_OUTPUT=TAP \
		"$TOP/build/tests/test_report" >"$tmp/golden-$v.out" 2>&1
	rc=$?
	# cmocka's exit status is the number of failed tests: this one only.
	check "golden: MHP_UPDATE_GOLDEN=$v rewrites nothing, the test fails (exit $rc)" \
		test "$rc" -eq 1 -a "$(cat "$fx/golden/compare-a-b.txt")" = "not the report"
done
