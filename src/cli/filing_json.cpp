#include "cli/filing_json.hpp"

namespace edgarsql::cli {

namespace {

using json = nlohmann::ordered_json;

// Empty strings are NULL in the database, so they are null here too.
json str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

template <typename T>
json opt(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

json address(const model::Address& a) {
    return json{{"street1", str(a.street1)}, {"street2", str(a.street2)}, {"city", str(a.city)},
                {"state", str(a.state)},     {"zip", str(a.zip)},         {"phone", str(a.phone)}};
}

}  // namespace

json to_json(const model::Filing& f) {
    json j;
    j["accession_number"] = str(f.accession_number);
    j["form_type"] = str(f.form_type);
    j["form_family"] = str(f.form_family);
    j["is_amendment"] = f.is_amendment;
    j["filed_date"] = str(f.filed_date);
    j["period_of_report"] = str(f.period_of_report);
    j["acceptance_datetime"] = str(f.acceptance_datetime);
    j["date_as_of_change"] = str(f.date_as_of_change);
    j["declared_document_count"] = opt(f.declared_document_count);
    j["document_count"] = f.document_count;
    j["parse_status"] = model::to_string(f.parse_status);
    j["warnings"] = f.warnings;
    j["cik"] = opt(f.cik);
    j["signer_name"] = str(f.signer_name);
    j["signer_title"] = str(f.signer_title);
    j["source_kind"] = model::to_string(f.source_kind);

    json parties = json::array();
    for (const model::Party& p : f.parties) {
        json former = json::array();
        for (const model::FormerName& n : p.former_names) {
            former.push_back({{"former_name", n.name}, {"date_changed", str(n.date_changed)}});
        }
        parties.push_back({{"role", p.role},
                           {"seq", p.seq},
                           {"cik", opt(p.cik)},
                           {"name", str(p.name)},
                           {"company_data", p.company_data},
                           {"form_type", str(p.form_type)},
                           {"sec_act", str(p.sec_act)},
                           {"file_number", str(p.file_number)},
                           {"film_number", str(p.film_number)},
                           {"irs_number", str(p.irs_number)},
                           {"state_of_incorporation", str(p.state_of_incorporation)},
                           {"sic_code", opt(p.sic_code)},
                           {"sic_description", str(p.sic_description)},
                           {"organization_name", str(p.organization_name)},
                           {"fiscal_year_end", str(p.fiscal_year_end)},
                           {"business_address", str(p.business_address)},
                           {"business", address(p.business)},
                           {"mail", address(p.mail)},
                           {"former_names", former}});
    }
    j["parties"] = parties;

    json items = json::array();
    for (const model::Item& i : f.items) {
        items.push_back({{"source", i.source},
                         {"part", i.part},
                         {"item_code", opt(i.item_code)},
                         {"item_raw", i.item_raw},
                         {"title", str(i.title)},
                         {"seq", i.seq},
                         {"combined", i.combined},
                         {"document_sequence", opt(i.document_sequence)},
                         {"start_offset", opt(i.start_offset)},
                         {"end_offset", opt(i.end_offset)},
                         {"text", opt(i.text)}});
    }
    j["items"] = items;

    json docs = json::array();
    for (const model::Document& d : f.documents) {
        docs.push_back({{"sequence", d.sequence},
                        {"type", str(d.type)},
                        {"filename", str(d.filename)},
                        {"description", str(d.description)},
                        {"content_kind", d.content_kind},
                        {"charset", str(d.charset)},
                        {"bytes", d.bytes},
                        {"sha256", d.sha256},
                        {"uuencoded", d.uuencoded},
                        {"text_in_items", d.text_in_items},
                        {"text", opt(d.text)}});
    }
    j["documents"] = docs;

    json exhibits = json::array();
    for (const model::Exhibit& e : f.exhibits) {
        exhibits.push_back({{"seq", e.seq},
                            {"exhibit_number", e.exhibit_number},
                            {"description", str(e.description)},
                            {"document_sequence", opt(e.document_sequence)},
                            {"listed_in_index", e.listed_in_index}});
    }
    j["exhibits"] = exhibits;

    json fields = json::array();
    for (const model::HeaderField& h : f.header_fields) {
        fields.push_back({{"seq", h.seq}, {"path", h.path}, {"value", str(h.value)}});
    }
    j["header_fields"] = fields;
    return j;
}

json to_json(const model::SourceRef& source, const parse::Result& result) {
    json j;
    j["source_path"] = source.path;
    j["source_member"] = source.member;
    j["bytes"] = source.bytes;
    j["source_sha256"] = str(source.sha256);
    j["parser_version"] = parse::kParserVersion;
    switch (result.outcome) {
        case parse::Outcome::filing:
            j["status"] = "ingested";
            j["filing"] = to_json(result.filing);
            break;
        case parse::Outcome::ignored:
            j["status"] = "ignored";
            j["reason"] = result.reason;
            break;
        case parse::Outcome::rejected:
            j["status"] = "rejected";
            j["stage"] = result.stage;
            j["reason"] = result.reason;
            break;
    }
    return j;
}

}  // namespace edgarsql::cli
