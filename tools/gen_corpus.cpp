// gen_corpus DIR [--size-mb N] [--seed S] [--big-mb M]
//
// Writes a synthetic EDGAR tree of about N MB (decompressed) under DIR, byte-for-byte the same
// for the same seed and size on every platform: the random source is splitmix64 and every
// distribution is computed here (std distributions differ between standard libraries).
//
// The mix, chosen to resemble EDGAR's:
//  - submission sizes log-normal, median 35 KB, 90th percentile 250 KB, capped at 50 MB, plus,
//    from 100 MB of corpus up, one of 10-50 MB per started 400 MB, at evenly spaced points;
//  - the form follows the size: Forms 3/4 and SC 13G small, 8-K/6-K/424B/13F mid, 10-Q/10-K/
//    S-1/DEF 14A large; 8-K items and EX-99.1, 10-K/10-Q full item structure and cover pages,
//    Form 4 and 13F XML bodies;
//  - bodies in HTML (2001 on, mostly) or plain text (before 2001, and some after), a share with
//    windows-1252 or UTF-8 non-ASCII characters;
//  - uuencoded GRAPHIC (gif/jpg) and PDF attachments;
//  - placement: edgar/data/CIK/ACCESSION.txt (plain), a share gzipped (.txt.gz), and a share in
//    the tag dialect as ACCESSION.nc members of Feed/YYYY/QTRn/YYYYMMDD.nc.tar.gz.
// --big-mb M adds one extra submission of M MB (a 10-K) at edgar/data/9199999/.
// Prints a summary (generator version, files, bytes, binary share, form counts) on stdout;
// --version prints the version alone. The version changes whenever the same seed and size
// would give different bytes, so that scripts/bench never measures a stale corpus. Companies and people are
// invented; CIKs are in the unassigned 0009100000-0009199999 range.

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <vector>

namespace {

// 2: HTML markup by era (Font, Span, inline XBRL), about a quarter text like EDGAR's.
// 3: cover pages and tables inside a document's size budget (sizes as generator 1's).
constexpr int kGeneratorVersion = 3;

// ---- deterministic random numbers ------------------------------------------------------------

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL) {}

    std::uint64_t next() {
        // splitmix64: tiny, fast and identical everywhere.
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    /// Uniform integer in [lo, hi].
    std::int64_t range(std::int64_t lo, std::int64_t hi) {
        const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<std::int64_t>(next() % span);
    }
    bool chance(double p) { return uniform() < p; }
    /// Standard normal by Box-Muller.
    double normal() {
        double u1 = uniform();
        while (u1 <= 0.0) u1 = uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template <typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[static_cast<std::size_t>(next() % N)];
    }

private:
    std::uint64_t state_;
};

// ---- vocabulary ------------------------------------------------------------------------------

constexpr std::array<const char*, 40> kNameA = {
    "Larkspur", "Quillmere", "Brackenford", "Halloway", "Thistlecrest", "Ambermoor", "Corvalis",
    "Dunmarsh", "Eldergrove", "Fernhollow", "Glimmerton", "Harrowgate", "Ironvale", "Juniper Point",
    "Kestrelwood", "Lindenbrook", "Marrowstone", "Nettlefield", "Oakharbor", "Pinecastle",
    "Quarrybend", "Ravenmoor", "Saltmarsh", "Tamberlane", "Umberfield", "Verdant Isle",
    "Willowmere", "Yarrowdale", "Zephyrine", "Ashcombe", "Bellwether", "Cinderford", "Driftmoor",
    "Emberlyn", "Foxmere", "Greywater", "Hollowcrest", "Islemoor", "Jasperline", "Kingsmoor"};
constexpr std::array<const char*, 20> kNameB = {
    "Analytics", "Biosciences", "Capital", "Dynamics", "Energy", "Foods", "Growth", "Holdings",
    "Industries", "Logistics", "Materials", "Networks", "Outfitters", "Pharmaceuticals",
    "Realty", "Semiconductor", "Technologies", "Therapeutics", "Utilities", "Ventures"};
constexpr std::array<const char*, 6> kSuffix = {"INC", "CORP", "HOLDINGS INC", "LP", "CO",
                                                "GROUP INC"};
constexpr std::array<const char*, 16> kFirst = {
    "Adelaide", "Bertram", "Cordelia", "Desmond", "Eulalia", "Fitzgerald", "Gwendolyn", "Horatio",
    "Imogen", "Jasper", "Leopold", "Marguerite", "Octavia", "Percival", "Rosalind", "Thaddeus"};
constexpr std::array<const char*, 16> kLast = {
    "Ashgrove", "Blackwood", "Crowther", "Dellacourt", "Everhart", "Fairweather", "Goldfinch",
    "Hartwell", "Ingleby", "Kettering", "Lockridge", "Merriweather", "Northcott", "Pemberton",
    "Redfern", "Stanbury"};
constexpr std::array<const char*, 12> kCity = {"AUSTIN", "DENVER", "COLUMBUS", "RALEIGH",
                                               "PORTLAND", "MINNEAPOLIS", "BOSTON", "NEW YORK",
                                               "SAN JOSE", "NASHVILLE", "TAMPA", "MADISON"};
constexpr std::array<const char*, 12> kStateOf = {"TX", "CO", "OH", "NC", "OR", "MN",
                                                  "MA", "NY", "CA", "TN", "FL", "WI"};
constexpr std::array<const char*, 6> kInc = {"DE", "DE", "NV", "MD", "NY", "E9"};
constexpr std::array<const char*, 8> kSic = {"7372", "2834", "6022", "1311", "3674", "6798",
                                             "2030", "4911"};

constexpr std::array<const char*, 98> kWords = {
    "the", "of", "and", "to", "in", "our", "we", "company", "may", "for", "or", "as", "with",
    "net", "revenue", "income", "operations", "results", "financial", "quarter", "fiscal",
    "year", "increase", "decrease", "compared", "period", "ended", "million", "primarily",
    "due", "higher", "lower", "costs", "expenses", "cash", "flows", "activities", "capital",
    "market", "risk", "factors", "could", "adversely", "affect", "business", "customers",
    "products", "services", "agreement", "credit", "facility", "interest", "rate", "debt",
    "securities", "shares", "common", "stock", "holders", "board", "directors", "management",
    "believe", "expect", "future", "statements", "forward-looking", "subject", "uncertainties",
    "including", "certain", "other", "significant", "changes", "accounting", "policies",
    "estimates", "reported", "amounts", "assets", "liabilities", "equity", "tax", "provision",
    "segment", "growth", "demand", "supply", "competition", "regulatory", "approval", "pursuant",
    "section", "exchange", "act", "registrant", "annual", "report"};

// ---- text builders ---------------------------------------------------------------------------

struct Company {
    std::string name;
    std::string cik;  // 10 digits
    std::string sic;
    std::string city;
    std::string state;
    std::string inc;
    std::string irs;
    std::string file_no;
};

std::string pad(std::int64_t v, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
    return buf;
}

/// How an HTML body is marked up. It follows the era's filing agents, and it matters to the
/// benchmark: the share of text in the bytes sets the cost of text extraction and of the
/// full-text index. Real EDGAR HTML is about a quarter text (docs/benchmarks.md, "Text share").
enum class Markup {
    Plain,   // not HTML
    Font,    // 2001-2008: <P><FONT style=…>, attributes on table cells
    Span,    // 2009-2018: a styled <span> per run of text, styled <td> and <div>
    Inline,  // 2019 on: Span plus inline XBRL (a hidden ix:header, tagged figures and text)
};

