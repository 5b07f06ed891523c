#include "model/filing.hpp"

#include <array>
#include <string_view>

namespace edgarsql::model {

const char* to_string(SourceKind kind) {
    switch (kind) {
        case SourceKind::full_submission: return "full_submission";
        case SourceKind::nc: return "nc";
        case SourceKind::hdr_sgml: return "hdr_sgml";
        case SourceKind::bare: return "bare";
    }
    return "bare";
}

int precedence_rank(SourceKind kind) { return static_cast<int>(kind); }

const char* to_string(ParseStatus status) {
    return status == ParseStatus::complete ? "complete" : "partial";
}

std::string Filing::warnings_text() const {
    std::string out;
    for (std::size_t i = 0; i < warnings.size(); ++i) {
        if (i > 0) out += '\n';
        out += warnings[i];
    }
    return out;
}

void Filing::warn_partial(std::string message) {
    warnings.push_back(std::move(message));
    parse_status = ParseStatus::partial;
}

std::optional<std::int64_t> primary_cik(const std::vector<Party>& parties) {
    static constexpr std::array<std::string_view, 6> kRoleOrder = {
        "issuer", "subject_company", "filer", "filed_for", "filed_by", "reporting_owner"};
    for (std::string_view role : kRoleOrder) {
        for (const Party& p : parties) {
            if (p.role == role && p.cik) return p.cik;
        }
    }
    for (const Party& p : parties) {
        if (p.cik) return p.cik;
    }
    return std::nullopt;
}

std::string SourceRef::display() const { return member.empty() ? path : path + "!" + member; }

}  // namespace edgarsql::model
