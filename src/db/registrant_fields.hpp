#pragma once
// DESIGN §3 "Registrants accumulate", the part both backends share: which party values feed
// which registrant columns, and, for one party of one filing, which columns it may set.
// Registrant columns are updated one by one (an address block as one: docs/decisions.md),
// only with non-empty values, and only by a filing
// ordered at or after the one that last set that column (model::registrant_order_key); persons
// (no company data) contribute their name and addresses only. The backends keep, per CIK and
// column, the order key of the filing that set it (table registrant_sources) and store what
// registrant_update() decides. Pure functions; thread-safe.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/filing.hpp"

namespace edgarsql::db {

/// The accumulated columns, in the column order of the registrants and registrant_sources
/// tables.
inline constexpr std::array<const char*, 17> kRegistrantFields = {
    "name",           "sic_code",         "sic_description",  "irs_number",
    "state_of_incorporation", "fiscal_year_end", "business_street1", "business_street2",
    "business_city",  "business_state",   "business_zip",     "business_phone",
    "mail_street1",   "mail_street2",     "mail_city",        "mail_state",
    "mail_zip"};
inline constexpr std::size_t kSicCodeField = 1;
/// The address blocks: street1, street2, city, state and zip of the business and the mail
/// address, which a filing sets together (the phone stands alone).
inline constexpr std::size_t kBusinessAddressField = 6;
inline constexpr std::size_t kMailAddressField = 12;
inline constexpr std::size_t kAddressBlockSize = 5;

/// The first field of the address block that holds `field`, if any.
std::optional<std::size_t> address_block(std::size_t field);
/// registrant_sources keeps one more key after the columns': the filing behind as_of_date.
inline constexpr std::size_t kAsOfKey = kRegistrantFields.size();

/// Field i of a party as text; nullptr for sic_code (an integer: use Party::sic_code).
const std::string* party_field(const model::Party& party, std::size_t i);
std::string* party_field(model::Party& party, std::size_t i);

/// Order keys of the filings that last set each column, then as_of (nullopt: never set).
using FieldKeys = std::array<std::optional<std::string>, kRegistrantFields.size() + 1>;

struct RegistrantUpdate {
    std::array<bool, kRegistrantFields.size()> set{};  ///< columns this party sets
    bool any = false;    ///< set has at least one true
    bool as_of = false;  ///< this filing becomes the registrant's as_of filing
};

/// What one party of a filing with `order_key` changes, given the stored keys. A set column
/// takes the party's value, and an empty one is stored as NULL: within an address block a
/// party that states its address sets every line of it, so a new address without a second
/// street line does not keep the old one's.
RegistrantUpdate registrant_update(const model::Party& party, const std::string& order_key,
                                   const FieldKeys& keys);

/// A party of a stored filing, read back from filing_parties for accumulate_anew(), with
/// what it needs of its filing.
struct StoredParty {
    model::Party party;     ///< seq, company_data, sic_code and the accumulated text fields
    std::string order_key;  ///< its filing's model::registrant_order_key (with the SHA-256)
    std::string filed_date;
    std::string accession_number;
};

/// The SQL of one backend's query for every stored party of a set of CIKs: `cik_filter` is
/// the condition on fp.cik (`fp.cik = ?1`, `fp.cik = ANY($1::bigint[])`), and the filing's
/// filed date and acceptance time come as the `filed` and `accepted` expressions on filings f
/// that give model::Filing's text forms ('' for none). Each row is fp.cik, then what
/// stored_party() reads.
std::string stored_parties_sql(const std::string& cik_filter, const std::string& filed,
                               const std::string& accepted);

/// One row of stored_parties_sql() as text (nullopt for NULL; booleans as 0/1 or t/f), from
/// its second column on.
StoredParty stored_party(const std::vector<std::optional<std::string>>& row);

/// Columns (and, at kAsOfKey, as_of) of one registrant that a write has just set.
using FieldSet = std::array<bool, kRegistrantFields.size() + 1>;

/// True when a replaced version, whose order key is `old_key`, may have left a value in the
/// registrant whose keys are `keys` after the new version's parties were applied with
/// registrant_update() (`fresh`: the columns they set): a column still carries the old
/// version's key and the new version did not set it again. Only then must the registrant be
/// accumulated anew; a version read again with the same values (`--force`, a parser upgrade)
/// sets every column it set before, and costs nothing more.
bool left_stale(const FieldKeys& keys, const FieldSet& fresh, const std::string& old_key);

/// A registrant's columns as the stored filings give them, computed from nothing.
struct Accumulated {
    model::Party values;  ///< the accumulated columns (party_field(), sic_code)
    FieldKeys keys{};     ///< registrant_sources: who set each column, then as_of
    std::string as_of_date;
    std::string as_of_accession;
};

/// The registrant that `parties` (every stored party of one CIK, in any order; cover pages
/// excluded) accumulate to: the same as applying registrant_update() to each in turn, by
/// order key then seq. A stored filing whose version was replaced (a better copy of the same
/// accession) may have set columns the new version leaves empty, and a version that loses
/// to a stored one never sets any: recomputing from what is stored now is what makes the
/// result the same in every order. nullopt for no parties.
std::optional<Accumulated> accumulate_anew(std::vector<StoredParty> parties);

}  // namespace edgarsql::db
