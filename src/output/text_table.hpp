#pragma once
// etcdctl's -w table layout: olekukonko/tablewriter as etcd 3.4 vendors it (a0225b3), with
// SetAlignment(ALIGN_RIGHT). Headers upper-cased and centred; cells right-aligned; a cell wider
// than 30 columns wrapped at spaces to the width its column has when the cell is added.

#include <string>
#include <vector>

namespace ectl {

class TextTable {
public:
    // Starts a table with these column headers.
    explicit TextTable(const std::vector<std::string>& header);
    // Adds one row (one cell per column).
    void add_row(const std::vector<std::string>& row);
    // The table as tablewriter prints it, borders and final newline included.
    std::string render() const;

private:
    std::vector<std::string> m_header;
    std::vector<size_t> m_widths;                              // display width of each column
    std::vector<std::vector<std::vector<std::string>>> m_rows; // row -> cell -> wrapped lines
};

// The display width of UTF-8 text as go-runewidth counts it (East Asian wide characters take two
// columns, combining marks none).
size_t display_width(const std::string& text);

// tablewriter's WrapString: the words of text (split at spaces) in lines of at most limit runes,
// minimising raggedness; a word longer than limit raises the limit. Returns the lines.
std::vector<std::string> wrap_words(const std::string& text, size_t limit);

} // namespace ectl
