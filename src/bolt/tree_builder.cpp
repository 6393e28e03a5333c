#include "bolt/tree_builder.hpp"

#include "bolt/format.hpp"

namespace ectl::bolt {

namespace {

// bbolt's minKeysPerPage: a branch page takes at least two children, so every level has fewer pages
// than the one below and the tree ends in one root, however long the keys.
constexpr size_t k_min_branch_entries = 2;

uint64_t element_bytes(std::string_view key, std::string_view value) {
    return k_element_size + key.size() + value.size();
}

} // namespace

uint64_t TreeBuilder::Node::size() const {
    return k_page_header_size + entries.size() * k_element_size + data.size();
}

std::string_view TreeBuilder::Node::first_key() const {
    return std::string_view(data).substr(0, entries.empty() ? 0 : entries.front().key_size);
}

void TreeBuilder::add(uint32_t flags, std::string_view key, std::string_view value) {
    uint64_t bytes = element_bytes(key, value);
    if (!m_leaf.entries.empty() && m_leaf.size() + bytes > m_out.page_size()) {
        flush_leaf();
    }
    if (k_page_header_size + bytes > m_out.page_size()) {
        // Alone bigger than a page: its own run of pages, the value written from where it lies.
        add_child(0, key, write_single_leaf(flags, key, value));
        return;
    }
    Entry entry;
    entry.flags = flags;
    entry.key_size = static_cast<uint32_t>(key.size());
    entry.value_size = static_cast<uint32_t>(value.size());
    m_leaf.entries.push_back(entry);
    m_leaf.data.append(key);
    m_leaf.data.append(value);
}

void TreeBuilder::flush_leaf() {
    uint64_t pgid = write_node(m_leaf, k_leaf_page);
    add_child(0, m_leaf.first_key(), pgid);
    m_leaf = Node{};
}

uint64_t TreeBuilder::write_node(const Node& node, uint16_t flags) {
    std::string page(static_cast<size_t>(k_page_header_size + node.entries.size() * k_element_size), '\0');
    uint64_t pgid = m_out.next_pgid();
    PageHeader header;
    header.id = pgid;
    header.flags = flags;
    header.count = static_cast<uint16_t>(node.entries.size());
    header.overflow = static_cast<uint32_t>(m_out.pages_for(node.size()) - 1);
    encode_page_header(page.data(), header);
    uint64_t data_at = page.size();
    for (size_t i = 0; i < node.entries.size(); ++i) {
        const Entry& e = node.entries[i];
        char* element = page.data() + k_page_header_size + i * k_element_size;
        // pos counts from the element itself to its key.
        auto pos = static_cast<uint32_t>(data_at - (k_page_header_size + i * k_element_size));
        if (flags == k_leaf_page) {
            store_u32(element, e.flags);
            store_u32(element + 4, pos);
            store_u32(element + 8, e.key_size);
            store_u32(element + 12, e.value_size);
        } else {
            store_u32(element, pos);
            store_u32(element + 4, e.key_size);
            store_u64(element + 8, e.pgid);
        }
        data_at += e.key_size + uint64_t{e.value_size};
    }
    return m_out.append({page, node.data});
}

uint64_t TreeBuilder::write_single_leaf(uint32_t flags, std::string_view key, std::string_view value) {
    std::string head(k_page_header_size + k_element_size, '\0');
    PageHeader header;
    header.id = m_out.next_pgid();
    header.flags = k_leaf_page;
    header.count = 1;
    header.overflow = static_cast<uint32_t>(m_out.pages_for(head.size() + key.size() + value.size()) - 1);
    encode_page_header(head.data(), header);
    char* element = head.data() + k_page_header_size;
    store_u32(element, flags);
    store_u32(element + 4, static_cast<uint32_t>(k_element_size));
    store_u32(element + 8, static_cast<uint32_t>(key.size()));
    store_u32(element + 12, static_cast<uint32_t>(value.size()));
    return m_out.append({head, key, value});
}

void TreeBuilder::add_child(size_t level, std::string_view first_key, uint64_t pgid) {
    if (level == m_levels.size()) {
        m_levels.emplace_back();
    }
    Node& node = m_levels[level];
    if (node.entries.size() >= k_min_branch_entries && node.size() + element_bytes(first_key, {}) > m_out.page_size()) {
        Node full = std::move(node);
        node = Node{};
        uint64_t full_pgid = write_node(full, k_branch_page);
        add_child(level + 1, full.first_key(), full_pgid); // may grow m_levels: node is not used below
    }
    Entry entry;
    entry.key_size = static_cast<uint32_t>(first_key.size());
    entry.pgid = pgid;
    m_levels[level].entries.push_back(entry);
    m_levels[level].data.append(first_key);
}

uint64_t TreeBuilder::finish() {
    if (!m_leaf.entries.empty() || m_levels.empty()) {
        flush_leaf();
    }
    for (size_t level = 0;; ++level) {
        bool top = level + 1 == m_levels.size();
        if (top && m_levels[level].entries.size() == 1) {
            return m_levels[level].entries.front().pgid;
        }
        Node node = std::move(m_levels[level]);
        m_levels[level] = Node{};
        uint64_t pgid = write_node(node, k_branch_page);
        if (top) {
            return pgid;
        }
        add_child(level + 1, node.first_key(), pgid);
    }
}

} // namespace ectl::bolt
