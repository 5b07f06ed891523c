#include "parse/header.hpp"

#include <cstddef>
#include <utility>

#include "parse/states.hpp"
#include "parse/values.hpp"

namespace edgarsql::parse {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// Label or tag name → comparison key: uppercase, '-' and '_' read as spaces, runs of blanks
// collapsed ('FILED-BY', 'Filed  By' and 'FILED_BY' all give 'FILED BY'). Written into a
// caller-owned buffer to avoid an allocation per line.
std::string_view make_key(std::string_view name, std::string& buf) {
    buf.clear();
    bool space = false;
    for (char c : name) {
        if (c == '-' || c == '_' || is_blank(c)) {
            space = !buf.empty();
            continue;
        }
        if (space) buf.push_back(' ');
        space = false;
        buf.push_back(upper(c));
    }
    return buf;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    const std::string_view tail = s.substr(s.size() - suffix.size());
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        if (upper(tail[i]) != suffix[i]) return false;
    }
    return true;
}

enum class Kind { party, sub, generic };

enum class Sub { none, company_data, owner_data, filing_values, business_address, mail_address,
                 former_company, other };

Sub sub_kind(std::string_view key) {
    if (key == "COMPANY DATA") return Sub::company_data;
    if (key == "OWNER DATA") return Sub::owner_data;
    if (key == "FILING VALUES") return Sub::filing_values;
    if (key == "BUSINESS ADDRESS") return Sub::business_address;
    if (key == "MAIL ADDRESS") return Sub::mail_address;
    if (key == "FORMER COMPANY" || key == "FORMER NAME") return Sub::former_company;
    return Sub::none;
}

// A state or country as its EDGAR code: headers write codes ('DE', 'E9'), but a name
// ("DELAWARE") or a lower-case code is read as the cover pages' are; anything else as written.
std::string state_or_as_written(std::string_view value) {
    std::string code = state_code(value);
    return code.empty() ? std::string(value) : code;
}

// A fiscal year end as MMDD: '1231' as EDGAR writes it, or '12/31', '12-31', '--12-31'; ""
// when it is no month and day.
std::string month_day(std::string_view value) {
    while (!value.empty() && value.front() == '-') value.remove_prefix(1);
    int parts[2] = {0, 0};
    int digits[2] = {0, 0};
    int at = 0;
    for (char c : value) {
        if (c >= '0' && c <= '9') {
            parts[at] = parts[at] * 10 + (c - '0');
            if (++digits[at] > 2 && at == 1) return "";
            if (digits[at] > 4) return "";
        } else if ((c == '/' || c == '-') && at == 0 && digits[0] > 0) {
            at = 1;
        } else {
            return "";
        }
    }
    int month = 0;
    int day = 0;
    if (at == 0 && digits[0] == 4) {
        month = parts[0] / 100;
        day = parts[0] % 100;
    } else if (at == 1 && digits[0] <= 2 && digits[1] > 0) {
        month = parts[0];
        day = parts[1];
    } else {
        return "";
    }
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return "";
    const char out[5] = {static_cast<char>('0' + month / 10), static_cast<char>('0' + month % 10),
                         static_cast<char>('0' + day / 10), static_cast<char>('0' + day % 10),
                         '\0'};
    return out;
}

// Envelope and root tags: they frame the header but are not fields.
bool is_root(std::string_view key) {
    return key == "SEC HEADER" || key == "IMS HEADER" || key == "SUBMISSION" ||
           key == "SEC DOCUMENT" || key == "IMS DOCUMENT";
}

bool is_end(std::string_view key) { return key == "SEC HEADER" || key == "IMS HEADER"; }

// Containers of the tag dialect that are always containers, even when their close tag is
// missing (their children follow on the next lines).
bool is_known_tag_container(std::string_view key) {
    static constexpr std::string_view kContainers[] = {
        "SERIES AND CLASSES CONTRACTS DATA", "EXISTING SERIES AND CLASSES CONTRACTS",
        "NEW SERIES AND CLASSES CONTRACTS", "MERGER SERIES AND CLASSES CONTRACTS",
        "SERIES", "CLASS CONTRACT", "NEW SERIES", "NEW CLASSES CONTRACTS", "MERGER",
        "ACQUIRING DATA", "TARGET DATA", "MULTI ACCESSION NUMBERS"};
    for (auto c : kContainers) {
        if (key == c) return true;
    }
    return false;
}

