// Reader::check(): bbolt v1.3.6's tx.Check() (freelist, page references, page types, unreachable
// pages) with its wording, plus the key-order checks bbolt added in v1.3.7 (with that wording), on
// untrusted bytes: a page reached twice is reported and not walked again, so a cycle cannot loop.

#include "bolt/reader.hpp"
#include "bolt/tree_walk.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

namespace ectl::bolt {

namespace {

constexpr int k_max_depth = 64;
constexpr int k_max_nesting = 64;

// Go's %v of a []pgid: "[3 5 9]".
std::string go_stack(const std::vector<uint64_t>& stack) {
    return fmt::format("[{}]", fmt::join(stack, " "));
}

std::optional<std::string_view> as_view(const std::optional<std::string>& lower) {
    return lower ? std::optional<std::string_view>(*lower) : std::nullopt;
}

class Checker {
public:
    explicit Checker(const PageSource& source)
        : m_source(source), m_high_water(source.high_water()), m_reached(static_cast<size_t>(m_high_water)),
          m_freed(static_cast<size_t>(m_high_water)) {}

    std::vector<std::string> run();

private:
    void read_freelist();
    void mark_freelist_ids(const Page& page, uint64_t first, uint64_t count);
    void check_bucket(uint64_t root, int nesting);
    // Checks page id of a bucket's tree and what it reaches, its keys within [lower, upper).
    void check_page(uint64_t id, const std::optional<std::string>& lower, const std::optional<std::string>& upper,
                    int depth);
    // The first checks of page id, as bbolt makes them; false when its contents must not be read.
    bool check_reference(uint64_t id, const PageHeader& header);
    void check_leaf(const PageView& view, uint64_t id, const std::optional<std::string>& lower,
                    const std::optional<std::string>& upper);
    void check_branch(const PageView& view, uint64_t id, const std::optional<std::string>& lower,
                      const std::optional<std::string>& upper, int depth);
    // Key index of page id against the one before it (the ancestor's for the first) and the next
    // ancestor's key, with bbolt v1.3.7's messages.
    void check_key(uint64_t id, const char* type, size_t index, std::string_view key,
                   std::optional<std::string_view> previous, const std::optional<std::string>& upper);
    bool reached(uint64_t id) const { return m_reached[static_cast<size_t>(id)]; }
    bool freed(uint64_t id) const { return m_freed[static_cast<size_t>(id)]; }

