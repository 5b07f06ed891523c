#include "db/registrant_fields.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "model/precedence.hpp"

namespace edgarsql::db {

namespace {
// Persons (no company data) contribute their name (field 0) and addresses (6 and up) only.
bool person_field(std::size_t i) { return i == 0 || i >= 6; }
}  // namespace

const std::string* party_field(const model::Party& p, std::size_t i) {
    switch (i) {
        case 0: return &p.name;
        case 2: return &p.sic_description;
        case 3: return &p.irs_number;
        case 4: return &p.state_of_incorporation;
        case 5: return &p.fiscal_year_end;
        case 6: return &p.business.street1;
        case 7: return &p.business.street2;
        case 8: return &p.business.city;
        case 9: return &p.business.state;
        case 10: return &p.business.zip;
        case 11: return &p.business.phone;
        case 12: return &p.mail.street1;
        case 13: return &p.mail.street2;
        case 14: return &p.mail.city;
        case 15: return &p.mail.state;
        case 16: return &p.mail.zip;
        default: return nullptr;
    }
}

std::string* party_field(model::Party& p, std::size_t i) {
    return const_cast<std::string*>(party_field(static_cast<const model::Party&>(p), i));
}

RegistrantUpdate registrant_update(const model::Party& p, const std::string& order_key,
                                   const FieldKeys& keys) {
    const auto newer = [&](std::size_t i) { return !keys[i] || order_key >= *keys[i]; };
    const auto present = [&](std::size_t i) {
        return i == kSicCodeField ? p.sic_code.has_value() : !party_field(p, i)->empty();
    };
    RegistrantUpdate u;
    for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
        if (!p.company_data && !person_field(i)) continue;
        if (const std::optional<std::size_t> first = address_block(i)) {
            // The block's lines are one value: a party that states its address sets them all,
            // empty ones included, when it is newer than every line's setter.
            bool stated = false;
            bool newest = true;
            for (std::size_t j = *first; j < *first + kAddressBlockSize; ++j) {
                stated = stated || present(j);
                newest = newest && newer(j);
            }
            u.set[i] = stated && newest;
        } else {
            u.set[i] = present(i) && newer(i);
        }
        u.any = u.any || u.set[i];
    }
    u.as_of = newer(kAsOfKey);
    return u;
}

std::optional<std::size_t> address_block(std::size_t field) {
    for (std::size_t first : {kBusinessAddressField, kMailAddressField}) {
        if (field >= first && field < first + kAddressBlockSize) return first;
    }
    return std::nullopt;
}

std::string stored_parties_sql(const std::string& cik_filter, const std::string& filed,
                               const std::string& accepted) {
    std::string sql = "SELECT fp.cik, fp.seq, fp.company_data, fp.sic_code";
    for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
        if (i != kSicCodeField) sql += std::string(", fp.") + kRegistrantFields[i];
    }
    return sql + ", " + filed + ", " + accepted +
           ", coalesce(f.accession_number, ''), f.source_sha256 FROM filing_parties fp JOIN "
           "filings f ON f.filing_id = fp.filing_id WHERE " +
           cik_filter + " AND fp.role <> 'cover_page'";
}

StoredParty stored_party(const std::vector<std::optional<std::string>>& row) {
    const auto text = [&](std::size_t i) { return row.at(i).value_or(std::string()); };
    StoredParty sp;
    sp.party.seq = std::stoi(text(1));
    sp.party.company_data = text(2) == "1" || text(2) == "t";
    if (row.at(3)) sp.party.sic_code = std::stoi(*row[3]);
    std::size_t c = 4;
    for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
        if (i != kSicCodeField) *party_field(sp.party, i) = text(c++);
    }
    model::Filing f;
    f.filed_date = text(c);
    f.acceptance_datetime = text(c + 1);
    f.accession_number = text(c + 2);
    sp.order_key = model::registrant_order_key(f, text(c + 3));
    sp.filed_date = std::move(f.filed_date);
    sp.accession_number = std::move(f.accession_number);
    return sp;
}

bool left_stale(const FieldKeys& keys, const FieldSet& fresh, const std::string& old_key) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] && *keys[i] == old_key && !fresh[i]) return true;
    }
    return false;
}

std::optional<Accumulated> accumulate_anew(std::vector<StoredParty> parties) {
    if (parties.empty()) return std::nullopt;
    std::stable_sort(parties.begin(), parties.end(),
                     [](const StoredParty& a, const StoredParty& b) {
                         return std::tie(a.order_key, a.party.seq) <
                                std::tie(b.order_key, b.party.seq);
                     });
    Accumulated out;
    for (const StoredParty& sp : parties) {
        const model::Party& p = sp.party;
        const RegistrantUpdate u = registrant_update(p, sp.order_key, out.keys);
        for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
            if (!u.set[i]) continue;
            if (i == kSicCodeField) {
                out.values.sic_code = p.sic_code;
            } else {
                *party_field(out.values, i) = *party_field(p, i);
            }
            out.keys[i] = sp.order_key;
        }
        if (u.as_of) {
            out.keys[kAsOfKey] = sp.order_key;
            out.as_of_date = sp.filed_date;
            out.as_of_accession = sp.accession_number;
        }
    }
    return out;
}

}  // namespace edgarsql::db
