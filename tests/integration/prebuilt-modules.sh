#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The modules of a kernel the suite did not build (kernels/prebuilt.sh),
# on a made-up modules tree, nothing booted:
#  - compressed modules (xz, zstd, gzip: by suffix, checked by magic) go
#    into the guest image decompressed, byte for byte the ELF they hold,
#    in /lib/modules/mhpbench.load order, and prebuilt.json records each
#    (module, file, compression);
#  - a module the run does not need (virtio_mem outside --hotplug
#    virtio-mem: configs/guest-modules.list) that is missing or cannot
#    be decompressed is skipped with its reason, the run goes on;
#  - one it needs refuses the kernel (exit 2) with the module and reason;
#  - a built-in module (modules.builtin) is not looked for.
# Takes about a second.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

plan 18
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rel=6.12.0-test
tree=$out/tree/lib/modules/$rel
mkdir -p "$tree/kernel/drivers/virtio" "$tree/kernel/drivers/char"

# elf NAME: a stand-in module, an ELF header and its name.
elf() {
	printf '\177ELF\002\001\001\000%s\n' "$1"
}

elf virtio_ring >"$out/virtio_ring.ko"
elf virtio_pci >"$out/virtio_pci.ko"
elf virtio_console >"$out/virtio_console.ko"
elf virtio_mem >"$out/virtio_mem.ko"
xz -c "$out/virtio_ring.ko" >"$tree/kernel/drivers/virtio/virtio_ring.ko.xz"
zstd -qc "$out/virtio_pci.ko" >"$tree/kernel/drivers/virtio/virtio_pci.ko.zst"
gzip -c "$out/virtio_console.ko" >"$tree/kernel/drivers/char/virtio_console.ko.gz"
xz -c "$out/virtio_mem.ko" >"$tree/kernel/drivers/virtio/virtio_mem.ko.xz"
cat >"$tree/modules.dep" <<EOF
kernel/drivers/virtio/virtio_ring.ko.xz:
kernel/drivers/virtio/virtio_pci.ko.zst: kernel/drivers/virtio/virtio_ring.ko.xz
kernel/drivers/char/virtio_console.ko.gz: kernel/drivers/virtio/virtio_ring.ko.xz
kernel/drivers/virtio/virtio_mem.ko.xz: kernel/drivers/virtio/virtio_ring.ko.xz
EOF
: >"$tree/modules.builtin"
echo 'not a kernel' >"$out/image"
echo x | gzip >"$out/base.cpio.gz"

# prep NAME HOTPLUG: kernels/prebuilt.sh for the tree, into $out/NAME.
prep() {
	"$TOP/kernels/prebuilt.sh" x86_64 "$2" hotadd "$out/base.cpio.gz" \
		"$out/$1" image "$out/image" "" "$out/tree" 2>"$out/$1.err"
}

# unpacked NAME: the guest image's second archive, unpacked in $out/NAME/x.
unpacked() {
	mkdir -p "$out/$1/x"
	# The base is one gzip member, then the modules' archive.
	(cd "$out/$1/x" && gzip -dc "$out/$1/initramfs.cpio.gz" |
		tail -c +3 | cpio -id --quiet 2>/dev/null)
}

prep all acpi-dimm
rc=$?
check "xz, zstd and gzip modules: prepared (exit $rc)" test $rc -eq 0
pj=$out/all/prebuilt.json
check "  prebuilt.json: each decompressed module and its compression" \
	json_true "$pj" '[.modules_decompressed[] | "\(.module)=\(.compression)"] | sort ==
		["virtio_console=gzip", "virtio_mem=xz", "virtio_pci=zstd", "virtio_ring=xz"]'
check "  and the file it came from" \
	json_true "$pj" '.modules_decompressed[] | select(.module == "virtio_pci") |
		.file == "kernel/drivers/virtio/virtio_pci.ko.zst"'
