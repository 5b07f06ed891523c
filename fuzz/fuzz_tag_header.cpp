// Fuzz target: the tag-dialect (.nc, .hdr.sgml) SEC header parser on arbitrary bytes.
#include "fuzz_support.hpp"
#include "parse/header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    // Header values are raw bytes here; parse() sanitizes them (checked by fuzz_parse).
    const parse::HeaderData h = parse::parse_tag_header(fuzz::bytes_of(data, size));
    fuzz::require(!h.declared_document_count || *h.declared_document_count >= 0,
                  "document count is not negative");
    return 0;
}
