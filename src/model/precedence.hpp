#pragma once
// DESIGN §3 "One winner per accession, whatever the order": when several inputs carry the same
// accession, the kept version is chosen by source kind (full_submission > nc > hdr_sgml >
// bare), then complete over partial, then the newer DATE AS OF CHANGE, then the higher parser
// version, then the smaller SHA-256 of the input's bytes, then the smaller source (path, then
// member). Every backend uses this one function, so walk order and sharding can never change
// the result. The bytes come before the path: machines that mount the archive at different
// places see different absolute paths, and two copies that differ only in their bytes must
// not have the mount choose between them (docs/decisions.md).

#include <string>

#include "model/filing.hpp"

namespace edgarsql::model {

struct RankKey {
    SourceKind source_kind = SourceKind::bare;
    ParseStatus parse_status = ParseStatus::partial;
    std::string date_as_of_change;  ///< ISO date or empty (empty is oldest)
    int parser_version = 0;
    std::string source_sha256;  ///< of the input's bytes (filings.source_sha256)
    std::string source_path;
    std::string source_member;
};

/// True when `a` beats `b`. A strict order: for two different sources exactly one wins.
bool outranks(const RankKey& a, const RankKey& b);

/// The rank of `filing` as read from `source` by parser version `parser_version`.
RankKey rank_key(const Filing& filing, const SourceRef& source, int parser_version);

/// True when a version ranked `incoming` takes the place of the stored one ranked `stored`: it
/// is a new reading of the same source (path and member), or it outranks it. The one rule every
/// backend applies when an input meets a stored version of its filing.
bool replaces(const RankKey& incoming, const RankKey& stored);

/// True when `incoming` replaces `stored` only as a new reading of the same source, ranking
/// below it (the file was cut short, or read by an older parser under --force). Another copy
/// of the filing that lost to `stored` may beat `incoming`, so the backends mark the other
/// copies' manifest rows to be read again (ingest_files.reread).
bool worse_reread(const RankKey& incoming, const RankKey& stored);

/// Ordering key for DESIGN §3 "Registrants accumulate": registrant columns are only updated by
/// a filing ordered at or after the one that set them, by filed_date, then acceptance_datetime,
/// then accession. Returned as one string that compares in that order.
std::string registrant_order_key(const Filing& filing);

/// The same for a filing stored from an input with `source_sha256`: a filing without accession
/// (a bare document) is told apart by its bytes, '|' and the SHA-256 appended.
std::string registrant_order_key(const Filing& filing, const std::string& source_sha256);

}  // namespace edgarsql::model
