// parse_ceiling [--no-text] PATH...
//
// What the parser costs on one thread, without the pipeline or a database: walks PATH with the
// ingest walker and parses every input with parse::parse, which also hashes it (the input hash
// ingest stores, computed beside the documents' hashes). With --no-text the parser extracts no
// text (parse::Options::text), which leaves the header, the document split, the decoding and
// hashing of every document and the input hash: the part of parsing the benchmark targets at
// 1 GB/s per core.
// Prints one line of tab-separated figures: inputs, filings, decompressed bytes, wall seconds,
// seconds spent in the walker (reading and decompressing) and seconds spent hashing and
// parsing, all on the one thread.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "parse/parser.hpp"
#include "walk/walker.hpp"

namespace {

using Clock = std::chrono::steady_clock;

class Parse final : public edgarsql::walk::Visitor {
public:
    explicit Parse(const edgarsql::parse::Options& options) : options_(options) {}

    bool want(const edgarsql::model::SourceRef&) override { return true; }
    bool want_archive(const edgarsql::model::SourceRef&) override { return true; }
    bool accept(edgarsql::walk::Input&& input) override {
        const auto start = Clock::now();
        ++inputs;
        bytes += static_cast<std::int64_t>(input.bytes.size());
        if (input.error.empty()) {
            const std::string& name =
                input.source.member.empty() ? input.source.path : input.source.member;
            auto r = edgarsql::parse::parse(input.bytes, name, options_);
            input.source.sha256 = std::move(r.input_sha256);  // as ingest does
            if (r.outcome == edgarsql::parse::Outcome::filing) ++filings;
        }
        parse_seconds += std::chrono::duration<double>(Clock::now() - start).count();
        return true;
    }
    void archive_done(const edgarsql::model::SourceRef&, std::int64_t,
                      edgarsql::walk::ArchiveState) override {}

    std::int64_t inputs = 0;
    std::int64_t filings = 0;
    std::int64_t bytes = 0;
    double parse_seconds = 0;

private:
    edgarsql::parse::Options options_;
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> roots;
    edgarsql::parse::Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--no-text") {
            options.text = false;
        } else if (!a.empty() && a[0] == '-') {
            roots.clear();
            break;
        } else {
            roots.push_back(a);
        }
    }
    if (roots.empty()) {
        std::fprintf(stderr, "usage: parse_ceiling [--no-text] PATH...\n");
        return 2;
    }
    Parse visitor(options);
    const auto start = Clock::now();
    edgarsql::walk::walk(roots, edgarsql::walk::Options{}, visitor);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("%lld\t%lld\t%lld\t%.3f\t%.3f\t%.3f\n", static_cast<long long>(visitor.inputs),
                static_cast<long long>(visitor.filings), static_cast<long long>(visitor.bytes),
                wall, wall - visitor.parse_seconds, visitor.parse_seconds);
    return 0;
}
