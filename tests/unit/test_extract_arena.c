/* test_extract_arena.c — the bump allocator (core/arena.h) that holds one
 * enterprise's records in the extract buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"

static void test_arena_allocations_are_aligned_and_distinct(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	char *p = arena_alloc(&a, 3);
	char *q = arena_alloc(&a, 5);
	assert_true(((uintptr_t)p % _Alignof(max_align_t)) == 0);
	assert_true(((uintptr_t)q % _Alignof(max_align_t)) == 0);
	assert_true(q >= p + 3);
	arena_free(&a);
}

static void test_arena_strdup_copies(void **state)
{
	(void)state;
	struct arena a;
	char src[] = "Zénith";
	arena_init(&a, 4096);
	char *s = arena_strdup(&a, src);
	src[0] = 'X';
	assert_string_equal(s, "Zénith");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_free(&a);
}

static void test_arena_reset_reuses_the_same_blocks(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	char *first = arena_alloc(&a, 100);
	for (int i = 0; i < 200; i++)
		arena_alloc(&a, 100);      /* spills into more blocks */
	arena_reset(&a);
	assert_ptr_equal(arena_alloc(&a, 100), first);
	arena_free(&a);
}

static void test_arena_allocation_larger_than_a_block_works(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	char *big = arena_alloc(&a, 100000);
	memset(big, 'x', 100000);           /* ASan checks the whole range is ours */
	char *small = arena_alloc(&a, 8);
	assert_non_null(small);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_allocations_are_aligned_and_distinct),
		cmocka_unit_test(test_arena_strdup_copies),
		cmocka_unit_test(test_arena_reset_reuses_the_same_blocks),
		cmocka_unit_test(test_arena_allocation_larger_than_a_block_works),
	};
	return cmocka_run_group_tests_name("extract_arena", tests, NULL, NULL);
}