Markup markup_for(bool html, int year) {
    if (!html) return Markup::Plain;
    if (year < 2009) return Markup::Font;
    return year < 2019 ? Markup::Span : Markup::Inline;
}

class Writer {
public:
    Writer(Rng& rng, Markup markup, int charset)
        : rng_(rng), markup_(markup), charset_(charset) {}

    Markup markup() const { return markup_; }

    /// A sentence of 8-24 words, sometimes with a figure and a non-ASCII character.
    void sentence(std::string& out) {
        const auto n = rng_.range(8, 24);
        for (std::int64_t i = 0; i < n; ++i) {
            const char* w = rng_.pick(kWords);
            if (i == 0) {
                out += static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
                out += w + 1;
            } else {
                out += ' ';
                out += w;
            }
            if (rng_.chance(0.03)) {
                out += " $";
                out += std::to_string(rng_.range(1, 999));
                out += '.';
                out += std::to_string(rng_.range(0, 9));
                out += " million";
            }
        }
        if (rng_.chance(0.08)) quote(out);
        out += ". ";
    }
    void quote(std::string& out) {
        // A quoted term: curly quotes as an entity (HTML), windows-1252 bytes or UTF-8.
        if (markup_ != Markup::Plain && rng_.chance(0.7)) {
            out += " (the &#8220;Agreement&#8221;)";
        } else if (charset_ == 1) {
            out += " (the \x93" "Agreement\x94)";
        } else if (charset_ == 2) {
            out += " (the \xE2\x80\x9C" "Agreement\xE2\x80\x9D)";
        } else {
            out += " (the \"Agreement\")";
        }
    }
    /// About `bytes` of paragraphs, with a table now and then.
    void paragraphs(std::string& out, std::size_t bytes) {
        const std::size_t end = out.size() + bytes;
        while (out.size() < end) {
            const auto n = rng_.range(2, 6);
            switch (markup_) {
            case Markup::Plain: {
                std::string para;
                for (std::int64_t i = 0; i < n; ++i) sentence(para);
                wrap(out, para);
                out += '\n';
                if (rng_.chance(0.05)) table(out, end > out.size() ? end - out.size() : 0);
                continue;
            }
            case Markup::Font:
                out += "<P style=\"margin-top:0pt; margin-bottom:0pt; text-indent:4%\" "
                       "align=\"justify\">";
                out += kFont;
                for (std::int64_t i = 0; i < n; ++i) sentence(out);
                out += "</FONT></P>\n<P style=\"font-size:6pt; margin-top:0pt; "
                       "margin-bottom:0pt\">&nbsp;</P>\n";
                break;
            case Markup::Span:
            case Markup::Inline: {
                // Text blocks of Inline filings are tagged as a whole now and then.
                const bool tagged = markup_ == Markup::Inline && rng_.chance(0.1);
                if (tagged) {
                    out += "<ix:nonNumeric name=\"us-gaap:";
                    out += rng_.pick(kConcepts);
                    out += "TextBlock\" contextRef=\"c-1\" id=\"f-" + std::to_string(++fact_) +
                           "\" escape=\"true\">";
                }
                out += "<div style=\"margin-top:6pt;text-align:justify;text-indent:24.5pt\">";
                for (std::int64_t i = 0; i < n; ++i) {
                    out += kSpan;
                    sentence(out);
                    out += "</span>";
                }
                out += "</div>\n";
                if (tagged) out += "</ix:nonNumeric>";
                break;
            }
            }
            if (rng_.chance(0.15)) {
                out += markup_ == Markup::Font
                           ? "<P style=\"margin-top:0pt; margin-bottom:0pt\">&nbsp;</P>\n"
                           : "<div style=\"margin-top:0pt;text-align:justify\"><span "
                             "style=\"color:#000000;font-family:'Times New Roman',serif;"
                             "font-size:10pt;font-weight:400;line-height:120%\">&#160;</span>"
                             "</div>\n";
            }
            if (rng_.chance(0.16)) {
                // A table that fits what is left: an HTML table row is about 2 KB of
                // markup, and small documents would otherwise outgrow their size.
                if (out.size() < end) table(out, end - out.size());
            }
        }
    }
    void heading(std::string& out, const std::string& text) {
        switch (markup_) {
        case Markup::Plain:
            out += '\n';
            out += text;
            out += "\n\n";
            return;
        case Markup::Font:
            out += "<P style=\"margin-top:12pt; margin-bottom:0pt\"><FONT style=\"font-family:"
                   "'Times New Roman',Times,serif; font-size:10pt\"><B>";
            out += text;
            out += "</B></FONT></P>\n";
            return;
        case Markup::Span:
        case Markup::Inline:
            out += "<div style=\"margin-top:12pt;text-align:left\"><span style=\"color:#000000;"
                   "font-family:'Times New Roman',serif;font-size:10pt;font-weight:700;"
                   "line-height:120%\">";
            out += text;
            out += "</span></div>\n";
            return;
        }
    }
    /// A short line (exhibit lists, signatures).
    void line(std::string& out, const std::string& text) {
        switch (markup_) {
        case Markup::Plain:
            out += text + "\n";
            return;
        case Markup::Font:
            out += "<P style=\"margin-top:0pt\">" + std::string(kFont) + text + "</FONT></P>\n";
            return;
        case Markup::Span:
        case Markup::Inline:
            out += "<div style=\"margin-top:0pt\">" + std::string(kSpan) + text + "</span></div>\n";
            return;
        }
    }
    /// The hidden inline XBRL header (contexts and units) that opens an Inline document, about
    /// 330 bytes per context and no visible text; nothing for other markups.
    void ix_header(std::string& out, const std::string& cik, const std::string& date,
                   int contexts) {
        if (markup_ != Markup::Inline) return;
        out += "<div style=\"display:none\"><ix:header><ix:hidden><ix:nonNumeric name=\""
               "dei:AmendmentFlag\" contextRef=\"c-1\" id=\"f-1\">false</ix:nonNumeric>"
               "</ix:hidden><ix:references><link:schemaRef xlink:type=\"simple\" xlink:href=\""
               "co-" + date + ".xsd\"></link:schemaRef></ix:references><ix:resources>\n";
        const std::string y = date.substr(0, 4);
        for (int i = 1; i <= contexts; ++i) {
            out += "<xbrli:context id=\"c-" + std::to_string(i) + "\"><xbrli:entity>"
                   "<xbrli:identifier scheme=\"http://www.sec.gov/CIK\">" + cik +
                   "</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>" + y +
                   "-01-01</xbrli:startDate><xbrli:endDate>" + y + "-12-31</xbrli:endDate>"
                   "</xbrli:period></xbrli:context>\n";
        }
        out += "<xbrli:unit id=\"usd\"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>"
               "</ix:resources></ix:header></div>\n";
    }

private:
    static constexpr const char* kFont =
        "<FONT style=\"font-family:'Times New Roman',Times,serif; font-size:10pt\">";
    static constexpr const char* kSpan =
        "<span style=\"color:#000000;font-family:'Times New Roman',serif;font-size:10pt;"
        "font-weight:400;line-height:120%\">";
    static constexpr std::array<const char*, 6> kConcepts = {
        "RevenueRecognitionPolicy", "DebtDisclosure", "IncomeTaxDisclosure",
        "CommitmentsAndContingencies", "SegmentReportingDisclosure", "LeasesOfLessee"};

