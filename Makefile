# mhpbench: memory hot-add benchmarks, memmap on the hot-added memory
# (memmap_on_memory / vmem_altmap) against the stock placement.
#
#   make bench     install what is missing, build, run the default
#                  comparison (configs/bench/default.conf), print the summary
#   make test      unit tests, then integration tests that boot the kernels
#
# Knobs: ARCH=x86_64  VARIANTS="baseline altmap"  KSRC=DIR (kernel tree)
#        CONFIG=configs/bench/default.conf  BENCH_ARGS="--samples 5"

ARCH      ?= x86_64
VARIANTS  ?= baseline altmap
CONFIG    ?= configs/bench/default.conf
BENCH_ARGS ?=

TOP   := $(abspath .)
B     := $(TOP)/build
CC    ?= gcc
WARN  := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	 -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral \
	 -Wno-format-truncation
CFLAGS ?= -O2 -g
ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Isrc/lib

LIB_SRC   := $(wildcard src/lib/*.c)
HOST_SRC  := $(wildcard src/*.c)
GUEST_SRC := $(wildcard bench/*.c)
HOST_LIBS := -ljson-c -lcsv -lm

.PHONY: all deps kernels guest host bench test unit integration style clean
.DELETE_ON_ERROR:

all: host

deps:
	@kernels/deps.sh $(ARCH)

kernels: deps
	@kernels/build.sh $(ARCH) $(VARIANTS)

# Host runner: every src/ object but main.o goes into libmhp.a, which the
# runner and the unit tests link against. -----------------------------------
host: $(B)/bin/mhpbench

OBJ := $(B)/obj/$(if $(filter 1,$(SANITIZE)),san,std)
HOST_OBJ := $(patsubst %.c,$(OBJ)/%.o,$(filter-out src/main.c,$(HOST_SRC)) $(LIB_SRC))
HEADERS := $(wildcard src/*.h src/lib/*.h)

$(OBJ)/%.o: %.c $(HEADERS)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -Isrc -c $< -o $@

$(OBJ)/libmhp.a: $(HOST_OBJ)
	@rm -f $@
	@$(AR) rcs $@ $^

$(B)/bin/mhpbench: $(OBJ)/src/main.o $(OBJ)/libmhp.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) $^ $(HOST_LIBS) -o $@

# Guest image: static guest driver + busybox initramfs ----------------------
GUEST_DIR := $(B)/guest/$(ARCH)
guest: $(GUEST_DIR)/initramfs.cpio.gz

$(GUEST_DIR)/mhpbench-guest: $(GUEST_SRC) $(LIB_SRC) $(wildcard bench/*.h src/lib/*.h)
	@mkdir -p $(@D)
	@echo "  CC      $@ (static)"
	@$(CC) $(ALL_CFLAGS) -Ibench -static $(GUEST_SRC) $(LIB_SRC) -o $@

$(GUEST_DIR)/initramfs.cpio.gz: $(GUEST_DIR)/mhpbench-guest bench/init.sh bench/image.sh
	@bench/image.sh $(ARCH) $< $@

# The main job -------------------------------------------------------------
bench: deps
	@$(MAKE) --no-print-directory kernels guest host
	$(B)/bin/mhpbench run --config $(CONFIG) --arch $(ARCH) $(BENCH_ARGS)

# Tests --------------------------------------------------------------------
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))

# A unit test links the fixture reader and whatever it uses of libmhp.a.
$(B)/tests/test_%: tests/unit/test_%.c tests/unit/fixture.c tests/unit/fixture.h $(OBJ)/libmhp.a
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -Isrc -Itests/unit $< tests/unit/fixture.c \
		$(OBJ)/libmhp.a $(LDFLAGS) $(HOST_LIBS) -lcmocka -o $@

unit: $(UNIT_TESTS)

test: deps
	@$(MAKE) --no-print-directory unit kernels guest host
	@tests/run.sh $(UNIT_TESTS)

style:
	@tests/style.sh

clean:
	rm -rf $(B)/bin $(B)/guest $(B)/tests
