// Fuzz target: splitting <DOCUMENT> blocks, content kinds and SGML layout markup removal.
#include "fuzz_support.hpp"
#include "parse/documents.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string body = parse::normalize_newlines(fuzz::bytes_of(data, size));
    parse::Options options;
    options.xml_text = size % 2 == 1;
    const parse::DocumentSplit split = parse::split_documents(body, options);
    for (const auto& d : split.documents) {
        fuzz::require(d.bytes >= 0, "document size is not negative");
        if (d.text) fuzz::require_db_text(*d.text, "document text");
    }
    (void)parse::content_kind(body, "exhibit.htm");
    (void)parse::strip_sgml_markup(body);
    return 0;
}
