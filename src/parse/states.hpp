#pragma once
// US state and country names as cover pages spell them → EDGAR state/country codes
// ("DELAWARE" → 'DE', "Cayman Islands" → 'E9', "Ontario, Canada" → 'A6'). Used for the state of
// incorporation and the state of a cover-page address.
// Pure functions over a static table; thread-safe.

#include <string>
#include <string_view>

namespace edgarsql::parse {

/// The EDGAR code for a spelled-out state, territory or country (any case, surrounding blanks,
/// periods and a leading "State of" / "the" ignored), or for a code already written as one
/// ('DE', 'Del.', 'Mass.'); "" when it is not recognized.
std::string state_code(std::string_view name);

}  // namespace edgarsql::parse
