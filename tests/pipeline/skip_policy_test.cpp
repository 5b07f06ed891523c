#include "pipeline/skip_policy.hpp"

#include <catch2/catch.hpp>

#include "pipeline/filters.hpp"

using namespace edgarsql;
using pipeline::SkipOptions;

namespace {

model::SourceRef ref(std::int64_t bytes, std::int64_t mtime) {
    model::SourceRef r;
    r.path = "/data/a.txt";
    r.bytes = bytes;
    r.mtime = mtime;
    return r;
}

db::PriorInput prior(db::InputStatus status, int version, std::int64_t bytes = 10,
                     std::int64_t mtime = 100) {
    db::PriorInput p;
    p.bytes = bytes;
    p.mtime = mtime;
    p.status = status;
    p.parser_version = version;
    return p;
}

// An archive recorded whole by parser version 3, 10 bytes, mtime 100.
db::PriorArchive recorded_archive() {
    db::PriorArchive a;
    a.bytes = 10;
    a.mtime = 100;
    a.parser_version = 3;
    a.complete = true;
    a.members = 5;
    return a;
}

// The rejection of an archive as a whole, for damage that ended its walk (parser version 3).
db::PriorInput damage_row() {
    db::PriorInput p = prior(db::InputStatus::rejected, 3);
    p.archive_damage = true;
    return p;
}

}  // namespace

TEST_CASE("skip policy for inputs", "[pipeline]") {
    SkipOptions o;
    o.parser_version = 3;
    const auto r = ref(10, 100);
    CHECK(pipeline::skip_input(prior(db::InputStatus::ingested, 3), r, o));
    CHECK(pipeline::skip_input(prior(db::InputStatus::ignored, 3), r, o));
    CHECK(pipeline::skip_input(prior(db::InputStatus::rejected, 3), r, o));
    CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::filtered, 3), r, o));
    // Rejected because it could not be opened or read: retried although unchanged.
    db::PriorInput unreadable = prior(db::InputStatus::rejected, 3);
    unreadable.transient = true;
    CHECK_FALSE(pipeline::skip_input(unreadable, r, o));
    // Changed size or mtime, or another parser version: read again.
    CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::ingested, 3, 11), r, o));
    CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::ingested, 3, 10, 101), r, o));
    CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::ingested, 2), r, o));
    CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::rejected, 2), r, o));
    // Stored by a newer parser: an older edgarsql (a machine not yet upgraded, a binary rolled
    // back) leaves it as it is.
    CHECK(pipeline::skip_input(prior(db::InputStatus::ingested, 4), r, o));
    CHECK(pipeline::skip_input(prior(db::InputStatus::ignored, 4), r, o));
    CHECK(pipeline::skip_input(prior(db::InputStatus::rejected, 4), r, o));
    // A member whose size its archive does not state (-1): read first, then asked about again
    // with the size read.
    CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::ingested, 3, 4321), ref(-1, 100), o));
    CHECK(pipeline::skip_input(prior(db::InputStatus::ingested, 3, 4321), ref(4321, 100), o));

    SECTION("keep_older keeps older ingested inputs, not older rejections") {
        o.keep_older = true;
        CHECK(pipeline::skip_input(prior(db::InputStatus::ingested, 2), r, o));
        CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::rejected, 2), r, o));
        CHECK(pipeline::skip_input(prior(db::InputStatus::ingested, 4), r, o));
    }
    SECTION("retry_rejected") {
        o.retry_rejected = true;
        CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::rejected, 3), r, o));
        CHECK(pipeline::skip_input(prior(db::InputStatus::ingested, 3), r, o));
    }
    SECTION("force") {
        o.force = true;
        CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::ingested, 3), r, o));
    }
    SECTION("rejected at stage 'limit': skipped only while the limit would still refuse it") {
        db::PriorInput big = prior(db::InputStatus::rejected, 3);
        big.refused_size = 10;
        o.max_input_bytes = 9;
        CHECK(pipeline::skip_input(big, r, o));
        o.max_input_bytes = 10;
        CHECK_FALSE(pipeline::skip_input(big, r, o));
        o.max_input_bytes = std::int64_t{2} << 30;
        CHECK_FALSE(pipeline::skip_input(big, r, o));
        // Any other rejection stays skipped whatever the limit.
        CHECK(pipeline::skip_input(prior(db::InputStatus::rejected, 3), r, o));
    }
}

