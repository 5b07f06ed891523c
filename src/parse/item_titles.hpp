#pragma once
// The Form 8-K item catalog (DESIGN §4): current codes with their titles, and recognition of
// the captions EDGAR text headers write in ITEM INFORMATION lines, in every era's wording.
// Private to the parse folder; values.hpp exposes the user-facing functions built on it.
// Pure functions over static tables; thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace edgarsql::parse {

/// Canonical title of a current-scheme 8-K code ('2.02' → 'Results of Operations and Financial
/// Condition'); empty for codes outside the catalog.
std::string_view current_8k_title(std::string_view code);

/// A dotted code as written ('2.02', '02.02', '5.2', 'Item 2.02') → catalog code ('2.02');
/// nullopt when it is not a current-scheme code.
std::optional<std::string> canonical_8k_code(std::string_view raw);

/// Recognizes an 8-K caption by meaning, in any case and either era's wording: current titles
/// ('Results of Operations and Financial Condition' → '2.02'), their variants ('Departure of
/// Directors or Principal Officers; …' → '5.02') and legacy captions ('Other events' → '8.01',
/// 'Changes in control of registrant' → '5.01', 'Regulation FD' → '7.01'). A caption that names
/// a regulation only exists once that regulation does, so no date is needed. nullopt when the
/// caption is not recognized.
std::optional<std::string> match_8k_caption(std::string_view caption);

}  // namespace edgarsql::parse
