#include "output/text_table.hpp"

#include <algorithm>
#include <climits>

#include <absl/strings/ascii.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_replace.h>
#include <absl/strings/str_split.h>

#include "utf8.hpp"

namespace ectl {
namespace {

constexpr size_t k_max_width = 30;

bool is_wide(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

bool is_combining(char32_t c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B;
}

// Calls fn for each rune of text, decoded as Go does.
template <typename Fn>
void for_each_rune(std::string_view text, Fn&& fn) {
    while (!text.empty()) {
        Utf8Rune r = decode_utf8(text);
        fn(r.rune);
        text.remove_prefix(r.width);
    }
}

size_t rune_count(const std::string& text) {
    size_t n = 0;
    for_each_rune(text, [&n](char32_t) { ++n; });
    return n;
}

// tablewriter's Title: "_" and "." become spaces, trimmed, upper-cased.
std::string title(std::string name) {
    name = absl::StrReplaceAll(name, {{"_", " "}, {".", " "}});
    std::string upper(absl::StripAsciiWhitespace(name));
    absl::AsciiStrToUpper(&upper);
    return upper;
}

std::string spaces(size_t n) {
    return std::string(n, ' ');
}

std::string pad_center(const std::string& s, size_t width) {
    size_t w = display_width(s);
    if (w >= width) {
        return s;
    }
    size_t left = (width - w) / 2;
    return spaces(left) + s + spaces(width - w - left);
}

std::string pad_left(const std::string& s, size_t width) {
    size_t w = display_width(s);
    return w >= width ? s : spaces(width - w) + s;
}

} // namespace

size_t display_width(const std::string& text) {
    size_t width = 0;
    for_each_rune(text, [&width](char32_t c) { width += is_combining(c) ? 0U : is_wide(c) ? 2U : 1U; });
    return width;
}

std::vector<std::string> wrap_words(const std::string& text, size_t limit) {
    std::vector<std::string> words = absl::StrSplit(absl::StrReplaceAll(text, {{"\n", " "}}), ' ');
    const size_t n = words.size();
    for (const auto& w : words) {
        limit = std::max(limit, w.size());
    }
    // length(i, j): runes of words i..j joined by single spaces.
    std::vector<size_t> prefix(n + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        prefix[i + 1] = prefix[i] + rune_count(words[i]);
    }
    auto length = [&](size_t i, size_t j) { return prefix[j + 1] - prefix[i] + (j - i); };
    std::vector<size_t> next_break(n, n);
    std::vector<long long> cost(n, INT_MAX);
    for (size_t i = n; i-- > 0;) {
        if (length(i, n - 1) <= limit) {
            cost[i] = 0;
            continue;
        }
        for (size_t j = i + 1; j < n; ++j) {
            long long d = static_cast<long long>(limit) - static_cast<long long>(length(i, j - 1));
            long long c = d * d + cost[j] + (length(i, j - 1) > limit ? 100000 : 0);
            if (c < cost[i]) {
                cost[i] = c;
                next_break[i] = j;
            }
        }
    }
    std::vector<std::string> lines;
    for (size_t i = 0; i < n; i = next_break[i]) {
        lines.push_back(
            absl::StrJoin(words.begin() + static_cast<long>(i), words.begin() + static_cast<long>(next_break[i]), " "));
    }
    return lines;
}

TextTable::TextTable(const std::vector<std::string>& header) : m_header(header) {
    for (const auto& h : header) {
        m_widths.push_back(std::min(display_width(h), k_max_width));
    }
}

void TextTable::add_row(const std::vector<std::string>& row) {
    std::vector<std::vector<std::string>> cells;
    for (size_t i = 0; i < row.size() && i < m_widths.size(); ++i) {
        m_widths[i] = std::max(m_widths[i], std::min(display_width(row[i]), k_max_width));
        auto lines = wrap_words(row[i], m_widths[i]);
        for (const auto& line : lines) {
            m_widths[i] = std::max(m_widths[i], display_width(line));
        }
        cells.push_back(std::move(lines));
    }
    m_rows.push_back(std::move(cells));
}

std::string TextTable::render() const {
    std::string rule = "+";
    for (size_t w : m_widths) {
        rule += std::string(w + 2, '-') + "+";
    }
    rule += "\n";
    std::string out = rule + "|";
    for (size_t i = 0; i < m_widths.size(); ++i) {
        out += " " + pad_center(title(m_header[i]), m_widths[i]) + " |";
    }
    out += "\n" + rule;
    for (const auto& cells : m_rows) {
        size_t height = 0;
        for (const auto& lines : cells) {
            height = std::max(height, lines.size());
        }
        for (size_t line = 0; line < height; ++line) {
            for (size_t i = 0; i < cells.size(); ++i) {
                // tablewriter fills the missing lines of a shorter cell with two spaces.
                const std::string& text = line < cells[i].size() ? cells[i][line] : "  ";
                out += "| " + pad_left(text, m_widths[i]) + " ";
            }
            out += "|\n";
        }
    }
    return out + rule;
}

} // namespace ectl
