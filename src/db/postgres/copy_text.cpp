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

}  // namespace edgarsql::db::postgres
