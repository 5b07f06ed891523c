#pragma once
// HTML → readable plain text for documents.text.
//
// A hand-written single-pass converter rather than a DOM parser: EDGAR holds hundreds of GB of
// HTML and this runs at hundreds of MB/s, where building a DOM runs at tens. It does not
// validate or repair markup; it only needs text in reading order:
//  - tags removed; <script>, <style>, <head>'s <title> and inline-XBRL <ix:header> (hidden
//    facts) dropped with their content; comments and <!DOCTYPE>/<?xml?> skipped;
//  - block elements (p, div, br, tr, li, h1–h6, table, …) become line breaks, table cells are
//    separated by a tab;
//  - named (the HTML 4 Latin-1, symbol and punctuation sets) and numeric entities decoded,
//    numeric 0x80–0x9F read as cp1252 like browsers do; unknown entities kept as written;
//  - whitespace collapsed: runs of blanks become one space, at most one blank line in a row,
//    no trailing blanks on a line.
//
// Input must be valid UTF-8 (see decode_text); the output is valid UTF-8 with LF endings.
// Pure function; thread-safe; linear time on any input (unclosed tags and comments run to the
// end of the input).

#include <cstddef>
#include <string>
#include <string_view>

namespace edgarsql::parse {

std::string html_to_text(std::string_view html);

/// Decodes one entity body (the text between '&' and ';', e.g. 'amp', '#8217', '#x2019');
/// returns U+0000 when it is not a known entity.
char32_t decode_entity(std::string_view body);

namespace detail {
/// Where a run of text that html_to_text copies as it is ends: the first position at or after
/// `from` holding markup ('<', '&'), a non-ASCII space lead byte (0xC2), a control blank, or a
/// space not followed by visible text (every space when `preformatted`). text_run_end scans
/// with SIMD where it can; text_run_end_scalar is the byte loop it must agree with.
std::size_t text_run_end(std::string_view in, std::size_t from, bool preformatted);
std::size_t text_run_end_scalar(std::string_view in, std::size_t from, bool preformatted);
}  // namespace detail

}  // namespace edgarsql::parse
