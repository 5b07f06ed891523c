#include "parse/states.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace edgarsql::parse {

namespace {

struct Entry {
    std::string_view name;  // upper case, single spaces, no periods
    std::string_view code;
};

// EDGAR state and country codes (the subset cover pages name in practice), with the common
// abbreviations of the older filings.
constexpr Entry kStates[] = {
    {"ALABAMA", "AL"}, {"ALA", "AL"}, {"ALASKA", "AK"}, {"ARIZONA", "AZ"}, {"ARIZ", "AZ"},
    {"ARKANSAS", "AR"}, {"ARK", "AR"}, {"CALIFORNIA", "CA"}, {"CALIF", "CA"}, {"CAL", "CA"},
    {"COLORADO", "CO"}, {"COLO", "CO"}, {"CONNECTICUT", "CT"}, {"CONN", "CT"},
    {"DELAWARE", "DE"}, {"DEL", "DE"}, {"DISTRICT OF COLUMBIA", "DC"}, {"FLORIDA", "FL"},
    {"FLA", "FL"}, {"GEORGIA", "GA"}, {"HAWAII", "HI"}, {"IDAHO", "ID"}, {"ILLINOIS", "IL"},
    {"ILL", "IL"}, {"INDIANA", "IN"}, {"IND", "IN"}, {"IOWA", "IA"}, {"KANSAS", "KS"},
    {"KAN", "KS"}, {"KENTUCKY", "KY"}, {"LOUISIANA", "LA"}, {"MAINE", "ME"},
    {"MARYLAND", "MD"}, {"MASSACHUSETTS", "MA"}, {"MASS", "MA"}, {"MICHIGAN", "MI"},
    {"MICH", "MI"}, {"MINNESOTA", "MN"}, {"MINN", "MN"}, {"MISSISSIPPI", "MS"},
    {"MISS", "MS"}, {"MISSOURI", "MO"}, {"MONTANA", "MT"}, {"NEBRASKA", "NE"},
    {"NEVADA", "NV"}, {"NEV", "NV"}, {"NEW HAMPSHIRE", "NH"}, {"NEW JERSEY", "NJ"},
    {"NEW MEXICO", "NM"}, {"NEW YORK", "NY"}, {"NORTH CAROLINA", "NC"},
    {"NORTH DAKOTA", "ND"}, {"OHIO", "OH"}, {"OKLAHOMA", "OK"}, {"OKLA", "OK"},
    {"OREGON", "OR"}, {"ORE", "OR"}, {"PENNSYLVANIA", "PA"}, {"PENN", "PA"}, {"PA", "PA"},
    {"RHODE ISLAND", "RI"}, {"SOUTH CAROLINA", "SC"}, {"SOUTH DAKOTA", "SD"},
    {"TENNESSEE", "TN"}, {"TENN", "TN"}, {"TEXAS", "TX"}, {"TEX", "TX"}, {"UTAH", "UT"},
    {"VERMONT", "VT"}, {"VIRGINIA", "VA"}, {"WASHINGTON", "WA"}, {"WASH", "WA"},
    {"WEST VIRGINIA", "WV"}, {"WISCONSIN", "WI"}, {"WIS", "WI"}, {"WYOMING", "WY"},
    {"PUERTO RICO", "PR"}, {"GUAM", "GU"}, {"VIRGIN ISLANDS", "VI"},
    {"US VIRGIN ISLANDS", "VI"}, {"UNITED STATES VIRGIN ISLANDS", "VI"},
    {"ALBERTA", "A0"}, {"BRITISH COLUMBIA", "A1"}, {"MANITOBA", "A2"},
    {"NEW BRUNSWICK", "A3"}, {"NEWFOUNDLAND", "A4"}, {"NOVA SCOTIA", "A5"},
    {"ONTARIO", "A6"}, {"PRINCE EDWARD ISLAND", "A7"}, {"QUEBEC", "A8"},
    {"SASKATCHEWAN", "A9"}, {"YUKON", "B0"}, {"CANADA", "Z4"},
    {"CAYMAN ISLANDS", "E9"}, {"BERMUDA", "D0"}, {"BRITISH VIRGIN ISLANDS", "D8"},
    {"BAHAMAS", "C5"}, {"MARSHALL ISLANDS", "1T"}, {"REPUBLIC OF THE MARSHALL ISLANDS", "1T"},
    {"PANAMA", "R1"}, {"NETHERLANDS", "P7"}, {"THE NETHERLANDS", "P7"},
    {"NETHERLANDS ANTILLES", "P8"}, {"UNITED KINGDOM", "X0"}, {"ENGLAND", "X0"},
    {"ENGLAND AND WALES", "X0"}, {"SCOTLAND", "X0"}, {"IRELAND", "L2"}, {"ISRAEL", "L3"},
    {"LUXEMBOURG", "N4"}, {"SWITZERLAND", "V8"}, {"GERMANY", "2M"}, {"FRANCE", "I0"},
    {"JAPAN", "M0"}, {"CHINA", "F4"}, {"HONG KONG", "K3"}, {"SINGAPORE", "U0"},
    {"AUSTRALIA", "C3"}, {"MEXICO", "O5"}, {"BRAZIL", "D5"}, {"INDIA", "K7"},
    {"JERSEY", "Y9"}, {"GUERNSEY", "Y7"}, {"CYPRUS", "G4"},
    {"SWEDEN", "V7"}, {"NORWAY", "P3"}, {"DENMARK", "G7"}, {"FINLAND", "H9"},
    {"BELGIUM", "C9"}, {"SPAIN", "U3"}, {"ITALY", "L6"}, {"KOREA", "M5"},
    {"REPUBLIC OF KOREA", "M5"}, {"TAIWAN", "F5"},
};

// Two-letter US postal codes, accepted as written.
constexpr std::string_view kPostal[] = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI",
};

}  // namespace

std::string state_code(std::string_view name) {
    std::string key;
    bool space = false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '.' || c == ',' || c == '(' || c == ')' || c == '*') {
            space = !key.empty();
            continue;
        }
        if (std::isspace(u) || c == '\xA0' || c == '\xC2') {
            space = !key.empty();
            continue;
        }
        if (space) key.push_back(' ');
        space = false;
        key.push_back(static_cast<char>(std::toupper(u)));
    }
    for (std::string_view prefix : {"THE STATE OF ", "STATE OF ", "COMMONWEALTH OF ", "THE "}) {
        if (key.compare(0, prefix.size(), prefix) == 0) key.erase(0, prefix.size());
    }
    if (key.size() > 7 && key.compare(key.size() - 7, 7, " CANADA") == 0) key.resize(key.size() - 7);
    if (key.size() == 3 && key[1] == ' ') key = {key[0], key[2]};  // "N.H." → "NH"
    if (key.empty()) return "";
    for (const Entry& e : kStates) {
        if (e.name == key) return std::string(e.code);
    }
    if (key.size() == 2 &&
        std::find(std::begin(kPostal), std::end(kPostal), key) != std::end(kPostal))
        return key;
    return "";
}

}  // namespace edgarsql::parse