check "  nothing skipped" json_true "$pj" '.modules_skipped == []'
unpacked all
m=$out/all/x/lib/modules/$rel/kernel/drivers
check "  the image holds the plain modules, byte for byte" \
	cmp -s "$m/virtio/virtio_pci.ko" "$out/virtio_pci.ko"
check "  gzip and xz too" \
	cmp -s "$m/char/virtio_console.ko" "$out/virtio_console.ko"
check "  no compressed file in the image" \
	test -z "$(find "$out/all/x" -name '*.ko.*')"
# modprobe's order: virtio_ring (a dependency) first, once.
check "  /init loads them in dependency order" \
	test "$(tr '\n' ' ' <"$out/all/x/lib/modules/mhpbench.load")" = \
	"/lib/modules/$rel/kernel/drivers/virtio/virtio_ring.ko /lib/modules/$rel/kernel/drivers/virtio/virtio_pci.ko /lib/modules/$rel/kernel/drivers/char/virtio_console.ko /lib/modules/$rel/kernel/drivers/virtio/virtio_mem.ko "

# virtio_mem gone: not needed by an ACPI DIMM hot-add, needed by virtio-mem.
mv "$tree/kernel/drivers/virtio/virtio_mem.ko.xz" "$out/virtio_mem.ko.xz"
sed -i '/virtio_mem/d' "$tree/modules.dep"
prep nomem acpi-dimm
rc=$?
check "virtio_mem missing, acpi-dimm: prepared (exit $rc)" test $rc -eq 0
check "  skipped with its reason" \
	json_true "$out/nomem/prebuilt.json" '.modules_skipped == [{module: "virtio_mem",
		needed_by: "hotplug=virtio-mem",
		reason: "virtio_mem: neither built in (modules.builtin) nor a module of '"$tree"'"}]'
prep nomem-vm virtio-mem
rc=$?
check "virtio_mem missing, virtio-mem: refused (exit $rc)" test $rc -eq 2
check "  naming the module and why ($(tail -n1 "$out/nomem-vm.err"))" \
	grep -q "module virtio_mem, which this run needs (hotplug=virtio-mem), cannot be loaded: virtio_mem: neither built in" \
	"$out/nomem-vm.err"

# virtio_mem not xz data under its .xz name: cannot be loaded.
gzip -c "$out/virtio_mem.ko" >"$tree/kernel/drivers/virtio/virtio_mem.ko.xz"
echo "kernel/drivers/virtio/virtio_mem.ko.xz: kernel/drivers/virtio/virtio_ring.ko.xz" >>"$tree/modules.dep"
prep badxz acpi-dimm
rc=$?
check "virtio_mem not xz data, acpi-dimm: prepared (exit $rc)" test $rc -eq 0
check "  skipped: not xz data" \
	json_true "$out/badxz/prebuilt.json" '.modules_skipped[0].reason ==
		"kernel/drivers/virtio/virtio_mem.ko.xz: not xz data"'
prep badxz-vm virtio-mem
rc=$?
check "virtio_mem not xz data, virtio-mem: refused (exit $rc)" \
	test "$rc/$(grep -c "module virtio_mem, which this run needs.*not xz data" "$out/badxz-vm.err")" = 2/1

# virtio_pci built in: not looked for, though its file is gone.
rm "$tree/kernel/drivers/virtio/virtio_pci.ko.zst"
echo kernel/drivers/virtio/virtio_pci.ko >"$tree/modules.builtin"
prep builtin virtio-mem
rc=$?
check "virtio_pci built in, file absent: refused only for virtio_mem (exit $rc)" \
	test $rc -eq 2 -a -s "$out/builtin.err"
check "  and the refusal does not name virtio_pci" lacks virtio_pci "$out/builtin.err"
rm "$tree/modules.builtin"
prep nobuiltin acpi-dimm
rc=$?
check "virtio_pci neither built in nor a module: refused, it is needed by all (exit $rc)" \
	test "$rc/$(grep -c "module virtio_pci, which this run needs (all), cannot be loaded" "$out/nobuiltin.err")" = 2/1
