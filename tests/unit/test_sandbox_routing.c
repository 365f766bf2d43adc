/* test_sandbox_routing.c — how the sandbox maps paths to handlers and
 * builds the Link header of paged lists, without a server. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "sandbox/sbx.h"

static sbx_handler *route(const char *method, const char *path, struct sbx_req *rq,
			  struct sbx_resp *rs, const char **tmpl)
{
	memset(rq, 0, sizeof *rq);
	memset(rs, 0, sizeof *rs);
	rq->method = method;
	rq->path = path;
	return sbx_route(rq, rs, tmpl);
}

static void test_id_segment_is_captured(void **state)
{
	(void)state;
	struct sbx_req rq;
	struct sbx_resp rs;
	const char *tmpl;
	assert_ptr_equal(route("GET", "/v1/wholesale/customers/Y2lz-_9", &rq, &rs, &tmpl),
			 sbx_customer_get);
	assert_string_equal(rq.id, "Y2lz-_9");
	assert_string_equal(tmpl, "/v1/wholesale/customers/{id}");
	sbx_req_free(&rq);
	assert_ptr_equal(route("POST", "/v1/telephony/config/locations/L1/numbers", &rq, &rs,
			       &tmpl), sbx_numbers_add);
	assert_string_equal(rq.id, "L1");
	sbx_req_free(&rq);
}

static void test_validate_is_not_taken_for_an_id(void **state)
{
	(void)state;
	struct sbx_req rq;
	struct sbx_resp rs;
	const char *tmpl;
	assert_ptr_equal(route("POST", "/v1/wholesale/subscribers/validate", &rq, &rs, &tmpl),
			 sbx_subscribers_validate);
	assert_null(rq.id);
	sbx_req_free(&rq);
}

static void test_trailing_slash_is_forgiven(void **state)
{
	(void)state;
	struct sbx_req rq;
	struct sbx_resp rs;
	const char *tmpl;
	assert_ptr_equal(route("GET", "/v1/locations/", &rq, &rs, &tmpl), sbx_locations_list);
	sbx_req_free(&rq);
}

static void test_wrong_method_is_405_with_allow(void **state)
{
	(void)state;
	struct sbx_req rq;
	struct sbx_resp rs;
	const char *tmpl;
	assert_null(route("PATCH", "/v1/wholesale/subscribers/S1", &rq, &rs, &tmpl));
	assert_int_equal(rs.status, 405);
	assert_string_equal(rs.allow, "GET, PUT, DELETE");
	assert_string_equal(tmpl, "/v1/wholesale/subscribers/{id}");
	sbx_resp_free(&rs);
	sbx_req_free(&rq);
}

static void test_unknown_path_is_404_counted_as_unknown(void **state)
{
	(void)state;
	struct sbx_req rq;
	struct sbx_resp rs;
	const char *tmpl;
	assert_null(route("GET", "/v1/wholesale/customers/A/B", &rq, &rs, &tmpl));
	assert_int_equal(rs.status, 404);
	assert_string_equal(tmpl, "(unknown)");
	sbx_resp_free(&rs);
	sbx_req_free(&rq);
}

static void test_link_keeps_filters_encoded_and_moves_offset(void **state)
{
	(void)state;
	struct sbx_kv q[] = { { "name", "HQ & Co" }, { "offset", "0" }, { "max", "2" } };
	struct sbx_req rq = { 0 };
	struct sbx_resp rs = { 0 };
	rq.path = "/v1/locations";
	rq.base_url = "http://127.0.0.1:9";
	rq.query = q;
	rq.nquery = 3;
	sbx_reply_link(&rq, &rs, 0, 2, 5);
	assert_string_equal(rs.link,
			    "<http://127.0.0.1:9/v1/locations?name=HQ%20%26%20Co&offset=2&max=2>; "
			    "rel=\"next\"");
	sbx_resp_free(&rs);
}

static void test_no_link_on_the_last_page(void **state)
{
	(void)state;
	struct sbx_req rq = { 0 };
	struct sbx_resp rs = { 0 };
	rq.path = "/v1/locations";
	rq.base_url = "http://127.0.0.1:9";
	sbx_reply_link(&rq, &rs, 4, 2, 5);
	assert_null(rs.link);
	sbx_reply_link(&rq, &rs, 2, 2, 4);
	assert_null(rs.link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_segment_is_captured),
		cmocka_unit_test(test_validate_is_not_taken_for_an_id),
		cmocka_unit_test(test_trailing_slash_is_forgiven),
		cmocka_unit_test(test_wrong_method_is_405_with_allow),
		cmocka_unit_test(test_unknown_path_is_404_counted_as_unknown),
		cmocka_unit_test(test_link_keeps_filters_encoded_and_moves_offset),
		cmocka_unit_test(test_no_link_on_the_last_page),
	};
	return cmocka_run_group_tests_name("sandbox_routing", tests, NULL, NULL);
}
