#pragma once
// Normalizers for the values EDGAR writes in headers and documents (DESIGN §3 and §4).
// Each returns the normalized value, or an empty string / nullopt when the input carries none.
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/filing.hpp"

namespace edgarsql::parse {

/// 'YYYYMMDD', 'YYYY-MM-DD' → 'YYYY-MM-DD' if it is a real calendar date, else "".
std::string iso_date(std::string_view raw);

/// The month (1–12) a month's name starts at s[i] ("January", "Jan", "Jan.", "Sept", any
/// case), with `end` set after it; 0 when none does.
int month_at(std::string_view s, std::size_t i, std::size_t& end);

/// EDGAR acceptance 'YYYYMMDDhhmmss' (US Eastern local time, DST per US rules of that year)
/// → 'YYYY-MM-DDTHH:MM:SSZ' in UTC, else "".
std::string acceptance_to_utc(std::string_view raw);

/// '0000842517' → 842517; nullopt for empty, non-digits, zero or out of range.
std::optional<std::int64_t> parse_cik(std::string_view raw);

/// '0000950144-94-000103', '000095014494000103' → '0000950144-94-000103', else "".
std::string normalize_accession(std::string_view raw);

/// Finds an accession number (dashed or 18 digits in an edgar/data/<CIK>/ path) in a path.
std::string accession_from_name(std::string_view name);

/// SIC 'STATE COMMERCIAL BANKS [6022]', '4833', '[6211', '[]' → code and description.
struct Sic {
    std::optional<int> code;
    std::string description;
};
Sic parse_sic(std::string_view raw);

/// IRS number: digits only, 8 digits zero-padded to 9; '000000000' and junk → "".
std::string normalize_irs(std::string_view raw);

/// SEC act: '1934 Act' → '34', '34' → '34', '1940 Act' → '40', 'Dodd Frank Act' → 'DF' (the
/// tag dialect's spelling); other values as written.
std::string normalize_sec_act(std::string_view raw);

/// Form family (DESIGN §4 "Form families"): 8-K/A, 8-K12B, 8-K12G3, 8-K15D5 → '8-K';
/// 10-K405, 10-KSB, 10-KT, 10-K/A → '10-K'; 10-Q/A, 10-QSB → '10-Q'; else without '/A'.
std::string form_family(std::string_view form_type);
bool is_amendment(std::string_view form_type);

/// Header-declared items (items.source = 'header'): ITEM INFORMATION titles (any case, any era
/// wording, bare legacy numbers) and <ITEMS> codes, mapped to canonical codes. The 8-K
/// crosswalk applies to the 8-K family only, choosing the legacy scheme for filings before
/// 2004-08-23 by filed date, else period of report; for other forms (Form D '06b',
/// ABS-15G) the raw value is kept with item_code NULL. Empty values produce no item.
std::vector<model::Item> header_items(const std::vector<std::string>& values,
                                      std::string_view form_type, std::string_view filed_date,
                                      std::string_view period_of_report);

/// Canonical current-scheme code for a legacy 8-K item number (1…12), given the filing's date
/// (ISO); nullopt for Item 9 before Regulation FD (2000-10-23) and for unknown numbers.
std::optional<std::string> legacy_8k_to_current(int legacy_item, std::string_view date);

/// True when an ISO date falls in the legacy 8-K era (before 2004-08-23).
bool is_legacy_8k_era(std::string_view iso);

/// Header role label/tag → contract role: 'FILER' → 'filer', 'FILED BY'/'FILED-BY' →
/// 'filed_by', 'ISSUING_ENTITY' → 'issuing_entity', …; "" if the label is not a party block.
std::string party_role(std::string_view label);

}  // namespace edgarsql::parse