    void wrap(std::string& out, const std::string& para) {
        std::size_t col = 0;
        std::size_t i = 0;
        while (i < para.size()) {
            std::size_t j = para.find(' ', i);
            if (j == std::string::npos) j = para.size();
            if (col + (j - i) > 76 && col > 0) {
                out += '\n';
                col = 0;
            }
            out.append(para, i, j - i);
            out += ' ';
            col += j - i + 1;
            i = j + 1;
        }
        out += '\n';
    }
    /// The label of a table row: two words.
    void row_label(std::string& out) {
        out += rng_.pick(kWords);
        out += ' ';
        out += rng_.pick(kWords);
    }
    std::string figure() {
        return std::to_string(rng_.range(1, 99)) + ',' + pad(rng_.range(0, 999), 3);
    }
    /// A table of 4-14 rows, fewer when the rows would pass `room` bytes.
    void table(std::string& out, std::size_t room) {
        const std::size_t start = out.size();
        auto full = [&] { return out.size() - start > room; };
        const auto rows = rng_.range(4, 14);
        switch (markup_) {
        case Markup::Plain:
            out += "<TABLE>\n<S>                                   <C>          <C>\n";
            for (std::int64_t r = 0; r < rows && !full(); ++r) {
                char line[128];
                std::snprintf(line, sizeof line, "%-36s $%9lld   $%9lld\n",
                              rng_.pick(kWords), static_cast<long long>(rng_.range(1, 99999)),
                              static_cast<long long>(rng_.range(1, 99999)));
                out += line;
            }
            out += "</TABLE>\n";
            return;
        case Markup::Font:
            out += "<TABLE style=\"font-size:10pt\" cellspacing=\"0\" border=\"0\" "
                   "cellpadding=\"0\" width=\"100%\">\n";
            for (std::int64_t r = 0; r < rows && !full(); ++r) {
                out += r % 2 == 0 ? "<TR valign=\"bottom\" bgcolor=\"#CCEEFF\">"
                                  : "<TR valign=\"bottom\">";
                out += "<TD width=\"52%\" valign=\"top\"><DIV style=\"margin-left:10px; "
                       "text-indent:-10px\">";
                out += kFont;
                row_label(out);
                out += "</FONT></DIV></TD>";
                for (int c = 0; c < 3; ++c) {
                    out += "<TD width=\"1%\">&nbsp;</TD><TD width=\"1%\" align=\"left\">";
                    out += kFont;
                    out += "$</FONT></TD><TD width=\"14%\" align=\"right\">";
                    out += kFont;
                    out += figure();
                    out += "</FONT></TD><TD width=\"1%\" nowrap align=\"left\">&nbsp;</TD>";
                }
                out += "</TR>\n";
            }
            out += "</TABLE>\n";
            return;
        case Markup::Span:
        case Markup::Inline:
            out += "<div style=\"margin-top:6pt;text-align:center\"><table style=\"border-"
                   "collapse:collapse;display:inline-table;margin-bottom:5pt;vertical-align:"
                   "text-bottom;width:100.000%\"><tr><td style=\"width:1.0%\"></td><td style=\""
                   "width:52.0%\"></td><td style=\"width:0.1%\"></td><td style=\"width:1.0%\">"
                   "</td><td style=\"width:14.0%\"></td></tr>\n";
            for (std::int64_t r = 0; r < rows && !full(); ++r) {
                const char* bg = r % 2 == 0 ? "background-color:#cceeff;" : "";
                out += "<tr><td colspan=\"3\" style=\"";
                out += bg;
                out += "padding:2px 1pt;text-align:left;vertical-align:bottom\">"
                       "<span style=\"color:#000000;font-family:'Times New Roman',serif;"
                       "font-size:9pt;font-weight:400;line-height:100%\">";
                row_label(out);
                out += "</span></td>";
                for (int c = 0; c < 3; ++c) {
                    out += "<td style=\"";
                    out += bg;
                    out += "padding:2px 0 2px 1pt;text-align:left;vertical-align:bottom\">"
                           "<span style=\"color:#000000;font-family:'Times New Roman',serif;"
                           "font-size:9pt;font-weight:400;line-height:100%\">$</span></td>"
                           "<td style=\"";
                    out += bg;
                    out += "padding:2px 0;text-align:right;vertical-align:bottom\"><span "
                           "style=\"color:#000000;font-family:'Times New Roman',serif;"
                           "font-size:9pt;font-weight:400;line-height:100%\">";
                    if (markup_ == Markup::Inline) {
                        out += "<ix:nonFraction unitRef=\"usd\" contextRef=\"c-" +
                               std::to_string(c + 1) + "\" decimals=\"-3\" name=\"us-gaap:";
                        out += rng_.pick(kConcepts);
                        out += "\" format=\"ixt:num-dot-decimal\" scale=\"3\" id=\"f-" +
                               std::to_string(++fact_) + "\">" + figure() + "</ix:nonFraction>";
                    } else {
                        out += figure();
                    }
                    out += "</span></td>";
                }
                out += "</tr>\n";
            }
            out += "</table></div>\n";
            return;
        }
    }

    Rng& rng_;
    Markup markup_;
    int charset_;  // 0 ASCII, 1 windows-1252, 2 UTF-8
    std::uint64_t fact_ = 1;
};

// ---- submissions -----------------------------------------------------------------------------

struct Document {
    std::string type;
    std::string filename;
    std::string description;
    std::string body;  // between <TEXT> and </TEXT>
    bool binary = false;
};

struct Submission {
    std::string accession;
    std::string form;
    std::string date;  // YYYYMMDD
    std::string period;
    std::vector<std::string> items;  // 8-K item numbers
    const Company* filer = nullptr;
    const Company* issuer = nullptr;  // Form 3/4: the issuer; 13G: subject company
    std::string owner_name;           // Form 3/4 reporting person
    std::string owner_cik;
    std::vector<Document> docs;
};

const char* item_title(const std::string& item) {
    static const std::map<std::string, const char*> titles = {
        {"1.01", "Entry into a Material Definitive Agreement"},
        {"2.02", "Results of Operations and Financial Condition"},
        {"5.02", "Departure of Directors or Certain Officers; Election of Directors"},
        {"7.01", "Regulation FD Disclosure"},
        {"8.01", "Other Events"},
        {"9.01", "Financial Statements and Exhibits"}};
    const auto it = titles.find(item);
    return it == titles.end() ? "Other Events" : it->second;
}

struct ItemSpec {
    const char* part;
    const char* number;
    const char* title;
};
constexpr std::array<ItemSpec, 23> k10KItems = {{
    {"PART I", "1", "Business"}, {"", "1A", "Risk Factors"},
    {"", "1B", "Unresolved Staff Comments"}, {"", "1C", "Cybersecurity"},
    {"", "2", "Properties"}, {"", "3", "Legal Proceedings"}, {"", "4", "Mine Safety Disclosures"},
    {"PART II", "5", "Market for Registrant's Common Equity, Related Stockholder Matters and "
                     "Issuer Purchases of Equity Securities"},
    {"", "6", "[Reserved]"},
    {"", "7", "Management's Discussion and Analysis of Financial Condition and Results of "
              "Operations"},
    {"", "7A", "Quantitative and Qualitative Disclosures About Market Risk"},
    {"", "8", "Financial Statements and Supplementary Data"},
    {"", "9", "Changes in and Disagreements with Accountants on Accounting and Financial "
              "Disclosure"},
    {"", "9A", "Controls and Procedures"}, {"", "9B", "Other Information"},
    {"PART III", "10", "Directors, Executive Officers and Corporate Governance"},
    {"", "11", "Executive Compensation"},
    {"", "12", "Security Ownership of Certain Beneficial Owners and Management and Related "
               "Stockholder Matters"},
    {"", "13", "Certain Relationships and Related Transactions, and Director Independence"},
    {"", "14", "Principal Accountant Fees and Services"},
    {"PART IV", "15", "Exhibits and Financial Statement Schedules"},
    {"", "16", "Form 10-K Summary"}, {"", "", ""}}};