TEST_CASE("skip policy for archives", "[pipeline]") {
    SkipOptions o;
    o.parser_version = 3;
    const auto r = ref(10, 100);
    db::PriorArchive a = recorded_archive();
    CHECK(pipeline::skip_archive(a, r, o));
    a.complete = false;
    CHECK_FALSE(pipeline::skip_archive(a, r, o));
    a.complete = true;
    a.rejected = 1;
    CHECK(pipeline::skip_archive(a, r, o));
    o.retry_rejected = true;
    CHECK_FALSE(pipeline::skip_archive(a, r, o));
    o.retry_rejected = false;
    a.rejected = 0;
    a.parser_version = 2;
    CHECK_FALSE(pipeline::skip_archive(a, r, o));
    o.keep_older = true;
    CHECK(pipeline::skip_archive(a, r, o));
    a.rejected = 1;
    CHECK_FALSE(pipeline::skip_archive(a, r, o));
    a.rejected = 0;
    CHECK_FALSE(pipeline::skip_archive(a, ref(11, 100), o));
    // Recorded by a newer parser, rejected members included: left as it is.
    o.keep_older = false;
    a.parser_version = 4;
    a.rejected = 1;
    CHECK(pipeline::skip_archive(a, r, o));
}

TEST_CASE("skip policy: an archive with a member refused at stage 'limit'", "[pipeline]") {
    SkipOptions o;
    o.parser_version = 3;
    db::PriorArchive a = recorded_archive();
    a.rejected = 1;
    a.smallest_refused = 5000;
    o.max_input_bytes = 4999;
    CHECK(pipeline::skip_archive(a, ref(10, 100), o));  // the limit still refuses it
    o.max_input_bytes = 5000;
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));  // it fits now: open again
}

TEST_CASE("skip policy: a filtered input is skipped while this run's filters refuse it too",
          "[pipeline]") {
    const pipeline::Filters eight_k = pipeline::Filters::build("8-K", false, "", "", {}, {});
    const pipeline::Filters tenk = pipeline::Filters::build("10-K", false, "", "", {}, {});
    const pipeline::Filters none = pipeline::Filters::build("", false, "", "", {}, {});
    SkipOptions o;
    o.parser_version = 3;
    const auto r = ref(10, 100);
    db::PriorInput p = prior(db::InputStatus::filtered, 3);
    p.filtered_as = db::FilteredAs{"10-K", "2021-03-15"};

    o.filters = &eight_k;  // the same nightly filters: not read again
    CHECK(pipeline::skip_input(p, r, o));
    o.filters = &tenk;  // filters that take it
    CHECK_FALSE(pipeline::skip_input(p, r, o));
    o.filters = &none;
    CHECK_FALSE(pipeline::skip_input(p, r, o));
    o.filters = nullptr;
    CHECK_FALSE(pipeline::skip_input(p, r, o));

    o.filters = &eight_k;
    CHECK_FALSE(pipeline::skip_input(p, ref(11, 100), o));  // changed
    CHECK_FALSE(pipeline::skip_input(p, ref(10, 101), o));
    o.force = true;
    CHECK_FALSE(pipeline::skip_input(p, r, o));
    o.force = false;
    // Another parser version may read another form type or date: read again, unless
    // --keep-older.
    db::PriorInput older = p;
    older.parser_version = 2;
    CHECK_FALSE(pipeline::skip_input(older, r, o));
    o.keep_older = true;
    CHECK(pipeline::skip_input(older, r, o));
    o.keep_older = false;
    // Stored before the pair was recorded: read again.
    db::PriorInput legacy = prior(db::InputStatus::filtered, 3);
    CHECK_FALSE(pipeline::skip_input(legacy, r, o));
    // A later --since refuses an earlier date just as well.
    const pipeline::Filters later = pipeline::Filters::build("", false, "2022-01-01", "", {}, {});
    o.filters = &later;
    CHECK(pipeline::skip_input(p, r, o));
    // A filing without a date passes date filters, so date filters alone never skip it.
    db::PriorInput undated = p;
    undated.filtered_as = db::FilteredAs{"10-K", ""};
    CHECK_FALSE(pipeline::skip_input(undated, r, o));
}

