#pragma once
// An open bolt file: its chosen meta page and page-by-page reads (pread, never a mapping of the file).

#include "bolt/format.hpp"
#include "bolt/page.hpp"
#include "file.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ectl::bolt {

// One page with its overflow run, read into memory.
struct Page {
    uint64_t id = 0;
    std::vector<char> bytes;
    PageView view() const { return PageView(std::string_view(bytes.data(), bytes.size())); }
};

class PageSource {
public:
    // Opens path read-only and picks the meta page as bbolt does (the valid one with the higher txid);
    // BoltError when neither is valid, when the chosen one points outside its pages, or when the file is
    // shorter than the pages the meta counts.
    explicit PageSource(const std::string& path);

    uint32_t page_size() const { return m_page_size; }
    const Meta& meta() const { return m_meta; }
    // Pages [0, high_water()) are in use or free; the file holds all of them.
    uint64_t high_water() const { return m_meta.pgid; }

    // The header of page id (< high_water()).
    PageHeader header(uint64_t id) const;
    // Page id and its overflow run (id + overflow < high_water()).
    Page run(uint64_t id, uint32_t overflow) const;
    // Page id as a bucket's tree reaches it: BoltError when it lies beyond the high-water mark, names
    // another page in its header, or its run goes past the high-water mark.
    Page tree_page(uint64_t id) const;

private:
    File m_file;
    uint64_t m_file_size = 0;
    uint32_t m_page_size = 0;
    Meta m_meta;
};

} // namespace ectl::bolt
