#pragma once
// JSON rendering of a parse result, with the contract's column names, for `edgarsql parse`.

#include <nlohmann/json.hpp>

#include "model/filing.hpp"
#include "parse/parser.hpp"

namespace edgarsql::cli {

nlohmann::ordered_json to_json(const model::Filing& filing);
nlohmann::ordered_json to_json(const model::SourceRef& source, const parse::Result& result);

}  // namespace edgarsql::cli
