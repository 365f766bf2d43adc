# transform_language.sh — a customer's language (customerInfo.language) is
# the enterprise's BroadWorks default language, else the most common
# language of its users, else the partner's defaultLanguage; always through
# the "languages" rules. A German enterprise is not made en_US.
. "$BWM_ROOT/tests/e2e/lib.sh"
FIX="$BWM_ROOT/tests/fixtures/extract/german-enterprise.xml"
PARTNER="$BWM_ROOT/samples/partner.json"

lang_of() { # PLAN → customerInfo.language of its first customer
	python3 -c "
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d['kind'] == 'customer':
        print(d['body']['customerInfo']['language']); break" "$1"
}

# 1. The enterprise's default language (ServiceProviderLanguageGetList).
bwm extract -q -o "$T/de.inv.jsonl" "$FIX"
check_eq "extract keeps the enterprise's default language" German \
	"$(python3 -c "import json,sys; print([json.loads(l) for l in open(sys.argv[1])][0].get('language'))" "$T/de.inv.jsonl")"
bwm transform -q -p "$PARTNER" -o "$T/de.plan.jsonl" "$T/de.inv.jsonl" 2>/dev/null
check_eq "a German enterprise gets de_DE, though its one user speaks English" de_DE \
	"$(lang_of "$T/de.plan.jsonl")"

# 2. No enterprise language: the users' most common one.
grep -v 'ServiceProviderLanguageGetList' "$FIX" | sed 's|<language>English</language>|<language>Deutsch</language>|' \
	>"$T/users.xml"
bwm extract -q -o "$T/users.inv.jsonl" "$T/users.xml"
bwm transform -q -p "$PARTNER" -o "$T/users.plan.jsonl" "$T/users.inv.jsonl" 2>/dev/null
check_eq "without one, the users' language (Deutsch) gives de_DE" de_DE "$(lang_of "$T/users.plan.jsonl")"

# 3. Neither: the partner's default.
grep -v 'ServiceProviderLanguageGetList' "$FIX" | sed 's|<language>English</language>||' >"$T/none.xml"
python3 -c "
import json, sys
d = json.load(open(sys.argv[1])); d['defaultLanguage'] = 'fr_FR'
json.dump(d, open(sys.argv[2], 'w'))" "$PARTNER" "$T/partner-fr.json"
bwm extract -q -o "$T/none.inv.jsonl" "$T/none.xml"
bwm transform -q -p "$T/partner-fr.json" -o "$T/none.plan.jsonl" "$T/none.inv.jsonl" 2>/dev/null
check_eq "with no language anywhere, the partner's defaultLanguage" fr_FR "$(lang_of "$T/none.plan.jsonl")"
