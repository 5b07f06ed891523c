#pragma once
// DESIGN §3 "Registrants accumulate", the part both backends share: which party values feed
// which registrant columns, and, for one party of one filing, which columns it may set.
// Registrant columns are updated one by one, only with non-empty values, and only by a filing
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

/// What one party of a filing with `order_key` changes, given the stored keys.
RegistrantUpdate registrant_update(const model::Party& party, const std::string& order_key,
                                   const FieldKeys& keys);

/// A party of a stored filing, read back from filing_parties for accumulate_anew(), with
/// what it needs of its filing.
struct StoredParty {
    model::Party party;     ///< seq, company_data, sic_code and the accumulated text fields
    std::string order_key;  ///< its filing's model::registrant_order_key (+ '|sha' if bare)
    std::string filed_date;
    std::string accession_number;
};

/// SQL columns of filing_parties (alias fp) that read_stored_party() takes, in its order:
/// seq, company_data, sic_code, then every text field of kRegistrantFields.
std::string stored_party_columns();

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