constexpr std::array<ItemSpec, 11> k10QItems = {{
    {"PART I - FINANCIAL INFORMATION", "1", "Financial Statements"},
    {"", "2", "Management's Discussion and Analysis of Financial Condition and Results of "
              "Operations"},
    {"", "3", "Quantitative and Qualitative Disclosures About Market Risk"},
    {"", "4", "Controls and Procedures"},
    {"PART II - OTHER INFORMATION", "1", "Legal Proceedings"}, {"", "1A", "Risk Factors"},
    {"", "2", "Unregistered Sales of Equity Securities and Use of Proceeds"},
    {"", "3", "Defaults Upon Senior Securities"}, {"", "4", "Mine Safety Disclosures"},
    {"", "5", "Other Information"}, {"", "6", "Exhibits"}}};

std::string month_name(const std::string& date) {
    static const std::array<const char*, 12> names = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const int m = std::atoi(date.substr(4, 2).c_str());
    return std::string(names[static_cast<std::size_t>(m - 1)]) + " " +
           std::to_string(std::atoi(date.substr(6, 2).c_str())) + ", " + date.substr(0, 4);
}

class Generator {
public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    void make_companies(std::size_t n) {
        companies_.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            Company c;
            c.name = std::string(rng_.pick(kNameA)) + " " + rng_.pick(kNameB) + " " +
                     rng_.pick(kSuffix);
            for (char& ch : c.name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            c.cik = pad(9100000 + static_cast<std::int64_t>(i), 10);
            c.sic = rng_.pick(kSic);
            const auto k = static_cast<std::size_t>(rng_.range(0, kCity.size() - 1));
            c.city = kCity[k];
            c.state = kStateOf[k];
            c.inc = rng_.pick(kInc);
            c.irs = pad(rng_.range(100000000, 999999999), 9);
            c.file_no = "001-" + pad(rng_.range(10000, 39999), 5);
            companies_.push_back(std::move(c));
        }
    }

    /// Target size in bytes: log-normal, median 35 KB, p90 250 KB, 1 KB..50 MB.
    std::size_t sample_size() {
        const double mu = std::log(35000.0);
        const double sigma = std::log(250000.0 / 35000.0) / 1.2815515655446004;
        // 0.97: the headers and markup the writers add on top of a target.
        const double v = 0.97 * std::exp(mu + sigma * rng_.normal());
        return static_cast<std::size_t>(std::min(std::max(v, 2500.0), 50e6));
    }

    Submission make(std::size_t target, const std::string& forced_form = {}) {
        Submission s;
        s.form = forced_form.empty() ? pick_form(target) : forced_form;
        const int year = static_cast<int>(rng_.range(1996, 2024));
        const int month = static_cast<int>(rng_.range(1, 12));
        const int day = static_cast<int>(rng_.range(1, 28));
        s.date = pad(year, 4) + pad(month, 2) + pad(day, 2);
        s.period = s.date;
        s.filer = &companies_[static_cast<std::size_t>(rng_.next() % companies_.size())];
        s.accession = s.filer->cik + "-" + pad(year % 100, 2) + "-" + pad(++serial_, 6);
        const bool html = year >= 2001 ? rng_.chance(0.85) : rng_.chance(0.05);
        const double cr = rng_.uniform();
        const int charset = cr < 0.1 ? 1 : (cr < 0.25 ? 2 : 0);
        Writer w(rng_, markup_for(html, year), charset);

        // The binary share: graphics in a fifth of the HTML filings, PDFs in some large ones.
        std::size_t binary_budget = 0;
        if (html && target > 60000 && rng_.chance(0.35)) {
            binary_budget = static_cast<std::size_t>(static_cast<double>(target) *
                                                      (0.2 + 0.4 * rng_.uniform()));
        } else if (html && rng_.chance(0.2)) {
            binary_budget = static_cast<std::size_t>(rng_.range(3000, 30000));
        }
        std::size_t text_budget = target > binary_budget + 1500 ? target - binary_budget - 1500
                                                                : 1000;

        if (s.form == "4" || s.form == "3") {
            form4(s, text_budget);
        } else if (s.form == "13F-HR") {
            form13f(s, text_budget);
        } else if (s.form == "8-K") {
            form8k(s, w, html, text_budget);
        } else if (s.form == "10-K" || s.form == "10-Q") {
            periodic(s, w, html, text_budget);
        } else {
            generic(s, w, html, text_budget);
        }
        while (binary_budget > 0) {
            const bool pdf = binary_budget > 80000 && rng_.chance(0.5);
            std::size_t n = pdf ? std::min<std::size_t>(binary_budget, static_cast<std::size_t>(rng_.range(60000, 3000000)))
                                : std::min<std::size_t>(binary_budget, static_cast<std::size_t>(rng_.range(3000, 90000)));
            binary_budget -= n;
            Document d;
            d.binary = true;
            const auto seq = s.docs.size() + 1;
            if (pdf) {
                d.type = s.form;
                d.filename = "d" + pad(static_cast<std::int64_t>(seq), 2) + ".pdf";
                d.description = "PDF copy";
                uuencode(d.body, d.filename, n * 3 / 4, "%PDF-1.4\n");
            } else {
                const bool gif = rng_.chance(0.5);
                d.type = "GRAPHIC";
                d.filename = "g" + pad(static_cast<std::int64_t>(seq), 3) + (gif ? ".gif" : ".jpg");
                d.description = "GRAPHIC";
                uuencode(d.body, d.filename, n * 3 / 4, gif ? "GIF89a" : "\xFF\xD8\xFF\xE0");
            }
            s.docs.push_back(std::move(d));
        }
        return s;
    }

    std::string render_text(const Submission& s) {
        std::string out;
        out.reserve(total_size(s) + 4096);
        out += "<SEC-DOCUMENT>" + s.accession + ".txt : " + s.date + "\n";
        out += "<SEC-HEADER>" + s.accession + ".hdr.sgml : " + s.date + "\n";
        if (s.date >= "2001") out += "<ACCEPTANCE-DATETIME>" + s.date + "163045\n";
        out += "ACCESSION NUMBER:\t\t" + s.accession + "\n";
        out += "CONFORMED SUBMISSION TYPE:\t" + s.form + "\n";
        out += "PUBLIC DOCUMENT COUNT:\t\t" + std::to_string(s.docs.size()) + "\n";
        out += "CONFORMED PERIOD OF REPORT:\t" + s.period + "\n";
        for (const auto& item : s.items) {
            out += "ITEM INFORMATION:\t\t";
            out += s.date >= "2004" ? item_title(item) : item;
            out += "\n";
        }
        out += "FILED AS OF DATE:\t\t" + s.date + "\n";
        out += "DATE AS OF CHANGE:\t\t" + s.date + "\n\n";
        if (s.issuer != nullptr && (s.form == "4" || s.form == "3")) {
            out += "REPORTING-OWNER:\n\n\tOWNER DATA:\t\n\t\tCOMPANY CONFORMED NAME:\t\t\t" +
                   s.owner_name + "\n\t\tCENTRAL INDEX KEY:\t\t\t" + s.owner_cik +
                   "\n\n\tFILING VALUES:\n\t\tFORM TYPE:\t\t" + s.form +
                   "\n\t\tSEC ACT:\t\t1934 Act\n\n";
            text_company(out, "ISSUER", *s.issuer, s.form, false);
        } else if (s.issuer != nullptr) {
            text_company(out, "SUBJECT COMPANY", *s.issuer, s.form, true);
            text_company(out, "FILED BY", *s.filer, s.form, true);
        } else {
            text_company(out, "FILER", *s.filer, s.form, true);
        }
        out += "</SEC-HEADER>\n";
        for (std::size_t i = 0; i < s.docs.size(); ++i) {
            const Document& d = s.docs[i];
            out += "<DOCUMENT>\n<TYPE>" + d.type + "\n<SEQUENCE>" + std::to_string(i + 1) +
                   "\n<FILENAME>" + d.filename + "\n";
            if (!d.description.empty()) out += "<DESCRIPTION>" + d.description + "\n";
            out += "<TEXT>\n";
            out += d.body;
            out += "</TEXT>\n</DOCUMENT>\n";
        }
        out += "</SEC-DOCUMENT>\n";
        return out;
    }

