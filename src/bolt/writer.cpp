#include "bolt/writer.hpp"

#include "bolt/page_writer.hpp"
#include "bolt/tree_builder.hpp"
#include "go_quote.hpp"

#include <fmt/format.h>

namespace ectl::bolt {

namespace {

// Pages 0 and 1 are the meta pages, page 2 the freelist; the trees start at page 3.
constexpr uint64_t k_freelist_pgid = 2;
constexpr uint64_t k_first_tree_pgid = 3;

uint32_t checked_page_size(uint32_t page_size) {
    bool power_of_two = page_size != 0 && (page_size & (page_size - 1)) == 0;
    if (!power_of_two || page_size < k_min_page_size || page_size > k_max_page_size) {
        throw BoltError(fmt::format("page size {} is not a power of two from {} to {}", page_size, k_min_page_size,
                                    k_max_page_size));
    }
    return page_size;
}

void check_key_size(std::string_view key) {
    if (key.empty()) {
        throw BoltError("key required");
    }
    if (key.size() > k_max_key_size) {
        throw BoltError(fmt::format("key too large: {} bytes, at most {}", key.size(), k_max_key_size));
    }
}

std::string page_with_header(uint32_t page_size, uint64_t pgid, uint16_t flags) {
    std::string page(page_size, '\0');
    PageHeader header;
    header.id = pgid;
    header.flags = flags;
    encode_page_header(page.data(), header);
    return page;
}

} // namespace

Writer::Writer(const std::string& path, uint32_t page_size)
    : m_out(std::make_unique<PageWriter>(path, checked_page_size(page_size), k_first_tree_pgid)),
      m_root(std::make_unique<TreeBuilder>(*m_out)) {}

Writer::~Writer() = default;

void Writer::require_open(const char* what) const {
    if (m_finished) {
        throw BoltError(fmt::format("{}: the file is already finished", what));
    }
}

void Writer::begin_bucket(std::string_view name, uint64_t sequence) {
    require_open("begin_bucket");
    if (m_bucket) {
        throw BoltError(
            fmt::format("begin_bucket({}): bucket {} is still open", go_quote(name), go_quote(m_bucket_name)));
    }
    if (name.empty()) {
        throw BoltError("bucket name required");
    }
    check_key_size(name);
    if (m_any_bucket && name <= m_bucket_name) {
        throw BoltError(fmt::format("buckets out of order: {} after {}", go_quote(name), go_quote(m_bucket_name)));
    }
    m_bucket = std::make_unique<TreeBuilder>(*m_out);
    m_bucket_name.assign(name.data(), name.size());
    m_any_bucket = true;
    m_sequence = sequence;
    m_any_key = false;
}

void Writer::put(std::string_view key, std::string_view value) {
    require_open("put");
    if (!m_bucket) {
        throw BoltError("put: no bucket is open");
    }
    check_key_size(key);
    if (value.size() > k_max_value_size) {
        throw BoltError(fmt::format("value too large: {} bytes, at most {}", value.size(), k_max_value_size));
    }
    if (m_any_key && key <= m_last_key) {
        throw BoltError(fmt::format("keys out of order in bucket {}: {} after {}", go_quote(m_bucket_name),
                                    go_quote(key), go_quote(m_last_key)));
    }
    m_bucket->add(0, key, value);
    m_last_key.assign(key.data(), key.size());
    m_any_key = true;
}

void Writer::end_bucket() {
    require_open("end_bucket");
    if (!m_bucket) {
        throw BoltError("end_bucket: no bucket is open");
    }
    std::string header(k_bucket_header_size, '\0');
    store_u64(header.data(), m_bucket->finish());
    store_u64(header.data() + 8, m_sequence);
    m_bucket.reset();
    m_root->add(k_bucket_leaf, m_bucket_name, header);
}

void Writer::finish() {
    require_open("finish");
    if (m_bucket) {
        throw BoltError(fmt::format("finish: bucket {} is still open", go_quote(m_bucket_name)));
    }
    m_finished = true;
    uint32_t page_size = m_out->page_size();
    Meta meta;
    meta.magic = k_magic;
    meta.version = k_version;
    meta.page_size = page_size;
    meta.root = m_root->finish();
    meta.freelist = k_freelist_pgid;
    meta.pgid = m_out->next_pgid();
    m_out->write_page(k_freelist_pgid, page_with_header(page_size, k_freelist_pgid, k_freelist_page));
    // The meta pages last, after the rest is on disk: a file cut short has none and bbolt refuses it.
    m_out->sync();
    for (uint64_t pgid = 0; pgid < 2; ++pgid) {
        std::string page = page_with_header(page_size, pgid, k_meta_page);
        meta.txid = pgid; // bbolt writes transaction t's meta to page t % 2; page 1 is the newer
        encode_meta(page.data(), meta);
        m_out->write_page(pgid, page);
    }
    m_out->sync();
    m_out->close();
}

} // namespace ectl::bolt