// Submission-level labels of the text dialect: seeing one ends any open party block, since
// the text dialect has no close markers.
bool is_top_level_label(std::string_view key) {
    static constexpr std::string_view kTop[] = {
        "ACCESSION NUMBER", "CONFORMED SUBMISSION TYPE", "PUBLIC DOCUMENT COUNT",
        "CONFORMED PERIOD OF REPORT", "ITEM INFORMATION", "FILED AS OF DATE",
        "DATE AS OF CHANGE", "EFFECTIVENESS DATE", "GROUP MEMBERS", "SROS", "CONFIRMING COPY",
        "ABS ASSET CLASS", "ABS RULE", "PERIOD START", "PUBLIC REFERENCE ACCESSION NUMBER",
        "WITHDRAWN ACCESSION NUMBER", "PREVIOUS ACCESSION NUMBER", "DEPOSITOR CIK",
        "SPONSOR CIK", "ACCEPTANCE DATETIME"};
    for (auto t : kTop) {
        if (key == t) return true;
    }
    return false;
}

struct Frame {
    std::string name;  // as written, for paths
    std::string key;
    Kind kind = Kind::generic;
    Sub sub = Sub::none;
    bool explicit_close = false;  // opened by a tag, so a close tag is expected
    int party = -1;               // index into parties for party frames
};

class Builder {
public:
    explicit Builder(std::string_view text) : text_(text) {}

    HeaderData run() {
        // Everything from the first <DOCUMENT> on is body, whatever the dialect; bounding the
        // scan here keeps the cost proportional to the header, not to a 300 MB submission.
        const std::size_t doc = text_.find("<DOCUMENT>");
        limit_ = doc == std::string_view::npos ? text_.size() : doc;
        std::size_t pos = 0;
        while (pos < limit_ && !done_) {
            std::size_t end = pos;
            while (end < limit_ && text_[end] != '\n' && text_[end] != '\r') ++end;
            std::size_t next = end;
            if (next < limit_) {
                next += (text_[next] == '\r' && next + 1 < limit_ && text_[next + 1] == '\n')
                            ? 2
                            : 1;
            }
            next_pos_ = next;
            handle_line(trim(text_.substr(pos, end - pos)));
            pos = next;
        }
        for (const auto& f : stack_) {
            if (f.explicit_close && f.kind != Kind::party && f.kind != Kind::sub) {
                out_.warnings.push_back("header: container <" + f.name + "> is never closed");
            }
        }
        // A FORMER COMPANY block without a name (empty or truncated) carries nothing to keep.
        for (auto& party : out_.parties) {
            auto& names = party.former_names;
            std::size_t kept = 0;
            for (std::size_t i = 0; i < names.size(); ++i) {
                if (names[i].name.empty()) continue;
                if (kept != i) names[kept] = std::move(names[i]);
                ++kept;
            }
            names.resize(kept);
        }
        return std::move(out_);
    }

private:
    void handle_line(std::string_view s) {
        if (s.empty()) return;
        if (s.front() == ']') {
            // The close bracket of an unclosed SIC value wrapped onto the next line.
            s = trim(s.substr(1));
            if (s.empty()) return;
        }
        if (s.front() == '<') {
            handle_tag(s);
            return;
        }
        const std::size_t colon = s.find(':');
        if (colon == std::string_view::npos) {
            unlabeled(s);
            return;
        }
        const std::string_view label = trim(s.substr(0, colon));
        const std::string_view value = trim(s.substr(colon + 1));
        if (label.empty()) {
            unlabeled(s);
            return;
        }
        if (!seen_field_ && (ends_with_ci(label, ".SGML") || ends_with_ci(label, ".TXT"))) {
            return;  // the '<accession>.hdr.sgml : <date>' stamp of the opening line
        }
        const std::string_view key = make_key(label, key_buf_);
        if (value.empty()) {
            const std::string role = party_role(key);
            if (!role.empty()) {
                open_party(label, key, role, false);
                return;
            }
            const Sub sub = sub_kind(key);
            if (sub != Sub::none) {
                open_sub(label, key, sub, false);
                return;
            }
        }
        if (is_top_level_label(key)) pop_implicit();
        leaf(label, key, value);
    }