    std::string render_nc(const Submission& s) {
        std::string out;
        out.reserve(total_size(s) + 4096);
        out += "<SUBMISSION>\n<ACCESSION-NUMBER>" + s.accession + "\n<TYPE>" + s.form +
               "\n<PUBLIC-DOCUMENT-COUNT>" + std::to_string(s.docs.size()) + "\n<PERIOD>" +
               s.period + "\n";
        for (const auto& item : s.items) out += "<ITEMS>" + item + "\n";
        out += "<FILING-DATE>" + s.date + "\n<DATE-OF-FILING-DATE-CHANGE>" + s.date + "\n";
        if (s.issuer != nullptr && (s.form == "4" || s.form == "3")) {
            out += "<REPORTING-OWNER>\n<OWNER-DATA>\n<CONFORMED-NAME>" + s.owner_name +
                   "\n<CIK>" + s.owner_cik + "\n</OWNER-DATA>\n</REPORTING-OWNER>\n";
            nc_company(out, "ISSUER", *s.issuer, s.form);
        } else if (s.issuer != nullptr) {
            nc_company(out, "SUBJECT-COMPANY", *s.issuer, s.form);
            nc_company(out, "FILED-BY", *s.filer, s.form);
        } else {
            nc_company(out, "FILER", *s.filer, s.form);
        }
        for (std::size_t i = 0; i < s.docs.size(); ++i) {
            const Document& d = s.docs[i];
            out += "<DOCUMENT>\n<TYPE>" + d.type + "\n<SEQUENCE>" + std::to_string(i + 1) +
                   "\n<FILENAME>" + d.filename + "\n";
            if (!d.description.empty()) out += "<DESCRIPTION>" + d.description + "\n";
            out += "<TEXT>\n";
            out += d.body;
            out += "</TEXT>\n</DOCUMENT>\n";
        }
        out += "</SUBMISSION>\n";
        return out;
    }

private:
    static std::size_t total_size(const Submission& s) {
        std::size_t n = 0;
        for (const auto& d : s.docs) n += d.body.size() + 200;
        return n;
    }

    std::string pick_form(std::size_t target) {
        const double u = rng_.uniform();
        if (target < 15000) {
            if (u < 0.55) return "4";
            if (u < 0.65) return "3";
            if (u < 0.85) return "SC 13G";
            return "8-K";
        }
        if (target < 60000) {
            if (u < 0.25) return "4";
            if (u < 0.65) return "8-K";
            if (u < 0.75) return "6-K";
            if (u < 0.85) return "13F-HR";
            return "SC 13G";
        }
        if (target < 250000) {
            if (u < 0.35) return "8-K";
            if (u < 0.55) return "10-Q";
            if (u < 0.7) return "13F-HR";
            if (u < 0.85) return "424B2";
            return "6-K";
        }
        if (u < 0.35) return "10-K";
        if (u < 0.6) return "10-Q";
        if (u < 0.75) return "S-1";
        if (u < 0.88) return "DEF 14A";
        return "424B2";
    }

    void text_company(std::string& out, const char* role, const Company& c,
                      const std::string& form, bool full) {
        out += role;
        out += ":\t\n\n\tCOMPANY DATA:\t\n\t\tCOMPANY CONFORMED NAME:\t\t\t" + c.name +
               "\n\t\tCENTRAL INDEX KEY:\t\t\t" + c.cik + "\n";
        if (full) {
            out += "\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\tSERVICES-MISC [" + c.sic + "]\n";
            out += "\t\tIRS NUMBER:\t\t\t\t" + c.irs + "\n\t\tSTATE OF INCORPORATION:\t\t\t" +
                   c.inc + "\n\t\tFISCAL YEAR END:\t\t\t1231\n";
            out += "\n\tFILING VALUES:\n\t\tFORM TYPE:\t\t" + form +
                   "\n\t\tSEC ACT:\t\t1934 Act\n\t\tSEC FILE NUMBER:\t" + c.file_no +
                   "\n\t\tFILM NUMBER:\t\t" + pad(rng_.range(10000000, 99999999), 8) + "\n";
        }
        out += "\n\tBUSINESS ADDRESS:\t\n\t\tSTREET 1:\t\t" +
               std::to_string(rng_.range(100, 9999)) + " " + rng_.pick(kNameA) +
               " PARKWAY\n\t\tCITY:\t\t\t" + c.city + "\n\t\tSTATE:\t\t\t" + c.state +
               "\n\t\tZIP:\t\t\t" + pad(rng_.range(10000, 99999), 5) +
               "\n\t\tBUSINESS PHONE:\t\t(555) 555-" + pad(rng_.range(0, 9999), 4) + "\n\n";
    }

    void nc_company(std::string& out, const char* role, const Company& c, const std::string& form) {
        out += std::string("<") + role + ">\n<COMPANY-DATA>\n<CONFORMED-NAME>" + c.name +
               "\n<CIK>" + c.cik + "\n<ASSIGNED-SIC>" + c.sic + "\n<IRS-NUMBER>" + c.irs +
               "\n<STATE-OF-INCORPORATION>" + c.inc + "\n<FISCAL-YEAR-END>1231\n</COMPANY-DATA>\n"
               "<FILING-VALUES>\n<FORM-TYPE>" + form + "\n<ACT>34\n<FILE-NUMBER>" + c.file_no +
               "\n<FILM-NUMBER>" + pad(rng_.range(10000000, 99999999), 8) +
               "\n</FILING-VALUES>\n<BUSINESS-ADDRESS>\n<STREET1>" +
               std::to_string(rng_.range(100, 9999)) + " " + rng_.pick(kNameA) +
               " PARKWAY\n<CITY>" + c.city + "\n<STATE>" + c.state + "\n<ZIP>" +
               pad(rng_.range(10000, 99999), 5) + "\n<PHONE>555-555-" +
               pad(rng_.range(0, 9999), 4) + "\n</BUSINESS-ADDRESS>\n</" + role + ">\n";
    }

    std::string person() {
        return std::string(rng_.pick(kLast)) + " " + rng_.pick(kFirst) + " " +
               static_cast<char>('A' + rng_.range(0, 25));
    }