TEST_CASE("skip policy: an archive with filtered members", "[pipeline]") {
    const pipeline::Filters eight_k = pipeline::Filters::build("8-K", false, "", "", {}, {});
    const pipeline::Filters forms4 = pipeline::Filters::build("8-K,4", false, "", "", {}, {});
    SkipOptions o;
    o.parser_version = 3;
    o.filters = &eight_k;
    db::PriorArchive a = recorded_archive();
    a.filtered = 3;
    a.filtered_as = {{"10-K", "2021-03-15"}, {"4", "2021-03-16"}};
    CHECK(pipeline::skip_archive(a, ref(10, 100), o));
    o.filters = &forms4;  // takes the Form 4 member: open again
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
    o.filters = nullptr;
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
    o.filters = &eight_k;
    a.filtered_unknown = true;  // a member without its pair
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
    a.filtered_unknown = false;
    a.filtered_as.clear();  // counted but none listed: do not guess
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
}

TEST_CASE("skip policy: the backends' encoding of an archive's filtered pairs", "[pipeline]") {
    db::PriorArchive a;
    db::decode_filtered_members("10-K\x1f" "2021-03-15\x1e" "4\x1f\x1e\x1f", a);
    CHECK_FALSE(a.filtered_unknown);
    CHECK(a.filtered_as ==
          std::vector<db::FilteredAs>{{"10-K", "2021-03-15"}, {"4", ""}, {"", ""}});
    db::decode_filtered_members("10-K\x1f" "2021-03-15\x1e\x1d", a);
    CHECK(a.filtered_unknown);
    CHECK(a.filtered_as.size() == 1);
    db::decode_filtered_members("", a);
    CHECK(a.filtered_unknown);
    CHECK(a.filtered_as.empty());
    db::decode_filtered_members("a\x1f" "b\x1f" "c", a);  // not a pair
    CHECK(a.filtered_unknown);
}

TEST_CASE("skip policy: an archive rejected for damage defers to its record", "[pipeline]") {
    SkipOptions o;
    o.parser_version = 3;
    const db::PriorInput whole = damage_row();
    CHECK_FALSE(pipeline::skip_input(whole, ref(10, 100), o));

    db::PriorArchive a = recorded_archive();
    a.damaged = true;
    a.rejected = 1;
    CHECK(pipeline::skip_archive(a, ref(10, 100), o));  // known damage, nothing left out
    CHECK_FALSE(pipeline::skip_archive(a, ref(11, 100), o));  // changed
    o.retry_rejected = true;
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
    o.retry_rejected = false;
    o.keep_older = true;  // a rejection is retried after a parser change, even then
    a.parser_version = 2;
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
    a.parser_version = 3;
    a.complete = false;  // members left out by globs or names: open again
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
}

TEST_CASE("skip policy: damage met again in an archive opened again is a known rejection",
          "[pipeline]") {
    SkipOptions o;
    o.parser_version = 3;
    const db::PriorInput whole = damage_row();
    CHECK(pipeline::known_damage(whole, ref(10, 100), "archive", o));
    CHECK_FALSE(pipeline::known_damage(whole, ref(11, 100), "archive", o));  // changed: report it
    CHECK_FALSE(pipeline::known_damage(whole, ref(10, 101), "archive", o));
    const db::PriorInput other = prior(db::InputStatus::rejected, 3);
    CHECK_FALSE(pipeline::known_damage(other, ref(10, 100), "archive", o));
    db::PriorInput older = whole;
    older.parser_version = 2;
    CHECK_FALSE(pipeline::known_damage(older, ref(10, 100), "archive", o));
    db::PriorInput newer = whole;
    newer.parser_version = 4;
    CHECK(pipeline::known_damage(newer, ref(10, 100), "archive", o));
    o.retry_rejected = true;
    CHECK_FALSE(pipeline::known_damage(whole, ref(10, 100), "archive", o));
    o.retry_rejected = false;
    o.force = true;
    CHECK_FALSE(pipeline::known_damage(whole, ref(10, 100), "archive", o));
    o.force = false;
    // An I/O error that ends the walk is no known damage: always reported.
    CHECK_FALSE(pipeline::known_damage(whole, ref(10, 100), "read", o));
}

TEST_CASE("skip policy: inputs and archives marked to be read again", "[pipeline]") {
    SkipOptions o;
    o.parser_version = 3;
    db::PriorInput marked = prior(db::InputStatus::ingested, 3);
    marked.reread = true;
    CHECK_FALSE(pipeline::skip_input(marked, ref(10, 100), o));
    o.keep_older = true;
    CHECK_FALSE(pipeline::skip_input(marked, ref(10, 100), o));
    db::PriorArchive a = recorded_archive();
    CHECK(pipeline::skip_archive(a, ref(10, 100), o));
    a.reread_members = true;
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));
}