    void handle_tag(std::string_view s) {
        if (s.size() >= 2 && s[1] == '/') {
            const std::size_t gt = s.find('>');
            if (gt == std::string_view::npos) {
                out_.warnings.push_back("header: malformed close tag '" + std::string(s) + "'");
                return;
            }
            const std::string name(trim(s.substr(2, gt - 2)));
            close_tag(name);
            return;
        }
        const std::size_t gt = s.find('>');
        if (gt == std::string_view::npos || gt == 1) {
            unlabeled(s);
            return;
        }
        const std::string_view name = trim(s.substr(1, gt - 1));
        std::string_view rest = s.substr(gt + 1);
        while (!rest.empty() && rest.front() == '>') rest.remove_prefix(1);  // <GROUP-MEMBERS>>
        const std::string_view value = trim(rest);
        const std::string_view key = make_key(name, key_buf_);
        if (key == "DOCUMENT") {
            done_ = true;
            return;
        }
        if (is_root(key)) {
            // "<SEC-HEADER>0000950123-24-001234.hdr.sgml : 20240115": the dissemination
            // stamp, kept as a field like any header value (DESIGN §4: not the filing date).
            if (!value.empty()) add_field(std::string(name), value);
            return;
        }
        if (value.empty()) {
            const std::string role = party_role(key);
            if (!role.empty()) {
                open_party(name, key, role, true);
                return;
            }
            const Sub sub = sub_kind(key);
            if (sub != Sub::none) {
                open_sub(name, key, sub, true);
                return;
            }
            if (is_known_tag_container(key) || close_follows(name)) {
                // Tag containers in a text header (series data, MULTI-ACCESSION-NUMBERS) are
                // submission-level: they end the label-nested party block before them.
                pop_implicit();
                Frame f;
                f.name = std::string(name);
                f.key = std::string(key);
                f.kind = Kind::generic;
                f.explicit_close = true;
                stack_.push_back(std::move(f));
                return;
            }
        }
        leaf(name, key, value);
    }

    // Whether '</name>' occurs before the header ends: an empty tag is a container only then
    // (flags such as <PRIVATE-TO-PUBLIC> have no close tag).
    bool close_follows(std::string_view name) const {
        std::string needle = "</";
        needle.append(name).push_back('>');
        if (next_pos_ >= limit_) return false;
        return text_.substr(next_pos_, limit_ - next_pos_).find(needle) != std::string_view::npos;
    }

    void close_tag(const std::string& name) {
        std::string buf;
        const std::string key(make_key(name, buf));
        if (is_end(key)) {
            done_ = true;
            return;
        }
        if (key == "SUBMISSION" || key == "SEC DOCUMENT" || key == "IMS DOCUMENT") {
            done_ = true;
            return;
        }
        for (std::size_t i = stack_.size(); i-- > 0;) {
            if (stack_[i].key == key) {
                for (std::size_t j = i + 1; j < stack_.size(); ++j) {
                    if (stack_[j].explicit_close && stack_[j].kind == Kind::generic) {
                        out_.warnings.push_back("header: container <" + stack_[j].name +
                                                "> closed implicitly by </" + name + ">");
                    }
                }
                stack_.resize(i);
                return;
            }
        }
        out_.warnings.push_back("header: stray close tag </" + name + ">");
    }

    void open_party(std::string_view name, std::string_view key, const std::string& role,
                    bool explicit_close) {
        // A party block is a sibling of any open party block: close it and what it holds.
        for (std::size_t i = 0; i < stack_.size(); ++i) {
            if (stack_[i].kind == Kind::party) {
                stack_.resize(i);
                break;
            }
        }
        model::Party party;
        party.role = role;
        party.seq = static_cast<int>(out_.parties.size()) + 1;
        out_.parties.push_back(std::move(party));
        Frame f;
        f.name = std::string(name);
        f.key = std::string(key);
        f.kind = Kind::party;
        f.explicit_close = explicit_close;
        f.party = static_cast<int>(out_.parties.size()) - 1;
        stack_.push_back(std::move(f));
        seen_field_ = true;
    }

    void open_sub(std::string_view name, std::string_view key, Sub sub, bool explicit_close) {
        // Sub-blocks are siblings within their party block: close the open one first.
        for (std::size_t i = stack_.size(); i-- > 0;) {
            if (stack_[i].kind == Kind::party) {
                stack_.resize(i + 1);
                break;
            }
            if (stack_[i].kind == Kind::sub) {
                stack_.resize(i);
                break;
            }
        }
        Frame f;
        f.name = std::string(name);
        f.key = std::string(key);
        f.kind = Kind::sub;
        f.sub = sub;
        f.explicit_close = explicit_close;
        stack_.push_back(std::move(f));
        if (model::Party* p = current_party()) {
            if (sub == Sub::company_data) p->company_data = true;
            if (sub == Sub::former_company) p->former_names.emplace_back();
        }
        seen_field_ = true;
    }

