#pragma once
// PostgreSQL's text formats that edgarsql writes itself: one row of COPY (tab-separated, \N
// for NULL), and the elements of an array literal ('{"a","b",NULL}') for the statements that
// take a whole batch as unnest($1::text[], …).
//
// Hand-written because libpqxx 6.4's own row writer (stream_to::operator<<, through
// internal::TypedCopyEscaper) walks every value glyph by glyph; it took 6 % of the CPU of a
// 1 GB ingest into PostgreSQL, more than edgarsql's own text extraction. The session's
// client_encoding is UTF8, in which no byte of a multibyte character is below 0x80, so only
// the four ASCII characters that COPY reserves need escaping and the rest can be searched for
// with libc's strcspn. Thread-compatible; pure.

#include <string>

namespace edgarsql::db::postgres {

/// Appends `value` (NUL-terminated) to `line` as one COPY text field: backslash, tab, newline
/// and carriage return become \\, \t, \n and \r; nullptr becomes \N (NULL).
void append_copy_field(std::string& line, const char* value);

/// Appends `value` (NUL-terminated) to `literal`, an array literal being built from '{', as its
/// next element: double-quoted with '"' and backslash escaped, nullptr as NULL; a comma first
/// unless `literal` is still "{". The caller closes it with '}'.
void append_array_element(std::string& literal, const char* value);

}  // namespace edgarsql::db::postgres
