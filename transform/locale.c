/*
 * locale.c — BroadWorks language names to the 29 Webex Wholesale locales
 * (seed-facts §2.1). A language resolves to a two-letter code or a full
 * locale through the "languages" rules; a two-letter code becomes
 * code_COUNTRY when that is a supported locale, else the language's default
 * (the same fallback Webex applies to a bare code).
 */
#include "transform/internal.h"

#include <ctype.h>
#include <string.h>

/* Supported locales; the first locale of each language is its default. */
static const char *const locales[] = {
	"en_US", "en_AU", "en_GB", "en_CA", "fr_FR", "fr_CA", "cs_CZ", "da_DK", "de_DE",
	"hu_HU", "id_ID", "it_IT", "ja_JP", "ko_KR", "es_ES", "es_CO", "es_MX", "nl_NL",
	"nb_NO", "pl_PL", "pt_PT", "pt_BR", "ru_RU", "ro_RO", "zh_CN", "zh_TW", "sv_SE",
	"ar_SA", "tr_TR",
};
#define N_LOCALES (sizeof locales / sizeof locales[0])

/* Canonical form of "EN-us" / "en_US" / "en": out gets "en_US" or "en". */
static int canon(const char *in, char out[6])
{
	size_t n = strlen(in);
	if (n != 2 && n != 5)
		return -1;
	if (!isalpha((unsigned char)in[0]) || !isalpha((unsigned char)in[1]))
		return -1;
	out[0] = (char)tolower((unsigned char)in[0]);
	out[1] = (char)tolower((unsigned char)in[1]);
	out[2] = '\0';
	if (n == 2)
		return 0;
	if ((in[2] != '_' && in[2] != '-') || !isalpha((unsigned char)in[3]) ||
	    !isalpha((unsigned char)in[4]))
		return -1;
	out[2] = '_';
	out[3] = (char)toupper((unsigned char)in[3]);
	out[4] = (char)toupper((unsigned char)in[4]);
	out[5] = '\0';
	return 0;
}

int tx_locale_supported(const char *locale)
{
	char c[6];
	if (locale == NULL || canon(locale, c) != 0 || strlen(c) != 5)
		return 0;
	for (size_t i = 0; i < N_LOCALES; i++)
		if (strcmp(locales[i], c) == 0)
			return 1;
	return 0;
}

/* Two-letter code + country -> supported locale, or -1. */
static int from_code(const char code[3], const char *country, char out[6])
{
	if (country != NULL && strlen(country) == 2) {
		char want[6] = { code[0], code[1], '_',
				 (char)toupper((unsigned char)country[0]),
				 (char)toupper((unsigned char)country[1]), '\0' };
		if (tx_locale_supported(want)) {
			memcpy(out, want, 6);
			return 0;
		}
	}
	for (size_t i = 0; i < N_LOCALES; i++) {
		if (strncmp(locales[i], code, 2) == 0) {
			memcpy(out, locales[i], 6);
			return 0;
		}
	}
	return -1;
}

int tx_locale_for(const struct tx_mappings *m, const char *language, const char *country,
		  char out[6])
{
	char c[6];
	out[0] = '\0';
	if (language == NULL)
		return -1;
	const char *val = NULL;
	if (canon(language, c) == 0) {
		val = c;
	} else {
		for (size_t i = 0; i < m->n_lang && val == NULL; i++)
			if (tx_re_match(m, m->lang[i].re, language))
				val = m->lang[i].value;
		if (val == NULL || canon(val, c) != 0)
			return -1;
		val = c;
	}
	if (strlen(val) == 5) {
		if (tx_locale_supported(val)) {
			memcpy(out, val, 6);
			return 0;
		}
		char code[3] = { val[0], val[1], '\0' };
		return from_code(code, country, out);
	}
	return from_code(val, country, out);
}