    // Drops the text-dialect containers (which have no close marker) from the top of the stack.
    void pop_implicit() {
        while (!stack_.empty() && !stack_.back().explicit_close) stack_.pop_back();
    }

    model::Party* current_party() {
        if (stack_.empty()) return nullptr;
        const Frame& top = stack_.back();
        if (top.kind == Kind::party) return &out_.parties[static_cast<std::size_t>(top.party)];
        if (top.kind == Kind::sub && stack_.size() >= 2) {
            const Frame& parent = stack_[stack_.size() - 2];
            if (parent.kind == Kind::party) {
                return &out_.parties[static_cast<std::size_t>(parent.party)];
            }
        }
        return nullptr;
    }

    Sub current_sub() const {
        return !stack_.empty() && stack_.back().kind == Kind::sub ? stack_.back().sub : Sub::none;
    }

    std::string path_for(std::string_view name) const {
        std::string path;
        for (const auto& f : stack_) {
            path.append(f.name).push_back('/');
        }
        path.append(name);
        return path;
    }

    void unlabeled(std::string_view s) {
        out_.warnings.push_back("header: unrecognized line '" + std::string(s.substr(0, 120)) +
                                "'");
        add_field(path_for(""), s);
    }

    void add_field(std::string path, std::string_view value) {
        model::HeaderField field;
        field.seq = static_cast<int>(out_.fields.size()) + 1;
        field.path = std::move(path);
        field.value = std::string(value);
        out_.fields.push_back(std::move(field));
        seen_field_ = true;
    }

    std::string checked_date(std::string_view name, std::string_view value) {
        std::string iso = iso_date(value);
        if (iso.empty() && !value.empty()) {
            out_.warnings.push_back("header: invalid date in " + std::string(name) + ": '" +
                                    std::string(value) + "'");
        }
        return iso;
    }

    static void set_once(std::string& field, std::string_view value) {
        if (field.empty() && !value.empty()) field = std::string(value);
    }

    void leaf(std::string_view name, std::string_view key, std::string_view value) {
        add_field(path_for(name), value);
        if (key == "ACCEPTANCE DATETIME") {
            if (out_.acceptance_datetime.empty() && !value.empty()) {
                out_.acceptance_datetime = acceptance_to_utc(value);
                if (out_.acceptance_datetime.empty()) {
                    out_.warnings.push_back("header: invalid acceptance datetime in " +
                                            std::string(name) + ": '" + std::string(value) + "'");
                }
            }
            return;
        }
        if (stack_.empty()) {
            submission_leaf(name, key, value);
            return;
        }
        if (model::Party* p = current_party()) party_leaf(*p, current_sub(), name, key, value);
    }

    void submission_leaf(std::string_view name, std::string_view key, std::string_view value) {
        if (key == "ACCESSION NUMBER") {
            if (!accession_seen_) {
                accession_seen_ = true;
                out_.accession_number = normalize_accession(value);
                if (out_.accession_number.empty() && !value.empty()) {
                    out_.warnings.push_back("header: invalid accession number in " +
                                            std::string(name) + ": '" + std::string(value) + "'");
                }
            }
        } else if (key == "CONFORMED SUBMISSION TYPE" || key == "TYPE") {
            set_once(out_.form_type, value);
        } else if (key == "PUBLIC DOCUMENT COUNT") {
            if (!out_.declared_document_count && !value.empty()) {
                int count = 0;
                bool ok = value.size() <= 6;
                for (char c : value) {
                    if (c < '0' || c > '9') ok = false;
                    else if (ok) count = count * 10 + (c - '0');
                }
                if (ok) {
                    out_.declared_document_count = count;
                } else {
                    out_.warnings.push_back("header: invalid document count in " +
                                            std::string(name) + ": '" + std::string(value) + "'");
                }
            }
        } else if (key == "CONFORMED PERIOD OF REPORT" || key == "PERIOD") {
            if (out_.period_of_report.empty()) out_.period_of_report = checked_date(name, value);
        } else if (key == "ITEM INFORMATION" || key == "ITEMS") {
            if (!value.empty()) out_.item_values.emplace_back(value);
        } else if (key == "FILED AS OF DATE" || key == "FILING DATE") {
            if (out_.filed_date.empty()) out_.filed_date = checked_date(name, value);
        } else if (key == "DATE AS OF CHANGE" || key == "DATE OF FILING DATE CHANGE") {
            if (out_.date_as_of_change.empty()) out_.date_as_of_change = checked_date(name, value);
        }
    }

