#include "model/precedence.hpp"

#include <tuple>

namespace edgarsql::model {

bool outranks(const RankKey& a, const RankKey& b) {
    const int kind_a = precedence_rank(a.source_kind);
    const int kind_b = precedence_rank(b.source_kind);
    if (kind_a != kind_b) return kind_a < kind_b;
    if (a.parse_status != b.parse_status) return a.parse_status == ParseStatus::complete;
    if (a.date_as_of_change != b.date_as_of_change) return a.date_as_of_change > b.date_as_of_change;
    if (a.parser_version != b.parser_version) return a.parser_version > b.parser_version;
    if (a.source_sha256 != b.source_sha256) return a.source_sha256 < b.source_sha256;
    return std::tie(a.source_path, a.source_member) < std::tie(b.source_path, b.source_member);
}

RankKey rank_key(const Filing& filing, const SourceRef& source, int parser_version) {
    RankKey k;
    k.source_kind = filing.source_kind;
    k.parse_status = filing.parse_status;
    k.date_as_of_change = filing.date_as_of_change;
    k.parser_version = parser_version;
    k.source_sha256 = source.sha256;
    k.source_path = source.path;
    k.source_member = source.member;
    return k;
}

namespace {

bool same_source(const RankKey& a, const RankKey& b) {
    return a.source_path == b.source_path && a.source_member == b.source_member;
}

}  // namespace

bool replaces(const RankKey& incoming, const RankKey& stored) {
    return same_source(incoming, stored) || outranks(incoming, stored);
}

bool worse_reread(const RankKey& incoming, const RankKey& stored) {
    return same_source(incoming, stored) && outranks(stored, incoming);
}

std::string registrant_order_key(const Filing& filing) {
    // ISO dates and timestamps compare correctly as strings; '|' (0x7C) sorts after every
    // character that occurs in them, and an empty part sorts first.
    return filing.filed_date + "|" + filing.acceptance_datetime + "|" + filing.accession_number;
}

std::string registrant_order_key(const Filing& filing, const std::string& source_sha256) {
    std::string key = registrant_order_key(filing);
    if (filing.accession_number.empty()) key += "|" + source_sha256;
    return key;
}

}  // namespace edgarsql::model
