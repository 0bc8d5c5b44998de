# mhpbench: memory hot-add benchmarks, memmap on the hot-added memory
# (memmap_on_memory / vmem_altmap) against the stock placement.
#
#   make bench     install what is missing, build, run the default
#                  comparison (configs/bench/default.conf), print the report
#                  and the path of its HTML page
#   make test      unit tests, then integration tests that boot the kernels
#                  of every arch in configs/arch/
#   make test-cold CI (make test) on a fresh clone and an empty cache
#   make lava      what `mhpbench lava` needs: lava-dispatcher, LAVA's
#                  device templates, kernels and the LAVA guest images
#
# Knobs: ARCH=x86_64  ARCHS="x86_64 arm64 powerpc" (several arches, one
#        run)  VARIANTS="baseline altmap" (default: the config's variants)
#        KSRC=DIR (kernel tree in place of linux-source-6.1)
#        CONFIG=configs/bench/default.conf  BENCH_ARGS="--samples 5"

comma := ,
empty :=
space := $(empty) $(empty)

ARCH      ?= x86_64
ARCHS     ?= $(ARCH)
ALL_ARCHS := $(sort $(basename $(notdir $(wildcard configs/arch/*.conf))))
CONFIG    ?= configs/bench/default.conf
# The kernels to build: the variants the bench config names.
VARIANTS  ?= $(subst $(comma),$(space),$(shell sed -n 's/^[ \t]*variants[ \t]*=[ \t]*//p' $(CONFIG)))
# make test boots the 6.1 kernels (stock, and the series off and on) and
# upstream 6.12 (off, on, force: one build per arch).
TEST_VARIANTS := baseline baseline-aa altmap altmap-off upstream-off upstream upstream-force
BENCH_ARGS ?=

TOP   := $(abspath .)
B     := $(TOP)/build
CC    ?= gcc
WARN  := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	 -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
	 -Wno-format-truncation
CFLAGS ?= -O2 -g
# A sanitizer finding stops the program (no recovery): a test that hits
# one fails (tests/run.sh sets halt_on_error for the runtime as well).
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all
ifeq ($(SANITIZE),1)
CFLAGS += $(SAN_FLAGS) -fno-omit-frame-pointer
LDFLAGS += $(SAN_FLAGS)
endif
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc/lib
# make coverage's build: instrumented, unoptimized (lines as written).
ifeq ($(COVERAGE),1)
CFLAGS += --coverage -O0
LDFLAGS += --coverage
endif
# The guest driver is static: never sanitized.
GUEST_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARN) -O2 -g -Isrc/lib
# Sanitized builds live beside the normal ones, never over them.
SAN   := $(if $(filter 1,$(SANITIZE)),-san)$(if $(filter 1,$(COVERAGE)),-cov)
BIN   := $(B)/bin$(SAN)

LIB_SRC   := $(wildcard src/lib/*.c)
HOST_SRC  := $(wildcard src/*.c)
GUEST_SRC := $(wildcard bench/*.c)
HOST_LIBS := -ljson-c -lcsv -lm

.PHONY: aa golden harness all deps kernels guest guest-tools guest-selftest host native-static bench test unit integration style clean fuzz \
	lava lava-deps lava-guest test-cold mutants coverage
.DELETE_ON_ERROR:

all: host

deps:
	@kernels/deps.sh $(ARCHS)

kernels: deps
	@for a in $(ARCHS); do kernels/build.sh $$a $(VARIANTS) || exit $$?; done

# Host runner: every src/ object but main.o goes into libmhp.a, which the
# runner and the unit tests link against. -----------------------------------
host: $(BIN)/mhpbench

OBJ := $(B)/obj/$(if $(filter 1,$(SANITIZE)),san,$(if $(filter 1,$(COVERAGE)),cov,std))
HOST_OBJ := $(patsubst %.c,$(OBJ)/%.o,$(filter-out src/main.c,$(HOST_SRC)) $(LIB_SRC))
HEADERS := $(wildcard src/*.h src/lib/*.h)

$(OBJ)/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Isrc -c $< -o $@

$(OBJ)/libmhp.a: $(HOST_OBJ)
	@rm -f $@
	@$(AR) rcs $@ $^

$(BIN)/mhpbench: $(OBJ)/src/main.o $(OBJ)/libmhp.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(HOST_LIBS) -o $@

# The runner linked statically, for the guest that plays a real machine in
# mhpbench native's test (bench/native-image.sh).
native-static: $(B)/native/mhpbench

$(B)/native/mhpbench: $(OBJ)/src/main.o $(OBJ)/libmhp.a
	@mkdir -p $(@D)
	@echo "  LD      $@ (static)"
	@$(CC) -static $^ $(HOST_LIBS) -o $@

# Guest images, one per arch: static guest driver + busybox initramfs. The
# compiler is the profile's cross_compile prefix + gcc ($(CC) when empty).
guest: $(foreach a,$(ARCHS),$(B)/guest/$(a)/initramfs.cpio.gz)
.SECONDARY: $(foreach a,$(ALL_ARCHS),$(B)/guest/$(a)/mhpbench-guest)

# The profile's compiler and the guest packages (busybox...) first (deps:
# quick when all is there), whatever ran before.
$(B)/guest/%/mhpbench-guest: configs/arch/%.conf $(GUEST_SRC) $(LIB_SRC) \
		$(wildcard bench/*.h src/lib/*.h) | deps
	@mkdir -p $(@D)
	@cross=$$(kernels/profile.sh $* cross_compile) && \
	cc=$${cross:+$${cross}gcc} && cc=$${cc:-$(CC)} && \
	echo "  CC      $@ (static, $$cc)" && \
	$$cc $(GUEST_CFLAGS) -Ibench -static $(GUEST_SRC) $(LIB_SRC) -o $@

$(B)/guest/%/initramfs.cpio.gz: $(B)/guest/%/mhpbench-guest bench/init.sh bench/image.sh
	@bench/image.sh $* $< $@

# The selftest image (mhpbench selftest) adds bash, the kernel's
# mem-on-off-test.sh and the built-in module lists of the arch's kernels:
# make kernels first.
guest-selftest: $(foreach a,$(ARCHS),$(B)/guest/$(a)/selftest.cpio.gz)

.SECONDEXPANSION:
$(B)/guest/%/selftest.cpio.gz: $(B)/guest/%/initramfs.cpio.gz bench/selftest-image.sh \
		configs/guest-packages.list $$(wildcard $(B)/kernels/$$*/*/kernel.release)
	@bench/selftest-image.sh $* $< $@ \
		$(patsubst %/kernel.release,%,$(wildcard $(B)/kernels/$*/*/kernel.release))

# The tools image (oom and numa scenarios): the guest image plus fio,
# stress-ng, numactl and their libraries (configs/guest-tools.list).
guest-tools: $(foreach a,$(ARCHS),$(B)/guest/$(a)/tools.cpio.gz)

$(B)/guest/%/tools.cpio.gz: $(B)/guest/%/initramfs.cpio.gz bench/tools-image.sh \
		kernels/guest-tools.sh configs/guest-tools.list
	@bench/tools-image.sh $* $< $@

# mhpbench lava -------------------------------------------------------------
# Set up only when lava is used: lava-dispatcher, LAVA's device templates
# and the guest arches' json-c (kernels/lava-deps.sh). The LAVA guest
# image is the guest image plus mhpbench-lava, the host's hot-add scenario
# and QMP client built static for the guest, driving QEMU from inside.
LAVA_GUEST_SRC := bench/lava/main.c src/lava_guest.c src/scenario_hotadd.c \
	src/hotplug.c src/qmp.c src/native_host.c src/native_dax.c src/ctl.c \
	src/scenario_util.c src/scenario_verdict.c src/sample.c src/qemu.c \
	src/appendf.c $(LIB_SRC)

lava-deps:
	@kernels/lava-deps.sh $(ARCHS)

lava: lava-deps
	@$(MAKE) --no-print-directory kernels guest host lava-guest

lava-guest: $(foreach a,$(ARCHS),$(B)/guest/$(a)/lava.cpio.gz)
.SECONDARY: $(foreach a,$(ALL_ARCHS),$(B)/guest/$(a)/mhpbench-lava)

# Its arch's json-c first (lava-deps: quick when all is there), whatever
# ran before.
$(B)/guest/%/mhpbench-lava: configs/arch/%.conf $(LAVA_GUEST_SRC) $(HEADERS) \
		bench/lava/build.sh | lava-deps
	@GUEST_CFLAGS="$(GUEST_CFLAGS)" bench/lava/build.sh $* $@ $(LAVA_GUEST_SRC)

$(B)/guest/%/lava.cpio.gz: $(B)/guest/%/initramfs.cpio.gz $(B)/guest/%/mhpbench-lava \
		bench/lava/init.sh bench/lava/image.sh
	@bench/lava/image.sh $* $< $(B)/guest/$*/mhpbench-lava $@

# A/A calibration of the report's rule (bench/aa.sh): configs/bench/aa.conf
# AA_RUNS times (10), the runs that flagged anything and which metrics.
AA_RUNS ?= 10
aa: deps
	@$(MAKE) --no-print-directory kernels guest host ARCHS=x86_64 \
		VARIANTS="baseline baseline-aa"
	@AA_RUNS=$(AA_RUNS) bench/aa.sh $(AA_OUT)

# The main job -------------------------------------------------------------
# The run's stdout (its summary, then "results: DIR") goes to a file; its
# progress stays on stderr; the report of the run comes last.
bench: deps
	@$(MAKE) --no-print-directory kernels guest host
	@$(B)/bin/mhpbench run --config $(CONFIG) \
		--arch $(subst $(space),$(comma),$(strip $(ARCHS))) $(BENCH_ARGS) \
		>$(B)/bench-run.out || { cat $(B)/bench-run.out; exit 1; }
	@$(B)/bin/mhpbench report "$$(sed -n 's/^results: //p' $(B)/bench-run.out | tail -1)"

# Tests --------------------------------------------------------------------
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests$(SAN)/%,$(wildcard tests/unit/test_*.c))
SAN_TESTS := $(patsubst tests/unit/%.c,$(B)/tests-san/%,$(wildcard tests/unit/test_*.c))

# A unit test links the fixture reader and whatever it uses of libmhp.a.
$(B)/tests$(SAN)/test_%: tests/unit/test_%.c tests/unit/fixture.c tests/unit/fixture.h $(OBJ)/libmhp.a
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -Isrc -Itests/unit $< tests/unit/fixture.c \
		$(OBJ)/libmhp.a $(LDFLAGS) $(HOST_LIBS) -lcmocka -o $@

# A unit test of guest code (test_guest_NAME.c) links bench/NAME.c, built
# for the host, and fakes what that takes of the rest of the guest.
$(B)/tests$(SAN)/test_guest_%: tests/unit/test_guest_%.c bench/%.c bench/guest.h \
		tests/unit/fixture.c tests/unit/fixture.h $(OBJ)/libmhp.a
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) -Ibench $(ALL_CFLAGS) -Isrc -Itests/unit $< bench/$*.c \
		tests/unit/fixture.c $(OBJ)/libmhp.a $(LDFLAGS) $(HOST_LIBS) -lcmocka -o $@

# Fuzz targets, linked with replay.c instead of libFuzzer: make test runs
# each over its saved corpus (tests/integration/fuzz-replay.sh).
REPLAYS := $(patsubst tests/fuzz/fuzz_%.c,$(B)/tests$(SAN)/replay_%,$(wildcard tests/fuzz/fuzz_*.c))

$(B)/tests$(SAN)/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(OBJ)/libmhp.a
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -Isrc -Itests/fuzz $< tests/fuzz/replay.c \
		$(OBJ)/libmhp.a $(LDFLAGS) $(HOST_LIBS) -o $@

unit: $(UNIT_TESTS) $(REPLAYS)

# Rewrite the report's golden files after a deliberate change of the text
# (the only way to: test_report ignores the environment); review with
# git diff tests/fixtures/golden.
golden: $(B)/tests/test_report
	@MHP_FIXTURES=tests/fixtures $< --update-golden >/dev/null
	@git --no-pager diff --stat -- tests/fixtures/golden

# The harness's own fixtures (tests/harness/selftest.sh): a cmocka binary
# with a skipped test, and undefined behaviour under the sanitized flags.
harness: $(B)/harness/cmocka_skip $(B)/harness/ub_san

$(B)/harness/cmocka_skip: tests/harness/fixtures/cmocka_skip.c
	@mkdir -p $(@D)
	@$(CC) -std=gnu11 $(WARN) -O2 $< -lcmocka -o $@

$(B)/harness/ub_san: tests/harness/fixtures/ub_san.c
	@mkdir -p $(@D)
	@$(CC) -std=gnu11 $(WARN) -O2 $(SAN_FLAGS) $< -o $@

# libFuzzer over every target: make fuzz FUZZ_SECONDS=60
FUZZ_SECONDS ?= 60
fuzz:
	@MHP_EXTRA_PACKAGES="clang libclang-rt-14-dev" kernels/deps.sh
	@tests/fuzz/run.sh $(FUZZ_SECONDS) \
		$(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

# Mutation testing of the modules a wrong figure would come from
# (tests/mutants/run.sh; not part of make test): MUTANT_FILES="src/stats.c"
# for some of them only.
MUTANT_FILES ?=
mutants: $(OBJ)/libmhp.a
	@CC="$(CC)" MUT_CFLAGS="$(ALL_CFLAGS) -Isrc" MUT_LIB=$(OBJ)/libmhp.a \
		MUT_LIBS="$(LDFLAGS) $(HOST_LIBS)" tests/mutants/run.sh $(MUTANT_FILES)

# Line coverage of src/ (tests/coverage/run.sh; not part of make test): the
# runner and the unit tests built with --coverage (COVERAGE=1: build/obj/cov,
# build/bin-cov, build/tests-cov), the unit tests and the integration tests
# that boot nothing run (MHP_COVERAGE_TESTS=all: every one, as make test
# runs them, kernels and guest images built), and gcovr's reports written
# to build/coverage/.
coverage:
	@MHP_EXTRA_PACKAGES=gcovr kernels/deps.sh
	@$(MAKE) --no-print-directory COVERAGE=1 unit host
	@tests/coverage/run.sh $(B)/obj/cov $(B)/bin-cov/mhpbench \
		$(sort $(patsubst tests/unit/%.c,$(B)/tests-cov/%,$(wildcard tests/unit/test_*.c)))

# Every arch's kernels and guest image: the integration tests boot them all.
# First the harness itself (tests/harness/: that tests/run.sh fails what it
# must), in a second. Then everything any test takes from the cache, for
# every arch (LAVA's templates and each arch's json-c included), so that
# no test relies on what another one set up: tests run alone and in any
# order (tests/integration/fresh-cache.sh checks it).
test:
	@kernels/deps.sh $(ALL_ARCHS)
	@tests/harness/selftest.sh
	@$(MAKE) --no-print-directory unit kernels guest guest-selftest lava-deps host \
		ARCHS="$(ALL_ARCHS)" VARIANTS="$(TEST_VARIANTS)"
	@$(MAKE) --no-print-directory SANITIZE=1 unit host
	@MHP_STRICT_SKIPS=1 MHPBENCH=$(BIN)/mhpbench MHPBENCH_SAN=$(B)/bin-san/mhpbench \
		tests/run.sh $(sort $(UNIT_TESTS) $(SAN_TESTS))

# CI on a fresh clone of HEAD with HOME and XDG_CACHE_HOME on a new empty
# directory (tests/cold.sh; MHP_COLD_KERNELS=link reuses the cache's
# finished kernels).
test-cold:
	@tests/cold.sh

style:
	@MHP_INTEGRATION_TESTS=tests/integration/style.sh tests/run.sh

clean:
	rm -rf $(B)/bin $(B)/bin-san $(B)/guest $(B)/tests $(B)/tests-san $(B)/obj $(B)/bin-cov $(B)/tests-cov \
		$(B)/mutants $(B)/coverage

# Install -------------------------------------------------------------------
# make install PREFIX=/usr/local DESTDIR=: the runner, its man page, and
# what it reads at run time (configs/, plots/) in PREFIX/share/mhpbench,
# where an installed runner looks for them (src/main.c: find_top).
PREFIX ?= /usr/local
MANDIR ?= $(PREFIX)/share/man
.PHONY: install check-docs

install: host
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(PREFIX)/share/mhpbench
	install -m 755 $(BIN)/mhpbench $(DESTDIR)$(PREFIX)/bin/mhpbench
	install -m 644 man/mhpbench.1 $(DESTDIR)$(MANDIR)/man1/mhpbench.1
	cp -R configs plots $(DESTDIR)$(PREFIX)/share/mhpbench/

# The documentation against the code: options, config keys, links, make
# targets (tests/integration/docs.sh).
check-docs: host
	@MHP_INTEGRATION_TESTS=tests/integration/docs.sh tests/run.sh
