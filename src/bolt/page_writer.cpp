#include "bolt/page_writer.hpp"

#include "bolt/format.hpp"

#include <fcntl.h>

namespace ectl::bolt {

namespace {

constexpr size_t k_buffer_size = size_t{1} << 20;

} // namespace

PageWriter::PageWriter(const std::string& path, uint32_t page_size, uint64_t first_pgid)
    : m_file(path, O_WRONLY | O_CREAT | O_TRUNC, 0600), m_page_size(page_size), m_next_pgid(first_pgid),
      m_buffer_offset(first_pgid * page_size) {
    m_buffer.reserve(k_buffer_size);
}

uint64_t PageWriter::pages_for(uint64_t bytes) const {
    return bytes == 0 ? 1 : (bytes + m_page_size - 1) / m_page_size;
}

uint64_t PageWriter::append(std::initializer_list<std::string_view> parts) {
    uint64_t total = 0;
    for (std::string_view part : parts) {
        total += part.size();
    }
    uint64_t pgid = m_next_pgid;
    uint64_t run_bytes = pages_for(total) * m_page_size;
    for (std::string_view part : parts) {
        if (part.size() >= k_buffer_size) {
            flush();
            m_file.write_at(m_buffer_offset, part);
            m_buffer_offset += part.size();
        } else {
            if (m_buffer.size() + part.size() > k_buffer_size) {
                flush();
            }
            m_buffer.append(part);
        }
    }
    m_buffer.append(static_cast<size_t>(run_bytes - total), '\0');
    if (m_buffer.size() >= k_buffer_size) {
        flush();
    }
    m_next_pgid += run_bytes / m_page_size;
    return pgid;
}

void PageWriter::flush() {
    m_file.write_at(m_buffer_offset, m_buffer);
    m_buffer_offset += m_buffer.size();
    m_buffer.clear();
}

void PageWriter::write_page(uint64_t pgid, std::string_view page) {
    flush();
    m_file.write_at(pgid * m_page_size, page);
}

void PageWriter::sync() {
    flush();
    m_file.sync();
}

void PageWriter::close() {
    flush();
    m_file.close();
}

} // namespace ectl::bolt
