#pragma once
// The pages of a new bolt file, appended in page id order through one buffer (big values go straight
// to the file), plus the few pages written in place at the end (meta, freelist).

#include "file.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace ectl::bolt {

class PageWriter {
public:
    // Creates path (mode 0600); appended pages start at page first_pgid.
    PageWriter(const std::string& path, uint32_t page_size, uint64_t first_pgid);

    uint32_t page_size() const { return m_page_size; }
    // The id the next appended run starts at.
    uint64_t next_pgid() const { return m_next_pgid; }
    // How many pages a run of bytes takes (at least one).
    uint64_t pages_for(uint64_t bytes) const;
    // Appends parts one after another as a run starting at next_pgid(), zero-padded to whole pages;
    // returns the run's first page id.
    uint64_t append(std::initializer_list<std::string_view> parts);
    // Writes one page at pgid (below the first appended page), after everything appended so far.
    void write_page(uint64_t pgid, std::string_view page);
    // Everything on disk (fsync).
    void sync();
    void close();

private:
    void flush();

    File m_file;
    uint32_t m_page_size;
    uint64_t m_next_pgid;
    uint64_t m_buffer_offset; // the file offset of m_buffer's first byte
    std::string m_buffer;
};

} // namespace ectl::bolt
