/*
 * util.c — small helpers of the sandbox: clocks, timestamps, the hash that
 * makes faults and outcomes repeatable, and Webex-looking ids.
 *
 * Everything random in the sandbox is a hash of (seed, something the client
 * controls or can count), never rand(): a rerun with the same seed and the
 * same requests sees the same faults.
 */
#include "sandbox/sbx.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t sbx_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sbx_iso8601(int64_t ms, char out[32])
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	char base[24];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%s.%03dZ", base, (int)(ms % 1000));
}

void sbx_http_date(int64_t ms, char out[40])
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	/* RFC 7231 IMF-fixdate; strftime's %a/%b follow the C locale here. */
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
		 months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* splitmix64's finaliser: a good 64-bit mix, cheap and stateless. */
uint64_t sbx_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* FNV-1a, then mixed. */
uint64_t sbx_hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return sbx_mix(h);
}

double sbx_unit(uint64_t h)
{
	return (double)(h >> 11) * (1.0 / 9007199254740992.0);
}

static void base64url(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		if (i + 1 < n)
			out[o++] = tab[(v >> 6) & 63];
		if (i + 2 < n)
			out[o++] = tab[v & 63];
	}
	out[o] = '\0';
}

char *sbx_make_id(const char *kind, uint64_t seed, uint64_t n)
{
	uint64_t a = sbx_mix(seed ^ sbx_mix(n) ^ sbx_hash_str(kind));
	uint64_t b = sbx_mix(a ^ n);
	char raw[128];
	int len = snprintf(raw, sizeof raw,
			   "ciscospark://us/%s/%08x-%04x-4%03x-%04x-%012llx", kind,
			   (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
			   (unsigned)a & 0xfff, (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
			   (unsigned long long)(b & 0xffffffffffffULL));
	char *out = xmalloc((size_t)len * 4 / 3 + 4);
	base64url((const unsigned char *)raw, (size_t)len, out);
	return out;
}

/* Tracking ids only need to be distinct enough to quote in a ticket. */
void sbx_tracking_id(char out[48])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t h = sbx_mix(((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec) ^
			     (uint64_t)(uintptr_t)out);
	snprintf(out, 48, "SANDBOX_%016llx", (unsigned long long)h);
}

void sbx_set(cJSON *obj, const char *key, cJSON *item)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	cJSON_AddItemToObject(obj, key, item);
}
