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

}  // namespace edgarsql::db
