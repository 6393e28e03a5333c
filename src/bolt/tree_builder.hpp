#pragma once
// Building one bucket's B+tree from keys in ascending order, bottom-up: each leaf page is written as soon
// as it is full, and each level of branches keeps only its one unfinished page (first key + page id of
// each child), so memory stays at a few pages whatever the bucket's size.

#include "bolt/page_writer.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ectl::bolt {

class TreeBuilder {
public:
    explicit TreeBuilder(PageWriter& out) : m_out(out) {}

    // Adds a leaf element; keys must come in strictly ascending order (the caller checks).
    void add(uint32_t flags, std::string_view key, std::string_view value);
    // Writes what is left and returns the root page's id (an empty leaf page for an empty tree).
    uint64_t finish();

private:
    struct Entry {
        uint32_t flags = 0; // leaf elements
        uint32_t key_size = 0;
        uint32_t value_size = 0; // leaf elements
        uint64_t pgid = 0;       // branch elements
    };
    // A page being filled: its elements, and their keys (and values) one after another.
    struct Node {
        std::vector<Entry> entries;
        std::string data;
        uint64_t size() const;
        std::string_view first_key() const;
    };

    void flush_leaf();
    uint64_t write_node(const Node& node, uint16_t flags);
    uint64_t write_single_leaf(uint32_t flags, std::string_view key, std::string_view value);
    void add_child(size_t level, std::string_view first_key, uint64_t pgid);

    PageWriter& m_out;
    Node m_leaf;
    std::vector<Node> m_levels; // m_levels[0] holds children that are leaves
};

} // namespace ectl::bolt