    void cover(std::string& out, const Submission& s, Writer& w, const char* title,
               int contexts) {
        const Company& c = *s.filer;
        if (w.markup() != Markup::Plain) {
            out += "<html>\n<head>\n<title>" + c.name + "</title>\n</head>\n<body style=\"font: "
                   "10pt Times New Roman, Times, Serif\">\n";
            w.ix_header(out, c.cik, s.date, contexts);
            out += "<div style=\"text-align:center\"><b>UNITED STATES<br>SECURITIES AND EXCHANGE "
                   "COMMISSION</b><br>Washington, D.C. 20549</div>\n";
            out += std::string("<div style=\"text-align:center;margin-top:12pt\"><b>") + title +
                   "</b></div>\n";
            out += "<div style=\"text-align:center\">For the period ended " +
                   month_name(s.period) + "</div>\n";
            out += "<div style=\"text-align:center;margin-top:12pt\"><b>" + c.name +
                   "</b><br>(Exact name of registrant as specified in its charter)</div>\n";
            out += "<table style=\"width:100%\"><tr><td style=\"text-align:center\"><b>" + c.inc +
                   "</b></td><td style=\"text-align:center\"><b>" + c.file_no +
                   "</b></td><td style=\"text-align:center\"><b>" + c.irs.substr(0, 2) + "-" +
                   c.irs.substr(2) + "</b></td></tr>\n<tr><td>(State or other jurisdiction of "
                   "incorporation)</td><td>(Commission File Number)</td><td>(IRS Employer "
                   "Identification No.)</td></tr></table>\n";
            out += "<div style=\"text-align:center\">" + c.city + ", " + c.state +
                   "<br>(Address of principal executive offices)</div>\n";
        } else {
            out += "                      SECURITIES AND EXCHANGE COMMISSION\n"
                   "                            WASHINGTON, D.C. 20549\n\n";
            out += std::string("                                  ") + title + "\n\n";
            out += "                 For the period ended " + month_name(s.period) + "\n\n";
            out += "                         " + c.name + "\n" +
                   "          (Exact name of registrant as specified in its charter)\n\n";
            out += "        " + c.inc + "                  " + c.file_no + "              " +
                   c.irs.substr(0, 2) + "-" + c.irs.substr(2) + "\n";
            out += "(State or other jurisdiction  (Commission File Number)  (IRS Employer\n"
                   " of incorporation)                                  Identification No.)\n\n";
        }
    }
    static void close_html(std::string& out, bool html) {
        if (html) out += "</body>\n</html>\n";
    }

    void form8k(Submission& s, Writer& w, bool html, std::size_t budget) {
        static const std::array<std::array<const char*, 3>, 5> sets = {{
            {"2.02", "9.01", ""}, {"5.02", "9.01", ""}, {"8.01", "", ""},
            {"1.01", "9.01", ""}, {"7.01", "9.01", ""}}};
        const auto& set = sets[static_cast<std::size_t>(rng_.next() % sets.size())];
        for (const char* it : set) {
            if (*it != '\0') s.items.emplace_back(it);
        }
        const bool ex99 = s.items.back() == "9.01";
        Document d;
        d.type = "8-K";
        d.filename = lower_ticker(*s.filer) + "-" + s.date + (html ? ".htm" : ".txt");
        d.description = "FORM 8-K";
        cover(d.body, s, w, "FORM 8-K<br>CURRENT REPORT", static_cast<int>(rng_.range(2, 6)));
        // The items share what the cover page (and its inline XBRL header) left.
        const std::size_t main_budget = ex99 ? budget / 3 : budget;
        const std::size_t cover_bytes = d.body.size();
        const std::size_t per_item =
            (main_budget > 2 * cover_bytes ? main_budget - cover_bytes : main_budget / 2) /
            s.items.size();
        for (const auto& item : s.items) {
            w.heading(d.body, "Item " + item + ". " + item_title(item));
            w.paragraphs(d.body, per_item);
            if (item == "9.01") {
                w.heading(d.body, "(d) Exhibits");
                w.line(d.body, "99.1   Press release dated " + month_name(s.date));
            }
        }
        w.heading(d.body, "SIGNATURES");
        w.line(d.body, "/s/ " + person());
        close_html(d.body, html);
        s.docs.push_back(std::move(d));
        if (ex99) {
            Document e;
            e.type = "EX-99.1";
            e.filename = lower_ticker(*s.filer) + "-ex991" + (html ? ".htm" : ".txt");
            e.description = "PRESS RELEASE";
            if (html) e.body += "<html><body>\n";
            w.heading(e.body, s.filer->name + " Reports Results");
            w.paragraphs(e.body, budget - budget / 3);
            close_html(e.body, html);
            s.docs.push_back(std::move(e));
        }
    }

    void periodic(Submission& s, Writer& w, bool html, std::size_t budget) {
        const bool annual = s.form == "10-K";
        Document d;
        d.type = s.form;
        d.filename = lower_ticker(*s.filer) + "-" + s.date + (annual ? "-10k" : "-10q") +
                     (html ? ".htm" : ".txt");
        d.description = annual ? "ANNUAL REPORT" : "QUARTERLY REPORT";
        // A share of the budget goes to exhibits (EX-21, EX-31.1, EX-32.1, EX-10.x).
        const auto n_ex = static_cast<std::size_t>(rng_.range(2, annual ? 12 : 5));
        const std::size_t ex_budget = budget / 5;
        const std::size_t main_budget = budget - ex_budget;
        cover(d.body, s, w, annual ? "FORM 10-K" : "FORM 10-Q",
              static_cast<int>(std::min<std::size_t>(300, 4 + main_budget / 3000)));
        // Table of contents, then the items.
        const ItemSpec* specs = annual ? k10KItems.data() : k10QItems.data();
        const std::size_t count = annual ? k10KItems.size() - 1 : k10QItems.size();
        for (std::size_t i = 0; i < count; ++i) {
            if (*specs[i].part != '\0') w.heading(d.body, specs[i].part);
            w.line(d.body, std::string("Item ") + specs[i].number + ".  " + specs[i].title);
        }
        // Items 1, 1A, 2, 7 and 8 carry most of the text.
        auto weight = [](const std::string& num) {
            return num == "1" || num == "1A" || num == "2" || num == "7" || num == "8" ? 4.0
                                                                                       : 0.3;
        };
        double total_weight = 0;
        for (std::size_t i = 0; i < count; ++i) total_weight += weight(specs[i].number);
        // The items share what the cover page, its inline XBRL header and the table of
        // contents left.
        const std::size_t items_budget =
            main_budget > 2 * d.body.size() ? main_budget - d.body.size() : main_budget / 2;
        for (std::size_t i = 0; i < count; ++i) {
            if (*specs[i].part != '\0') w.heading(d.body, specs[i].part);
            w.heading(d.body, std::string("Item ") + specs[i].number + ". " + specs[i].title);
            w.paragraphs(d.body, static_cast<std::size_t>(static_cast<double>(items_budget) *
                                                          weight(specs[i].number) /
                                                          total_weight));
        }
        w.heading(d.body, "SIGNATURES");
        close_html(d.body, html);
        s.docs.push_back(std::move(d));
        static const std::array<const char*, 6> ex_types = {"EX-31.1", "EX-31.2", "EX-32.1",
                                                            "EX-21.1", "EX-23.1", "EX-10.1"};
        for (std::size_t i = 0; i < n_ex; ++i) {
            Document e;
            e.type = i < ex_types.size() ? ex_types[i] : "EX-10." + std::to_string(i);
            e.filename = lower_ticker(*s.filer) + "-ex" + std::to_string(i + 1) +
                         (html ? ".htm" : ".txt");
            e.description = "EXHIBIT";
            if (html) e.body += "<html><body>\n";
            w.paragraphs(e.body, ex_budget / n_ex);
            close_html(e.body, html);
            s.docs.push_back(std::move(e));
        }
    }

