/*
 * normalize.c — E.164, DN ranges, MAC addresses and e-mail checks.
 *
 * Numbers are handled as digit strings, never as doubles, so that leading
 * digits and lengths survive. The e-mail pattern is compiled once per
 * process with pcre2 (JIT where available); the compiled code is read-only
 * after pthread_once, so sharing it is safe and it is not mutable state.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "core/normalize.h"
#include "core/jit.h"

#include <ctype.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Copy the digits of in to out (max outsz-1), skipping the separators people
 * put in numbers. Any other character makes it fail. */
static int collect_digits(const char *in, char *out, size_t outsz)
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isdigit(c)) {
			if (n + 1 >= outsz)
				return -1;
			out[n++] = (char)c;
		} else if (c == '-' || c == ' ' || c == '.' || c == '(' || c == ')' || c == '\t') {
			continue;
		} else {
			return -1;
		}
	}
	out[n] = '\0';
	return (int)n;
}

int country_code_normalize(const char *in, char out[5])
{
	if (in == NULL)
		return -1;
	while (*in == ' ' || *in == '+')
		in++;
	size_t n = 0;
	for (; isdigit((unsigned char)in[n]); n++)
		if (n >= 3)
			return -1;
	if (n == 0 || (in[n] != '\0' && in[n] != ' '))
		return -1;
	memcpy(out, in, n);
	out[n] = '\0';
	return 0;
}

int e164_normalize(const char *in, const char *country_code, char out[E164_MAX])
{
	char digits[32];
	if (in == NULL)
		return -1;
	while (*in == ' ')
		in++;
	int has_plus = in[0] == '+';
	int n = collect_digits(in + has_plus, digits, sizeof digits);
	if (n <= 0)
		return -1;
	if (has_plus) {
		if (n < 7 || n > 15 || digits[0] == '0')
			return -1;
		out[0] = '+';
		memcpy(out + 1, digits, (size_t)n + 1);
		return 0;
	}
	char cc[5];
	if (country_code == NULL || country_code_normalize(country_code, cc) != 0)
		return -1;
	const char *national = digits;
	/* "16175551212" with country code 1: already international. */
	if (strcmp(cc, "1") == 0 && n == 11 && digits[0] == '1')
		national++;
	/* A trunk prefix 0 is not part of the international form (UK, FR, DE ...). */
	else if (strcmp(cc, "1") != 0 && digits[0] == '0')
		national++;
	size_t total = strlen(cc) + strlen(national);
	if (strlen(national) < 4 || total < 7 || total > 15)
		return -1;
	out[0] = '+';
	memcpy(out + 1, cc, strlen(cc));
	memcpy(out + 1 + strlen(cc), national, strlen(national) + 1);
	return 0;
}

int e164_offset(const char *e164, uint64_t offset, char out[E164_MAX])
{
	size_t n = strlen(e164);
	if (n < 2 || n > 16 || e164[0] != '+')
		return -1;
	char tmp[E164_MAX];
	memcpy(tmp, e164, n + 1);
	/* Add offset digit by digit from the right; overflow past the first
	 * digit would change the length and is refused. */
	uint64_t carry = offset;
	for (size_t i = n - 1; i >= 1 && carry; i--) {
		uint64_t d = (uint64_t)(tmp[i] - '0') + carry % 10;
		carry /= 10;
		if (d >= 10) {
			d -= 10;
			carry++;
		}
		tmp[i] = (char)('0' + d);
		if (i == 1 && carry)
			return -1;
	}
	memcpy(out, tmp, n + 1);
	return 0;
}

static int digits_to_u64(const char *e164, uint64_t *v)
{
	uint64_t x = 0;
	for (const char *p = e164 + 1; *p; p++)
		x = x * 10 + (uint64_t)(*p - '0');
	*v = x;
	return 0;
}

int dn_range_parse(const char *cell, const char *country_code,
		   char lo[E164_MAX], char hi[E164_MAX], uint64_t *count)
{
	char left[64], right[64];
	const char *sep = NULL;
	/* The separator is " - " (spaces matter: numbers contain '-'). */
	for (const char *p = cell; (p = strstr(p, " - ")) != NULL; p++)
		sep = p;
	if (sep == NULL) {
		if (e164_normalize(cell, country_code, lo) != 0)
			return -1;
		memcpy(hi, lo, E164_MAX);
		*count = 1;
		return 0;
	}
	size_t ln = (size_t)(sep - cell);
	if (ln >= sizeof left || strlen(sep + 3) >= sizeof right)
		return -1;
	memcpy(left, cell, ln);
	left[ln] = '\0';
	snprintf(right, sizeof right, "%s", sep + 3);
	if (e164_normalize(left, country_code, lo) != 0 ||
	    e164_normalize(right, country_code, hi) != 0)
		return -1;
	if (strlen(lo) != strlen(hi))
		return -1;
	uint64_t a, b;
	digits_to_u64(lo, &a);
	digits_to_u64(hi, &b);
	if (b < a || b - a >= DN_RANGE_MAX)
		return -1;
	*count = b - a + 1;
	return 0;
}

int mac_normalize(const char *in, char out[MAC_LEN])
{
	size_t n = 0;
	if (in == NULL)
		return -1;
	for (const char *p = in; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isxdigit(c)) {
			if (n >= 12)
				return -1;
			out[n++] = (char)toupper(c);
		} else if (c != ':' && c != '-' && c != '.' && c != ' ') {
			return -1;
		}
	}
	if (n != 12)
		return -1;
	out[12] = '\0';
	return 0;
}

/* Local part: the dot-atom of RFC 5322 without quoted strings; domain: labels
 * of letters, digits and hyphens, a final label of 2+ letters. Deliberately
 * stricter than the RFC: Webex rejects the exotic forms anyway. */
static const char EMAIL_PATTERN[] =
	"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
	"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";

static pcre2_code *email_code;
static pthread_once_t email_once = PTHREAD_ONCE_INIT;

static void email_compile(void)
{
	int errcode;
	PCRE2_SIZE erroff;
	email_code = pcre2_compile((PCRE2_SPTR)EMAIL_PATTERN, PCRE2_ZERO_TERMINATED,
				   0, &errcode, &erroff, NULL);
	if (email_code != NULL && bwm_jit_enabled())
		pcre2_jit_compile(email_code, PCRE2_JIT_COMPLETE);
}

int email_valid(const char *s)
{
	if (s == NULL || strlen(s) > 254)
		return 0;
	pthread_once(&email_once, email_compile);
	if (email_code == NULL)
		return 0;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(email_code, NULL);
	int rc = pcre2_match(email_code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}
