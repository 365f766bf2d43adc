/* test_load_http.c — the HTTP helpers the load's lookups rely on. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "load/http.h"

static void expect_next(const char *link, const char *want)
{
	char *got = http_link_next(link);
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

static void test_next_page_is_found_among_other_links(void **state)
{
	(void)state;
	expect_next("<https://a.example/v1/locations?start=2&max=1>; rel=\"next\"",
		    "https://a.example/v1/locations?start=2&max=1");
	expect_next("<https://a/v1/x?start=0>; rel=\"prev\", <https://a/v1/x?start=4>; rel=\"next\"",
		    "https://a/v1/x?start=4");
	expect_next("<https://a/v1/x?start=4>;rel=next", "https://a/v1/x?start=4");
}

static void test_no_next_page_when_none_is_offered(void **state)
{
	(void)state;
	expect_next("<https://a/v1/x?start=0>; rel=\"first\"", NULL);
	expect_next("", NULL);
	expect_next("<https://a/v1/x; rel=\"next\"", NULL);   /* unterminated */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_page_is_found_among_other_links),
		cmocka_unit_test(test_no_next_page_when_none_is_offered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
