#include "bolt/page_source.hpp"

#include <fcntl.h>
#include <fmt/format.h>

#include <array>

namespace ectl::bolt {

namespace {

// Exactly size bytes at offset: the file ending first is a truncated database.
void read_exactly(const File& file, uint64_t offset, char* out, size_t size) {
    size_t got = file.read_at(offset, out, size);
    if (got < size) {
        throw BoltError(fmt::format("file is truncated: it ends at byte {}, reading {} bytes at offset {}",
                                    offset + got, size, offset));
    }
}

// The file, read-only; a directory or a device is not a database.
File open_database(const std::string& path) {
    File file(path, O_RDONLY);
    if (!file.is_regular()) {
        throw BoltError("not a regular file");
    }
    return file;
}

constexpr size_t k_meta_page_bytes = k_page_header_size + k_meta_size;

// bbolt guesses the OS page size (4096 here) when meta page 0 cannot tell; the others are tried after it.
constexpr std::array<uint32_t, 12> k_page_size_guesses = {4096,  512,   1024,   2048,   8192,   16384,
                                                          32768, 65536, 131072, 262144, 524288, 1048576};

struct MetaRead {
    Meta meta;
    std::string problem; // empty when valid
};

MetaRead read_meta(const File& file, uint64_t file_size, uint64_t offset) {
    MetaRead read;
    if (file_size < offset + k_meta_page_bytes) {
        read.problem = fmt::format("the file ends before it (at byte {})", file_size);
        return read;
    }
    std::array<char, k_meta_page_bytes> buf{};
    read_exactly(file, offset, buf.data(), buf.size());
    read.meta = decode_meta(buf.data());
    read.problem = meta_problem(read.meta);
    return read;
}

// bbolt's word for why a meta page is rejected, from meta_problem's text.
std::string error_kind(const std::string& problem) {
    for (const char* kind : {"version mismatch", "checksum error"}) {
        if (problem.rfind(kind, 0) == 0) {
            return kind;
        }
    }
    return "invalid database";
}

bool valid_page_size(uint64_t size) {
    return size >= k_min_page_size && size <= k_max_page_size;
}

// The page size: meta page 0's when it is valid, else the first guess at which a valid meta page 1
// records that very size (bbolt itself tries only the OS page size).
uint32_t find_page_size(const File& file, uint64_t file_size) {
    MetaRead meta0 = read_meta(file, file_size, 0);
    if (meta0.problem.empty()) {
        if (!valid_page_size(meta0.meta.page_size)) {
            throw BoltError(fmt::format("invalid database: meta page 0 gives a page size of {} bytes (not {}..{})",
                                        meta0.meta.page_size, k_min_page_size, k_max_page_size));
        }
        return meta0.meta.page_size;
    }
    for (uint32_t guess : k_page_size_guesses) {
        MetaRead meta1 = read_meta(file, file_size, guess);
        if (meta1.problem.empty() && meta1.meta.page_size == guess) {
            return guess;
        }
    }
    MetaRead meta1 = read_meta(file, file_size, k_page_size_guesses[0]);
    throw BoltError(fmt::format("{}: no valid meta page (page 0: {}; page 1 at byte {}: {})", error_kind(meta0.problem),
                                meta0.problem, k_page_size_guesses[0], meta1.problem));
}

// The meta bbolt would use: the valid one with the higher txid (meta page 0 on a tie).
Meta choose_meta(const File& file, uint64_t file_size, uint32_t page_size) {
    std::array<MetaRead, 2> metas = {read_meta(file, file_size, 0), read_meta(file, file_size, page_size)};
    for (MetaRead& m : metas) {
        if (m.problem.empty() && m.meta.page_size != page_size) {
            m.problem = fmt::format("invalid database (page size {}, not {})", m.meta.page_size, page_size);
        }
    }
    bool valid0 = metas[0].problem.empty();
    bool valid1 = metas[1].problem.empty();
    if (valid0 && valid1) {
        return metas[1].meta.txid > metas[0].meta.txid ? metas[1].meta : metas[0].meta;
    }
    if (valid0 || valid1) {
        return valid0 ? metas[0].meta : metas[1].meta;
    }
    throw BoltError(fmt::format("{}: no valid meta page (page 0: {}; page 1: {})", error_kind(metas[0].problem),
                                metas[0].problem, metas[1].problem));
}

// The chosen meta's page ids must lie inside its pages, and the file must hold all of them.
void check_meta_bounds(const Meta& m, uint64_t file_size) {
    if (m.pgid < 3 || m.root < 2 || m.root >= m.pgid) {
        throw BoltError(fmt::format("invalid database: meta (txid {}) has its root at page {} of {} pages", m.txid,
                                    m.root, m.pgid));
    }
    if (m.freelist != k_no_freelist && (m.freelist < 2 || m.freelist >= m.pgid)) {
        throw BoltError(fmt::format("invalid database: meta (txid {}) has its freelist at page {} of {} pages", m.txid,
                                    m.freelist, m.pgid));
    }
    if (m.pgid > file_size / m.page_size) {
        throw BoltError(fmt::format("file is truncated: it has {} bytes, but its meta (txid {}) counts {} pages of "
                                    "{} bytes; page {} lies beyond its end",
                                    file_size, m.txid, m.pgid, m.page_size, file_size / m.page_size));
    }
}

} // namespace

PageSource::PageSource(const std::string& path) : m_file(open_database(path)), m_file_size(m_file.size()) {
    if (m_file_size < k_meta_page_bytes) {
        throw BoltError(fmt::format("invalid database: the file has {} bytes, too few for a meta page", m_file_size));
    }
    m_page_size = find_page_size(m_file, m_file_size);
    if (m_file_size < uint64_t{2} * m_page_size) {
        throw BoltError(fmt::format("file size too small: {} bytes, less than its two meta pages of {} bytes",
                                    m_file_size, m_page_size));
    }
    m_meta = choose_meta(m_file, m_file_size, m_page_size);
    check_meta_bounds(m_meta, m_file_size);
}

PageHeader PageSource::header(uint64_t id) const {
    std::array<char, k_page_header_size> buf{};
    read_exactly(m_file, id * m_page_size, buf.data(), buf.size());
    return decode_page_header(buf.data());
}

Page PageSource::run(uint64_t id, uint32_t overflow) const {
    Page page;
    page.id = id;
    page.bytes.resize(static_cast<size_t>((uint64_t{overflow} + 1) * m_page_size));
    read_exactly(m_file, id * m_page_size, page.bytes.data(), page.bytes.size());
    return page;
}

Page PageSource::tree_page(uint64_t id) const {
    if (id >= high_water()) {
        throw BoltError(
            fmt::format("invalid database: page {} lies beyond the high-water mark ({} pages)", id, high_water()));
    }
    PageHeader h = header(id);
    if (h.id != id) {
        throw BoltError(fmt::format("invalid database: page {} has the id {} in its header", id, h.id));
    }
    if (h.overflow >= high_water() - id) {
        throw BoltError(fmt::format("invalid database: page {} and its {} overflow pages go past the high-water mark "
                                    "({} pages)",
                                    id, h.overflow, high_water()));
    }
    return run(id, h.overflow);
}

} // namespace ectl::bolt