    void generic(Submission& s, Writer& w, bool html, std::size_t budget) {
        if (s.form == "SC 13G") {
            s.issuer = &companies_[static_cast<std::size_t>(rng_.next() % companies_.size())];
            if (s.issuer == s.filer) s.issuer = nullptr;
        }
        const auto n_docs = static_cast<std::size_t>(
            budget > 200000 ? rng_.range(2, 30) : rng_.range(1, 3));
        for (std::size_t i = 0; i < n_docs; ++i) {
            Document d;
            d.type = i == 0 ? s.form : "EX-" + std::to_string(rng_.range(1, 99)) + "." +
                                           std::to_string(rng_.range(1, 9));
            d.filename = lower_ticker(*s.filer) + "-" + std::to_string(i + 1) +
                         (html ? ".htm" : ".txt");
            d.description = i == 0 ? s.form : "EXHIBIT";
            if (i == 0) {
                cover(d.body, s, w, s.form.c_str(), 0);
            } else if (html) {
                d.body += "<html><body>\n";
            }
            w.paragraphs(d.body, n_docs == 1 ? budget : i == 0 ? budget / 2 : budget / 2 / (n_docs - 1));
            close_html(d.body, html);
            s.docs.push_back(std::move(d));
        }
    }

    void form4(Submission& s, std::size_t budget) {
        s.issuer = s.filer;
        s.owner_name = person();
        s.owner_cik = pad(9150000 + rng_.range(0, 49999), 10);
        Document d;
        d.type = s.form;
        d.filename = "form" + s.form + ".xml";
        d.description = "FORM " + s.form;
        std::string& b = d.body;
        b += "<XML>\n<?xml version=\"1.0\"?>\n<ownershipDocument>\n"
             "    <schemaVersion>X0306</schemaVersion>\n    <documentType>" + s.form +
             "</documentType>\n    <periodOfReport>" + s.date.substr(0, 4) + "-" +
             s.date.substr(4, 2) + "-" + s.date.substr(6, 2) + "</periodOfReport>\n"
             "    <issuer>\n        <issuerCik>" + s.issuer->cik + "</issuerCik>\n"
             "        <issuerName>" + s.issuer->name + "</issuerName>\n"
             "        <issuerTradingSymbol>" + upper_ticker(*s.issuer) +
             "</issuerTradingSymbol>\n    </issuer>\n    <reportingOwner>\n"
             "        <reportingOwnerId>\n            <rptOwnerCik>" + s.owner_cik +
             "</rptOwnerCik>\n            <rptOwnerName>" + s.owner_name +
             "</rptOwnerName>\n        </reportingOwnerId>\n"
             "        <reportingOwnerRelationship>\n            <isOfficer>1</isOfficer>\n"
             "            <officerTitle>Chief Financial Officer</officerTitle>\n"
             "        </reportingOwnerRelationship>\n    </reportingOwner>\n"
             "    <nonDerivativeTable>\n";
        while (b.size() < budget) {
            b += "        <nonDerivativeTransaction>\n            <securityTitle><value>Common "
                 "Stock</value></securityTitle>\n            <transactionDate><value>" +
                 s.date.substr(0, 4) + "-" + s.date.substr(4, 2) + "-" + s.date.substr(6, 2) +
                 "</value></transactionDate>\n            <transactionCoding><transactionFormType>" +
                 s.form + "</transactionFormType><transactionCode>S</transactionCode>"
                 "</transactionCoding>\n            <transactionAmounts>\n"
                 "                <transactionShares><value>" + std::to_string(rng_.range(100, 90000)) +
                 "</value></transactionShares>\n                <transactionPricePerShare><value>" +
                 std::to_string(rng_.range(1, 400)) + "." + pad(rng_.range(0, 99), 2) +
                 "</value></transactionPricePerShare>\n"
                 "                <transactionAcquiredDisposedCode><value>D</value>"
                 "</transactionAcquiredDisposedCode>\n            </transactionAmounts>\n"
                 "        </nonDerivativeTransaction>\n";
        }
        b += "    </nonDerivativeTable>\n    <ownerSignature>\n        <signatureName>/s/ " +
             s.owner_name + "</signatureName>\n    </ownerSignature>\n</ownershipDocument>\n"
             "</XML>\n";
        s.docs.push_back(std::move(d));
    }

    void form13f(Submission& s, std::size_t budget) {
        Document p;
        p.type = "13F-HR";
        p.filename = "primary_doc.xml";
        p.body = "<XML>\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edgarSubmission "
                 "xmlns=\"http://www.sec.gov/edgar/thirteenffiler\">\n  <headerData>\n"
                 "    <submissionType>13F-HR</submissionType>\n  </headerData>\n  <formData>\n"
                 "    <coverPage>\n      <filingManager>\n        <name>" + s.filer->name +
                 "</name>\n      </filingManager>\n      <reportType>13F HOLDINGS REPORT"
                 "</reportType>\n    </coverPage>\n  </formData>\n</edgarSubmission>\n</XML>\n";
        Document t;
        t.type = "INFORMATION TABLE";
        t.filename = "infotable.xml";
        std::string& b = t.body;
        b += "<XML>\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<informationTable "
             "xmlns=\"http://www.sec.gov/edgar/document/thirteenf/informationtable\">\n";
        while (b.size() < budget) {
            const Company& c = companies_[static_cast<std::size_t>(rng_.next() % companies_.size())];
            b += "  <infoTable>\n    <nameOfIssuer>" + c.name + "</nameOfIssuer>\n"
                 "    <titleOfClass>COM</titleOfClass>\n    <cusip>" +
                 pad(rng_.range(100000000, 999999999), 9) + "</cusip>\n    <value>" +
                 std::to_string(rng_.range(1000, 99999999)) + "</value>\n    <shrsOrPrnAmt>\n"
                 "      <sshPrnamt>" + std::to_string(rng_.range(100, 9999999)) +
                 "</sshPrnamt>\n      <sshPrnamtType>SH</sshPrnamtType>\n    </shrsOrPrnAmt>\n"
                 "    <investmentDiscretion>SOLE</investmentDiscretion>\n    <votingAuthority>\n"
                 "      <Sole>" + std::to_string(rng_.range(0, 999999)) + "</Sole>\n"
                 "      <Shared>0</Shared>\n      <None>0</None>\n    </votingAuthority>\n"
                 "  </infoTable>\n";
        }
        b += "</informationTable>\n</XML>\n";
        s.docs.push_back(std::move(p));
        s.docs.push_back(std::move(t));
    }

    void uuencode(std::string& out, const std::string& name, std::size_t n,
                  std::string_view magic) {
        out += "begin 644 " + name + "\n";
        std::array<unsigned char, 45> line{};
        std::size_t done = 0;
        while (done < n) {
            const std::size_t len = std::min<std::size_t>(45, n - done);
            std::uint64_t r = 0;
            for (std::size_t i = 0; i < len; ++i) {
                if (i % 8 == 0) r = rng_.next();
                line[i] = static_cast<unsigned char>(r >> ((i % 8) * 8));
            }
            if (done == 0) {
                for (std::size_t i = 0; i < magic.size() && i < len; ++i) {
                    line[i] = static_cast<unsigned char>(magic[i]);
                }
            }
            out += static_cast<char>(len == 0 ? '`' : 32 + len);
            for (std::size_t i = 0; i < len; i += 3) {
                const unsigned a = line[i];
                const unsigned b = i + 1 < len ? line[i + 1] : 0;
                const unsigned c = i + 2 < len ? line[i + 2] : 0;
                const unsigned q[4] = {a >> 2, ((a & 3) << 4) | (b >> 4), ((b & 15) << 2) | (c >> 6),
                                       c & 63};
                for (unsigned v : q) out += static_cast<char>(v == 0 ? '`' : 32 + v);
            }
            out += '\n';
            done += len;
        }
        out += "`\nend\n";
    }

