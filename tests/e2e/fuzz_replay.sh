# fuzz_replay.sh — every fuzz target over its seed corpus and every input that
# once crashed it (tests/fuzz/regress/), under the suite's sanitizers.
. "$BWM_ROOT/tests/e2e/lib.sh"
for bin in "$BWM_BUILD"/fuzz/replay_*; do
	[ -x "$bin" ] || continue
	t=${bin##*/replay_}
	files=$(find "$BWM_ROOT/tests/fuzz/corpus/$t" "$BWM_ROOT/tests/fuzz/regress/$t" -type f 2>/dev/null | sort)
	n=$(echo "$files" | grep -c .)
	if [ "$n" -eq 0 ]; then
		not_ok "fuzz target $t has no corpus in tests/fuzz/corpus/$t"
		continue
	fi
	# shellcheck disable=SC2086
	check "fuzz target $t survives its $n corpus and regression inputs" "$bin" $files
done
