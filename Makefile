# bwmigrate — BroadWorks to Webex Wholesale migration toolkit.
#
#   make            build build/bwmigrate
#   make check      install missing packages, build (plain and ASan+UBSan), run the suite
#   make demo       run the whole pipeline on the samples against a local sandbox
#   make bench      benchmarks; results in bench/results.md
#   make check-valgrind  the suite with every e2e call of the binary under memcheck
#   make check-scale     100k users end to end with faults and kills (minutes)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Each stage directory becomes its own static library so that a unit test
# links exactly what it exercises; the binary links them all.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/bwmigrate
BUILD   ?= build
SAN     ?= 0

PKGS    := libxml-2.0 libcurl libcjson libpcre2-8 libzip sqlite3 libmicrohttpd libpq
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS = $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell pkg-config --libs cmocka 2>/dev/null)

# The binary's allocator: mimalloc from its Debian package (no pkg-config
# file ships with it), else glibc's; MALLOC=system keeps glibc's. A
# transform builds and frees millions of small JSON nodes an enterprise,
# and glibc's malloc and free were a third of its instructions
# (docs/building.md). The sanitizers bring their own allocator.
MALLOC  ?= mimalloc
ifeq ($(SAN),1)
MALLOC  := system
endif
# (a shell test, not $(wildcard): make caches directories, and `make demo`
# installs the package in the same run)
MALLOC_LIBS = $(if $(filter mimalloc,$(MALLOC)),$(shell test -e /usr/include/mimalloc.h && echo -lmimalloc))
$(BUILD)/obj/cli/main.o: ALL_CFLAGS += $(if $(MALLOC_LIBS),-DBWM_MIMALLOC)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(CFLAGS) -I. \
             -DBWM_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS)
ifeq ($(SAN),1)
ALL_CFLAGS  += -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ALL_LDFLAGS += -fsanitize=address,undefined
endif

STAGES  := core extract transform load sandbox
# Link order: a library before the libraries it uses.
LINK_ORDER := load transform sandbox extract core
LIBS    := $(foreach s,$(LINK_ORDER),$(BUILD)/lib$(s).a)

define stage_objs
$(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard $(1)/*.c))
endef

CLI_OBJS  := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard cli/*.c))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)

FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
REPLAY_BINS := $(patsubst %,$(BUILD)/fuzz/replay_%,$(FUZZ_NAMES))

.PHONY: all check check-fast tests demo bench install uninstall deps clean fuzz check-valgrind check-scale
all: $(BUILD)/bwmigrate

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(foreach s,$(STAGES),$(eval $(BUILD)/lib$(s).a: $(call stage_objs,$(s)) ; @mkdir -p $$(dir $$@); rm -f $$@; $(AR) rcs $$@ $$^))

$(BUILD)/bwmigrate: $(CLI_OBJS) $(LIBS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIBS) $(PKG_LIBS) $(MALLOC_LIBS) -lm -lpthread

$(BUILD)/tests/%: tests/unit/%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -MMD -MP -o $@ $< $(LIBS) $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(PKG_LIBS) -lm -lpthread

# Tools that are not part of the binary: the bundle generator for benchmarks.
TOOL_SRCS := $(wildcard samples/*.c)
TOOL_BINS := $(patsubst samples/%.c,$(BUILD)/%,$(TOOL_SRCS))
$(BUILD)/%: samples/%.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libcore.a $(ALL_LDFLAGS) $(PKG_LIBS) -lm -lpthread

# Test helpers over the libraries (tests/tools/*.c), for the e2e scripts.
HELPER_SRCS := $(wildcard tests/tools/*.c)
HELPER_BINS := $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(HELPER_SRCS))
$(BUILD)/tools/%: tests/tools/%.c $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(LIBS) $(ALL_LDFLAGS) $(PKG_LIBS) -lm -lpthread

tests: $(BUILD)/bwmigrate $(UNIT_BINS) $(TOOL_BINS) $(REPLAY_BINS) $(HELPER_BINS)

# Fuzz targets, replayed over their corpora by the suite (no libFuzzer needed).
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBS) $(ALL_LDFLAGS) $(PKG_LIBS) -lm -lpthread

# Real fuzzing with clang's libFuzzer: make fuzz FUZZ_SECONDS=600 [FUZZ_TARGETS="jsonl bundle"]
# FUZZ_BUILD lets engineers fuzz side by side without sharing a build directory.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BUILD ?= build/fuzz
fuzz: deps
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
		$(FUZZ_BUILD)/libs.stamp
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(BUILD)/libs.stamp: $(LIBS)
	touch $@

deps:
	@sh build-aux/deps.sh

# The suite runs against the sanitizer build; the plain build is compiled too
# so that -O2 warnings fail the check as well.
check: deps
	$(MAKE) all
	$(MAKE) BUILD=$(BUILD)/asan SAN=1 tests
	sh tests/run.sh $(BUILD)/asan

# The same suite without sanitizers, for a quick edit-compile-test loop.
check-fast: tests
	sh tests/run.sh $(BUILD)

check-valgrind: deps tests
	VALGRIND=1 sh tests/run.sh $(BUILD)

# 100k users, 200 enterprises, end to end into a sandbox with faults, the
# load killed and resumed three times; minutes, so not part of `make check`.
# Results: tests/scale/RESULTS.md.
check-scale: deps tests
	sh tests/scale/scale.sh $(BUILD)

demo: deps all
	sh samples/demo.sh $(BUILD)/bwmigrate

bench: deps all $(TOOL_BINS)
	sh bench/run.sh $(BUILD)/bwmigrate

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/mappings
	install -m 755 $(BUILD)/bwmigrate $(DESTDIR)$(BINDIR)/bwmigrate
	install -m 644 mappings/*.json $(DESTDIR)$(DATADIR)/mappings/
	install -d $(DESTDIR)$(DATADIR)/mappings/examples
	install -m 644 mappings/examples/*.json $(DESTDIR)$(DATADIR)/mappings/examples/
	if [ -f docs/bwmigrate.1 ]; then install -m 644 docs/bwmigrate.1 $(DESTDIR)$(MANDIR)/man1/; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bwmigrate $(DESTDIR)$(MANDIR)/man1/bwmigrate.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) tests/out

-include $(shell find $(BUILD)/obj $(BUILD)/tests $(BUILD)/tools -name '*.d' 2>/dev/null)
