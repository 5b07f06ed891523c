#include "pipeline/skip_policy.hpp"

#include <catch2/catch.hpp>

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

    SECTION("keep_older keeps older ingested inputs, not older rejections") {
        o.keep_older = true;
        CHECK(pipeline::skip_input(prior(db::InputStatus::ingested, 2), r, o));
        CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::rejected, 2), r, o));
        CHECK_FALSE(pipeline::skip_input(prior(db::InputStatus::ingested, 4), r, o));
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
    db::PriorArchive a;
    a.bytes = 10;
    a.mtime = 100;
    a.parser_version = 3;
    a.complete = true;
    a.members = 5;
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
}

TEST_CASE("skip policy: an archive with a member refused at stage 'limit'", "[pipeline]") {
    SkipOptions o;
    o.parser_version = 3;
    db::PriorArchive a;
    a.bytes = 10;
    a.mtime = 100;
    a.parser_version = 3;
    a.complete = true;
    a.members = 5;
    a.rejected = 1;
    a.smallest_refused = 5000;
    o.max_input_bytes = 4999;
    CHECK(pipeline::skip_archive(a, ref(10, 100), o));  // the limit still refuses it
    o.max_input_bytes = 5000;
    CHECK_FALSE(pipeline::skip_archive(a, ref(10, 100), o));  // it fits now: open again
}
