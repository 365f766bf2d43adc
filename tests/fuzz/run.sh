#!/bin/sh
# run.sh BUILD SECONDS TARGET... — link each fuzz target with libFuzzer against
# the clang-built libraries in BUILD and fuzz it for SECONDS, starting from
# tests/fuzz/corpus/TARGET. Crashes are written to tests/fuzz/regress/TARGET/,
# where the suite replays them from then on (fix the bug, keep the input).
set -eu
BUILD=$1; SECONDS_EACH=$2; shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PKGS="libxml-2.0 libcurl libcjson libpcre2-8 libzip sqlite3 libmicrohttpd"
LIBS="$BUILD/libload.a $BUILD/libtransform.a $BUILD/libextract.a $BUILD/libsandbox.a $BUILD/libcore.a"
for t in "$@"; do
	bin="$BUILD/fuzz_$t"
	# shellcheck disable=SC2046
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g -I"$ROOT" \
		$(pkg-config --cflags $PKGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o "$bin" "$ROOT/tests/fuzz/fuzz_$t.c" $LIBS $(pkg-config --libs $PKGS) -lm -lpthread
	work="$BUILD/corpus_$t"
	mkdir -p "$work" "$ROOT/tests/fuzz/regress/$t"
	echo "fuzzing $t for ${SECONDS_EACH}s"
	"$bin" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$ROOT/tests/fuzz/regress/$t/" "$work" "$ROOT/tests/fuzz/corpus/$t" \
		2>"$BUILD/fuzz_$t.log" || { echo "fuzz_$t found a crash: see $BUILD/fuzz_$t.log"; tail -30 "$BUILD/fuzz_$t.log"; exit 1; }
	grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units' "$BUILD/fuzz_$t.log" | tail -1
done