    void party_leaf(model::Party& p, Sub sub, std::string_view name, std::string_view key,
                    std::string_view value) {
        if (sub == Sub::business_address || sub == Sub::mail_address) {
            model::Address& a = sub == Sub::business_address ? p.business : p.mail;
            if (key == "STREET 1" || key == "STREET1") set_once(a.street1, value);
            else if (key == "STREET 2" || key == "STREET2") set_once(a.street2, value);
            else if (key == "CITY") set_once(a.city, value);
            else if (key == "STATE") set_once(a.state, state_or_as_written(value));
            else if (key == "ZIP") set_once(a.zip, value);
            else if (key == "BUSINESS PHONE" || key == "PHONE") set_once(a.phone, value);
            return;
        }
        if (sub == Sub::former_company) {
            if (p.former_names.empty()) p.former_names.emplace_back();
            if (key == "FORMER CONFORMED NAME" || key == "FORMER NAME") {
                if (!p.former_names.back().name.empty()) p.former_names.emplace_back();
                p.former_names.back().name = std::string(value);
            } else if (key == "DATE OF NAME CHANGE" || key == "DATE CHANGED") {
                if (!p.former_names.back().date_changed.empty()) p.former_names.emplace_back();
                p.former_names.back().date_changed = checked_date(name, value);
            }
            return;
        }
        if (key == "COMPANY CONFORMED NAME" || key == "CONFORMED NAME" ||
            key == "OWNER CONFORMED NAME") {
            set_once(p.name, value);
        } else if (key == "CENTRAL INDEX KEY" || key == "CIK") {
            if (!p.cik && !value.empty()) {
                p.cik = parse_cik(value);
                if (!p.cik) {
                    out_.warnings.push_back("header: invalid CIK in " + std::string(name) +
                                            ": '" + std::string(value) + "'");
                }
            }
        } else if (key == "STANDARD INDUSTRIAL CLASSIFICATION" || key == "ASSIGNED SIC") {
            if (!p.sic_code && p.sic_description.empty()) {
                Sic sic = parse_sic(value);
                p.sic_code = sic.code;
                p.sic_description = std::move(sic.description);
            }
        } else if (key == "ORGANIZATION NAME") {
            set_once(p.organization_name, value);
        } else if (key == "IRS NUMBER" || key == "EIN") {
            if (p.irs_number.empty()) p.irs_number = normalize_irs(value);
        } else if (key == "STATE OF INCORPORATION") {
            set_once(p.state_of_incorporation, state_or_as_written(value));
        } else if (key == "FISCAL YEAR END") {
            if (p.fiscal_year_end.empty() && !value.empty()) {
                p.fiscal_year_end = month_day(value);
                if (p.fiscal_year_end.empty()) {
                    out_.warnings.push_back("header: invalid fiscal year end in " +
                                            std::string(name) + ": '" + std::string(value) + "'");
                }
            }
        } else if (key == "FORM TYPE") {
            set_once(p.form_type, value);
        } else if (key == "SEC ACT" || key == "ACT") {
            if (p.sec_act.empty()) p.sec_act = normalize_sec_act(value);
        } else if (key == "SEC FILE NUMBER" || key == "FILE NUMBER") {
            set_once(p.file_number, value);
        } else if (key == "FILM NUMBER") {
            set_once(p.film_number, value);
        }
    }

    std::string_view text_;
    std::size_t limit_ = 0;  // end of the header: the first <DOCUMENT>, else the text's end
    std::size_t next_pos_ = 0;
    bool done_ = false;
    bool seen_field_ = false;
    bool accession_seen_ = false;
    std::string key_buf_;
    std::vector<Frame> stack_;
    HeaderData out_;
};

}  // namespace

HeaderData parse_text_header(std::string_view header) { return Builder(header).run(); }

HeaderData parse_tag_header(std::string_view header) { return Builder(header).run(); }

}  // namespace edgarsql::parse
