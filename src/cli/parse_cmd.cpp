#include "cli/parse_cmd.hpp"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/app.hpp"
#include "cli/filing_json.hpp"
#include "pipeline/roots.hpp"
#include "util/sha256.hpp"
#include "walk/walker.hpp"

namespace edgarsql::cli {

namespace {

// Collects every input of one path, plain or archive.
class Collector : public walk::Visitor {
public:
    std::vector<walk::Input> inputs;
    bool want(const model::SourceRef&) override { return true; }
    bool want_archive(const model::SourceRef&) override { return true; }
    bool accept(walk::Input&& input) override {
        inputs.push_back(std::move(input));
        return true;
    }
    void archive_done(const model::SourceRef&, std::int64_t, walk::ArchiveState) override {}
};

void print_text(const model::SourceRef& source, const parse::Result& r) {
    std::printf("%s\n", source.display().c_str());
    if (r.outcome == parse::Outcome::ignored) {
        std::printf("  ignored: %s\n", r.reason.c_str());
        return;
    }
    if (r.outcome == parse::Outcome::rejected) {
        std::printf("  rejected at %s: %s\n", r.stage.c_str(), r.reason.c_str());
        return;
    }
    const model::Filing& f = r.filing;
    std::printf("  %s %s (%s), %s, filed %s, period %s, cik %s\n",
                model::to_string(f.source_kind), f.accession_number.empty() ? "-" : f.accession_number.c_str(),
                f.form_type.c_str(), model::to_string(f.parse_status),
                f.filed_date.empty() ? "-" : f.filed_date.c_str(),
                f.period_of_report.empty() ? "-" : f.period_of_report.c_str(),
                f.cik ? std::to_string(*f.cik).c_str() : "-");
    for (const model::Party& p : f.parties) {
        std::printf("  party %d %-16s %-10s %s\n", p.seq, p.role.c_str(),
                    p.cik ? std::to_string(*p.cik).c_str() : "-", p.name.c_str());
    }
    for (const model::Item& i : f.items) {
        std::printf("  item  %-6s %-8s %s\n", i.source.c_str(),
                    i.item_code ? i.item_code->c_str() : "-", i.item_raw.c_str());
    }
    for (const model::Document& d : f.documents) {
        std::printf("  doc   %d %-12s %-6s %10lld bytes %s\n", d.sequence, d.type.c_str(),
                    d.content_kind.c_str(), static_cast<long long>(d.bytes), d.filename.c_str());
    }
    for (const std::string& w : f.warnings) std::printf("  warning: %s\n", w.c_str());
}

}  // namespace

void setup_parse(CLI::App& app, ParseOptions& o) {
    app.add_option("FILE", o.file, "A filing, or an archive of filings")->required();
    app.add_flag("--json", o.json, "Print everything that would be stored, as JSON");
    app.add_flag("--xml-text", o.parse.xml_text, "Also extract the text of XML/XBRL documents");
    o.log.add_to(app, /*with_log_file=*/false);
}

int run_parse(const ParseOptions& o) {
    o.log.apply();
    // FILE is checked as ingest checks its PATHs: one that does not exist, or is neither a
    // directory nor a regular file, is a mistyped argument, not an input that was rejected.
    try {
        pipeline::check_roots({o.file});
    } catch (const pipeline::RootError& e) {
        std::fprintf(stderr, "edgarsql parse: %s\n", e.what());
        return kExitFailed;
    }
    Collector collector;
    walk::walk({o.file}, walk::Options{}, collector);
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    bool any_rejected = false;
    for (walk::Input& input : collector.inputs) {
        parse::Result result;
        if (!input.error.empty()) {
            result.outcome = parse::Outcome::rejected;
            result.stage = input.stage;
            result.reason = input.error;
        } else {
            input.source.sha256 = util::sha256_hex(input.bytes);
            const std::string& name = input.source.member.empty() ? input.source.path : input.source.member;
            result = parse::parse(input.bytes, name, o.parse);
        }
        any_rejected = any_rejected || result.outcome == parse::Outcome::rejected;
        if (o.json) {
            all.push_back(to_json(input.source, result));
        } else {
            print_text(input.source, result);
        }
    }
    if (o.json) {
        std::cout << (all.size() == 1 ? all[0] : all).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    }
    return with_output_flushed(any_rejected ? kExitRejects : kExitOk);
}

}  // namespace edgarsql::cli
