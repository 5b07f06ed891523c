#include "db/postgres/copy_text.hpp"

#include <cstring>

namespace edgarsql::db::postgres {

void append_copy_field(std::string& line, const char* value) {
    if (value == nullptr) {
        line += "\\N";
        return;
    }
    for (;;) {
        const std::size_t n = std::strcspn(value, "\\\t\n\r");
        line.append(value, n);
        value += n;
        switch (*value) {
            case '\\': line += "\\\\"; break;
            case '\t': line += "\\t"; break;
            case '\n': line += "\\n"; break;
            case '\r': line += "\\r"; break;
            default: return;  // the terminating NUL
        }
        ++value;
    }
}

void append_array_element(std::string& literal, const char* value) {
    if (literal.size() > 1) literal += ',';
    if (value == nullptr) {
        literal += "NULL";
        return;
    }
    literal += '"';
    for (;;) {
        const std::size_t n = std::strcspn(value, "\\\"");
        literal.append(value, n);
        value += n;
        if (*value == '\0') break;
        literal += '\\';
        literal += *value++;
    }
    literal += '"';
}

}  // namespace edgarsql::db::postgres
