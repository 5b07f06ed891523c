// The registrant accumulation rule both backends share (db/registrant_fields.hpp).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "db/registrant_fields.hpp"

using namespace edgarsql;

namespace {

db::StoredParty stored(const std::string& order_key, const model::Address& business) {
    db::StoredParty sp;
    sp.party.seq = 1;
    sp.party.company_data = true;
    sp.party.name = "MARSH HOLLOW INC";
    sp.party.business = business;
    sp.order_key = order_key;
    sp.filed_date = order_key.substr(0, 10);
    sp.accession_number = "0000300011-" + order_key.substr(2, 2) + "-000001";
    return sp;
}

}  // namespace

TEST_CASE("registrants: an address block is set whole, the phone on its own", "[db]") {
    const model::Address old_address{"100 MAIN ST", "SUITE 200", "SPRINGFIELD", "IL", "62701",
                                     "555-0100"};
    const model::Address new_address{"5 ELM RD", "", "SHELBYVILLE", "IL", "62565", ""};
    const std::string old_key = "2019-03-01||a";
    const std::string new_key = "2021-03-01||b";

    // Applied one party at a time: the newer address sets every line, the empty one included.
    model::Party newer;
    newer.company_data = true;
    newer.business = new_address;
    db::FieldKeys keys{};
    for (std::size_t i = 0; i < db::kRegistrantFields.size(); ++i) keys[i] = old_key;
    const db::RegistrantUpdate u = db::registrant_update(newer, new_key, keys);
    for (std::size_t i = db::kBusinessAddressField;
         i < db::kBusinessAddressField + db::kAddressBlockSize; ++i) {
        INFO(db::kRegistrantFields[i]);
        CHECK(u.set[i]);
    }
    CHECK_FALSE(u.set[11]);  // business_phone: not stated
    for (std::size_t i = db::kMailAddressField;
         i < db::kMailAddressField + db::kAddressBlockSize; ++i)
        CHECK_FALSE(u.set[i]);  // no mail address stated at all

    // An older address sets nothing once a newer one set any of its lines.
    model::Party older;
    older.company_data = true;
    older.business = old_address;
    keys[db::kBusinessAddressField + 1] = new_key;  // street2 set by the newer filing
    const db::RegistrantUpdate late = db::registrant_update(older, old_key, keys);
    for (std::size_t i = db::kBusinessAddressField;
         i < db::kBusinessAddressField + db::kAddressBlockSize; ++i)
        CHECK_FALSE(late.set[i]);
    CHECK(late.set[11]);  // its phone: the only one stated, and newer than the old key

    // Accumulated anew from stored parties, in either order: the same.
    for (const bool reversed : {false, true}) {
        std::vector<db::StoredParty> parties = {stored(old_key, old_address),
                                                stored(new_key, new_address)};
        if (reversed) std::swap(parties[0], parties[1]);
        const std::optional<db::Accumulated> a = db::accumulate_anew(parties);
        REQUIRE(a);
        CHECK(a->values.business.street1 == "5 ELM RD");
        CHECK(a->values.business.street2.empty());
        CHECK(a->keys[db::kBusinessAddressField + 1] == new_key);  // set, to nothing
        CHECK(a->values.business.city == "SHELBYVILLE");
        CHECK(a->values.business.phone == "555-0100");
        CHECK(a->keys[11] == old_key);
    }
}
