#include "bolt/tree_walk.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

namespace ectl::bolt {

namespace {

constexpr int k_max_depth = 64;

// One walk: the keys seen so far must ascend strictly, and no page may be reached twice, which bounds
// the work by the number of pages whatever the links say.
class TreeWalk {
public:
    TreeWalk(const PageSource* source, const LeafVisitor& visit) : m_source(source), m_visit(visit) {
        if (source != nullptr) {
            m_reached.resize(static_cast<size_t>(source->high_water()));
        }
    }

    bool page(uint64_t id, int depth);
    bool leaf(const PageView& view, uint64_t id);

private:
    bool branch(const PageView& view, uint64_t id, int depth);
    void check_order(std::string_view key, uint64_t id, size_t index);

    const PageSource* m_source;
    const LeafVisitor& m_visit;
    std::vector<bool> m_reached;
    std::string m_last_key;
    bool m_any_key = false;
};

bool TreeWalk::page(uint64_t id, int depth) {
    if (depth >= k_max_depth) {
        throw BoltError(fmt::format("invalid database: page {} is more than {} levels deep", id, k_max_depth));
    }
    if (id < m_reached.size() && m_reached[static_cast<size_t>(id)]) {
        throw BoltError(fmt::format("invalid database: page {} is reached twice (a cycle or a shared subtree)", id));
    }
    Page page = m_source->tree_page(id); // checks id < high water
    for (uint64_t i = 0; i <= page.view().header().overflow; ++i) {
        m_reached[static_cast<size_t>(id + i)] = true;
    }
    PageView view = page.view();
    uint16_t flags = view.header().flags;
    if ((flags & k_branch_page) != 0) {
        return branch(view, id, depth);
    }
    if ((flags & k_leaf_page) != 0) {
        return leaf(view, id);
    }
    throw BoltError(fmt::format("invalid database: page {} of a bucket's tree has the type {}", id, page_type(flags)));
}

bool TreeWalk::branch(const PageView& view, uint64_t id, int depth) {
    for (size_t i = 0; i < view.header().count; ++i) {
        auto element = view.branch(i);
        if (!element) {
            throw BoltError(fmt::format("invalid database: element {} of branch page {} lies outside the page", i, id));
        }
        if (!page(element->pgid, depth + 1)) {
            return false;
        }
    }
    return true;
}

bool TreeWalk::leaf(const PageView& view, uint64_t id) {
    for (size_t i = 0; i < view.header().count; ++i) {
        auto element = view.leaf(i);
        if (!element) {
            throw BoltError(fmt::format("invalid database: element {} of leaf page {} lies outside the page", i, id));
        }
        check_order(element->key, id, i);
        if (!m_visit(*element)) {
            return false;
        }
    }
    return true;
}

void TreeWalk::check_order(std::string_view key, uint64_t id, size_t index) {
    if (key.empty()) {
        throw BoltError(fmt::format("invalid database: key[{}] on page {} is empty", index, id));
    }
    if (m_any_key && key <= m_last_key) {
        throw BoltError(fmt::format("invalid database: keys out of order: key[{}]=(hex){} on page {} does not come "
                                    "after (hex){}",
                                    index, short_hex(key), id, short_hex(m_last_key)));
    }
    m_last_key.assign(key.data(), key.size());
    m_any_key = true;
}

} // namespace

bool walk_tree(const PageSource& source, uint64_t root, const LeafVisitor& visit) {
    TreeWalk walk(&source, visit);
    return walk.page(root, 0);
}

bool walk_inline_page(std::string_view page_bytes, const LeafVisitor& visit) {
    if (page_bytes.size() < k_page_header_size) {
        throw BoltError(fmt::format("invalid database: an inline bucket's page has {} bytes", page_bytes.size()));
    }
    PageView view(page_bytes);
    if ((view.header().flags & k_leaf_page) == 0) {
        throw BoltError(
            fmt::format("invalid database: an inline bucket's page has the type {}", page_type(view.header().flags)));
    }
    TreeWalk walk(nullptr, visit);
    return walk.leaf(view, 0);
}

std::string short_hex(std::string_view key) {
    constexpr size_t k_shown = 32;
    return key.size() <= k_shown ? hex(key) : hex(key.substr(0, k_shown)) + "...";
}

} // namespace ectl::bolt