    static std::string lower_ticker(const Company& c) {
        std::string t;
        for (char ch : c.name) {
            if (std::isalpha(static_cast<unsigned char>(ch)) && t.size() < 4) {
                t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            }
        }
        return t;
    }
    static std::string upper_ticker(const Company& c) {
        std::string t = lower_ticker(c);
        for (char& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return t;
    }

    Rng rng_;
    std::vector<Company> companies_;
    std::int64_t serial_ = 0;
};

// ---- output: directories, files, gzip and ustar --------------------------------------------

void make_dirs(const std::string& path) {
    for (std::size_t i = 1; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            const std::string part = path.substr(0, i);
            if (::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) {
                throw std::runtime_error("cannot create " + part + ": " + std::strerror(errno));
            }
        }
    }
}

void write_file(const std::string& path, const std::string& bytes) {
    make_dirs(path.substr(0, path.rfind('/')));
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) throw std::runtime_error("cannot write " + path);
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    if (std::fclose(f) != 0 || !ok) throw std::runtime_error("cannot write " + path);
}

/// gzip with a zero mtime and no file name, so the output depends on the input only.
std::string gzip(const std::string& in) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
}

/// Appends one ustar member (mode 0644, owner 0, mtime 2021-01-01).
void tar_member(std::string& tar, const std::string& name, const std::string& data) {
    std::array<char, 512> h{};
    std::snprintf(h.data(), 100, "%s", name.c_str());
    std::snprintf(h.data() + 100, 8, "%07o", 0644);
    std::snprintf(h.data() + 108, 8, "%07o", 0);
    std::snprintf(h.data() + 116, 8, "%07o", 0);
    std::snprintf(h.data() + 124, 12, "%011llo", static_cast<unsigned long long>(data.size()));
    std::snprintf(h.data() + 136, 12, "%011llo", 1609459200ULL);
    h[156] = '0';
    std::memcpy(h.data() + 257, "ustar", 6);
    std::memcpy(h.data() + 263, "00", 2);
    std::memset(h.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (char c : h) sum += static_cast<unsigned char>(c);
    std::snprintf(h.data() + 148, 8, "%06o", sum);
    tar.append(h.data(), h.size());
    tar += data;
    tar.append((512 - data.size() % 512) % 512, '\0');
}

struct Stats {
    std::int64_t submissions = 0;
    std::int64_t files = 0;
    std::int64_t bytes = 0;
    std::int64_t binary_bytes = 0;
    std::int64_t plain = 0, gz = 0, nc = 0;
    std::map<std::string, std::int64_t> forms;
    std::vector<std::size_t> sizes;
};

void account(Stats& st, const Submission& s, std::size_t size) {
    ++st.submissions;
    st.bytes += static_cast<std::int64_t>(size);
    for (const auto& d : s.docs) {
        if (d.binary) st.binary_bytes += static_cast<std::int64_t>(d.body.size());
    }
    ++st.forms[s.form];
    st.sizes.push_back(size);
}

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: gen_corpus DIR [--size-mb N] [--seed S] [--big-mb M]\n");
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir;
    double size_mb = 1024;
    std::uint64_t seed = 1;
    double big_mb = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--version") {
            std::printf("%d\n", kGeneratorVersion);
            return 0;
        }
        if ((a == "--size-mb" || a == "--seed" || a == "--big-mb") && i + 1 < argc) {
            const char* v = argv[++i];
            if (a == "--size-mb") size_mb = std::atof(v);
            if (a == "--seed") seed = std::strtoull(v, nullptr, 10);
            if (a == "--big-mb") big_mb = std::atof(v);
        } else if (!a.empty() && a[0] != '-' && dir.empty()) {
            dir = a;
        } else {
            usage();
        }
    }
    if (dir.empty() || size_mb <= 0) usage();
    try {
        const auto target = static_cast<std::int64_t>(size_mb * 1e6);
        Generator gen(seed);
        gen.make_companies(static_cast<std::size_t>(std::max(50.0, size_mb * 3)));
        Rng place(seed ^ 0x5EEDF00DULL);
        Stats st;

        // The explicit large submissions: one of 10-50 MB per started 400 MB.
        const auto n_large = 1 + static_cast<std::int64_t>(size_mb / 400.0);
        std::vector<std::size_t> large;
        if (size_mb >= 100) {
            for (std::int64_t i = 0; i < n_large; ++i) {
                large.push_back(static_cast<std::size_t>(std::exp(
                    std::log(10e6) + place.uniform() * std::log(5.0))));
            }
        }

        // Daily feed archives: .nc members gathered per filing date, written at the end.
        std::map<std::string, std::string> feeds;
        std::size_t next_large = 0;
        while (st.bytes < target) {
            // The large ones go in at evenly spaced points of the corpus.
            const bool large_due =
                next_large < large.size() &&
                static_cast<double>(st.bytes) >=
                    (static_cast<double>(next_large) + 0.5) * static_cast<double>(target) /
                        static_cast<double>(large.size());
            const std::size_t want = large_due ? large[next_large++] : gen.sample_size();
            Submission s = gen.make(want);
            const double u = place.uniform();
            if (u < 0.15) {
                std::string nc = gen.render_nc(s);
                account(st, s, nc.size());
                ++st.nc;
                std::string& tar = feeds[s.date];
                tar_member(tar, s.date + "/" + s.accession + ".nc", nc);
            } else {
                std::string txt = gen.render_text(s);
                account(st, s, txt.size());
                const std::string cik = std::to_string(std::atoll(s.filer->cik.c_str()));
                const std::string path = dir + "/edgar/data/" + cik + "/" + s.accession + ".txt";
                if (u < 0.25) {
                    write_file(path + ".gz", gzip(txt));
                    ++st.gz;
                } else {
                    write_file(path, txt);
                    ++st.plain;
                }
                ++st.files;
            }
        }
        for (auto& [date, tar] : feeds) {
            tar.append(1024, '\0');
            const std::string month = date.substr(4, 2);
            const int q = (std::atoi(month.c_str()) - 1) / 3 + 1;
            write_file(dir + "/Feed/" + date.substr(0, 4) + "/QTR" + std::to_string(q) + "/" +
                           date + ".nc.tar.gz",
                       gzip(tar));
            ++st.files;
        }
        if (big_mb > 0) {
            Submission s = gen.make(static_cast<std::size_t>(big_mb * 1e6), "10-K");
            std::string txt = gen.render_text(s);
            account(st, s, txt.size());
            write_file(dir + "/edgar/data/9199999/" + s.accession + ".txt", txt);
            ++st.files;
            ++st.plain;
        }

        std::vector<std::size_t> sorted = st.sizes;
        std::sort(sorted.begin(), sorted.end());
        auto q = [&](double p) {
            return sorted.empty() ? std::size_t{0}
                                  : sorted[static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1))];
        };
        std::printf("generator\t%d\n", kGeneratorVersion);
        std::printf("submissions\t%lld\nfiles_on_disk\t%lld\nbytes\t%lld\nbinary_bytes\t%lld\n"
                    "binary_share\t%.3f\nplain_txt\t%lld\ngz_txt\t%lld\nnc_in_tar_gz\t%lld\n"
                    "size_median\t%zu\nsize_p90\t%zu\nsize_p99\t%zu\nsize_max\t%zu\n",
                    static_cast<long long>(st.submissions), static_cast<long long>(st.files),
                    static_cast<long long>(st.bytes), static_cast<long long>(st.binary_bytes),
                    st.bytes > 0 ? static_cast<double>(st.binary_bytes) / static_cast<double>(st.bytes) : 0.0,
                    static_cast<long long>(st.plain), static_cast<long long>(st.gz),
                    static_cast<long long>(st.nc), q(0.5), q(0.9), q(0.99), q(1.0));
        for (const auto& [form, n] : st.forms) {
            std::printf("form\t%s\t%lld\n", form.c_str(), static_cast<long long>(n));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gen_corpus: %s\n", e.what());
        return 1;
    }
    return 0;
}