    const PageSource& m_source;
    uint64_t m_high_water;
    std::vector<bool> m_reached;
    std::vector<bool> m_freed;
    std::vector<uint64_t> m_stack;    // pages from the bucket's root to the one being checked
    std::vector<uint64_t> m_children; // roots of the sub-buckets of the bucket being checked
    std::vector<std::string> m_problems;
};

std::vector<std::string> Checker::run() {
    bool synced = m_source.meta().freelist != k_no_freelist;
    if (synced) {
        read_freelist();
    }
    m_reached[0] = true;
    m_reached[1] = true;
    check_bucket(m_source.meta().root, 0);
    // Without a freelist page bbolt takes every page no bucket reaches as free.
    for (uint64_t id = 0; synced && id < m_high_water; ++id) {
        if (!reached(id) && !freed(id)) {
            m_problems.push_back(fmt::format("page {}: unreachable unfreed", id));
        }
    }
    return std::move(m_problems);
}

void Checker::read_freelist() {
    uint64_t id = m_source.meta().freelist;
    PageHeader header = m_source.header(id);
    uint64_t run_pages = std::min<uint64_t>(uint64_t{header.overflow} + 1, m_high_water - id);
    for (uint64_t i = 0; i < run_pages; ++i) {
        m_reached[static_cast<size_t>(id + i)] = true;
    }
    if ((header.flags & k_freelist_page) == 0) {
        m_problems.push_back(fmt::format("invalid freelist page: {}, page type is {}", id, page_type(header.flags)));
        return;
    }
    if (run_pages <= header.overflow) {
        m_problems.push_back(fmt::format("page {}: freelist and its {} overflow pages go past the high-water mark {}",
                                         id, header.overflow, m_high_water));
        return;
    }
    Page page = m_source.run(id, header.overflow);
    uint64_t capacity = (page.bytes.size() - k_page_header_size) / sizeof(uint64_t);
    uint64_t first = 0;
    uint64_t count = header.count;
    if (header.count == k_freelist_count_overflow) {
        first = 1;
        count = load_u64(page.bytes.data() + k_page_header_size);
    }
    if (count > capacity - first) {
        m_problems.push_back(
            fmt::format("page {}: freelist of {} ids does not fit in its {} pages", id, count, header.overflow + 1));
        count = capacity - first;
    }
    mark_freelist_ids(page, first, count);
}

void Checker::mark_freelist_ids(const Page& page, uint64_t first, uint64_t count) {
    std::vector<uint64_t> again;
    for (uint64_t i = first; i < first + count; ++i) {
        uint64_t id = load_u64(page.bytes.data() + k_page_header_size + i * sizeof(uint64_t));
        if (id < 2 || id >= m_high_water) {
            m_problems.push_back(fmt::format("page {}: freed page out of bounds: {}", id, m_high_water));
        } else if (freed(id)) {
            again.push_back(id);
        } else {
            m_freed[static_cast<size_t>(id)] = true;
        }
    }
    std::sort(again.begin(), again.end()); // bbolt reports them walking the sorted list
    for (uint64_t id : again) {
        m_problems.push_back(fmt::format("page {}: already freed", id));
    }
}

void Checker::check_bucket(uint64_t root, int nesting) {
    if (nesting > k_max_nesting) {
        m_problems.push_back(fmt::format("page {}: buckets nested more than {} levels deep", root, k_max_nesting));
        return;
    }
    std::vector<uint64_t> outer = std::move(m_children);
    m_children.clear();
    m_stack.clear();
    check_page(root, std::nullopt, std::nullopt, 0);
    std::vector<uint64_t> children = std::move(m_children);
    m_children = std::move(outer);
    for (uint64_t child : children) {
        check_bucket(child, nesting + 1);
    }
}

bool Checker::check_reference(uint64_t id, const PageHeader& header) {
    uint64_t run_pages = std::min<uint64_t>(uint64_t{header.overflow} + 1, m_high_water - id);
    bool again = reached(id);
    for (uint64_t i = 0; i < run_pages; ++i) {
        if (reached(id + i)) {
            m_problems.push_back(fmt::format("page {}: multiple references", id + i));
        }
        m_reached[static_cast<size_t>(id + i)] = true;
    }
    bool tree_page = (header.flags & (k_branch_page | k_leaf_page)) != 0;
    if (freed(id)) {
        m_problems.push_back(fmt::format("page {}: reachable freed", id));
    } else if (!tree_page) {
        m_problems.push_back(fmt::format("page {}: invalid type: {}", id, page_type(header.flags)));
    }
    if (run_pages <= header.overflow) {
        m_problems.push_back(
            fmt::format("page {}: out of bounds: {} (with its {} overflow pages)", id, m_high_water, header.overflow));
        return false;
    }
    return tree_page && !again;
}

void Checker::check_page(uint64_t id, const std::optional<std::string>& lower, const std::optional<std::string>& upper,
                         int depth) {
    if (id >= m_high_water) {
        m_problems.push_back(fmt::format("page {}: out of bounds: {}", id, m_high_water));
        return;
    }
    PageHeader header = m_source.header(id);
    if (!check_reference(id, header)) {
        return;
    }
    if (depth >= k_max_depth) {
        m_problems.push_back(fmt::format("page {}: more than {} levels below its bucket's root", id, k_max_depth));
        return;
    }
    if (header.id != id) {
        m_problems.push_back(fmt::format("page {}: its header has the id {}", id, header.id));
    }
    Page page = m_source.run(id, header.overflow);
    m_stack.push_back(id);
    if ((header.flags & k_branch_page) != 0) {
        check_branch(page.view(), id, lower, upper, depth);
    } else {
        check_leaf(page.view(), id, lower, upper);
    }
    m_stack.pop_back();
}

void Checker::check_leaf(const PageView& view, uint64_t id, const std::optional<std::string>& lower,
                         const std::optional<std::string>& upper) {
    std::optional<std::string_view> previous_key;
    for (size_t i = 0; i < view.header().count; ++i) {
        auto element = view.leaf(i);
        if (!element) {
            m_problems.push_back(fmt::format("page {}: element {} lies outside the page", id, i));
            return;
        }
        check_key(id, "leaf", i, element->key, i == 0 ? as_view(lower) : previous_key, upper);
        if ((element->flags & k_bucket_leaf) != 0) {
            if (element->value.size() < k_bucket_header_size) {
                m_problems.push_back(fmt::format("page {}: bucket (hex){} has a {}-byte header", id, hex(element->key),
                                                 element->value.size()));
            } else if (uint64_t root = load_u64(element->value.data()); root != 0) {
                m_children.push_back(root); // inline buckets own no pages
            }
        }
        previous_key = element->key;
    }
}

void Checker::check_branch(const PageView& view, uint64_t id, const std::optional<std::string>& lower,
                           const std::optional<std::string>& upper, int depth) {
    std::vector<BranchElement> elements;
    for (size_t i = 0; i < view.header().count; ++i) {
        auto element = view.branch(i);
        if (!element) {
            m_problems.push_back(fmt::format("page {}: element {} lies outside the page", id, i));
            break;
        }
        check_key(id, "branch", i, element->key, i == 0 ? as_view(lower) : elements.back().key, upper);
        elements.push_back(*element);
    }
    for (size_t i = 0; i < elements.size(); ++i) {
        std::optional<std::string> child_upper =
            i + 1 < elements.size() ? std::optional<std::string>(elements[i + 1].key) : upper;
        check_page(elements[i].pgid, std::string(elements[i].key), child_upper, depth + 1);
    }
}

void Checker::check_key(uint64_t id, const char* type, size_t index, std::string_view key,
                        std::optional<std::string_view> previous, const std::optional<std::string>& upper) {
    if (index == 0 && previous && *previous > key) {
        m_problems.push_back(fmt::format("the first key[{}]=(hex){} on {} page({}) needs to be >= the key in the "
                                         "ancestor ({}). Stack: {}",
                                         index, hex(key), type, id, hex(*previous), go_stack(m_stack)));
    }
    if (index > 0 && previous && *previous >= key) {
        m_problems.push_back(fmt::format("key[{}]=(hex){} on {} page({}) needs to be > (found {}) than previous "
                                         "element (hex){}. Stack: {}",
                                         index, hex(key), type, id, *previous == key ? "=" : "<", hex(*previous),
                                         go_stack(m_stack)));
    }
    if (upper && key >= std::string_view(*upper)) {
        m_problems.push_back(fmt::format("key[{}]=(hex){} on {} page({}) needs to be < than key of the next element "
                                         "in ancestor (hex){}. Pages stack: {}",
                                         index, hex(key), type, id, hex(*upper), go_stack(m_stack)));
    }
}

} // namespace

std::vector<std::string> Reader::check() const {
    return Checker(m_source).run();
}

} // namespace ectl::bolt
