#pragma once
// Checked access to the elements of one page's bytes (a page with its overflow run, or the page inside
// an inline bucket's value): an element whose header, key or value would lie outside the bytes is
// reported, never read.

#include "bolt/format.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace ectl::bolt {

struct LeafElement {
    uint32_t flags = 0;
    std::string_view key;
    std::string_view value;
};

struct BranchElement {
    std::string_view key;
    uint64_t pgid = 0;
};

class PageView {
public:
    // bytes must hold at least a page header (the caller checks).
    explicit PageView(std::string_view bytes) : m_bytes(bytes), m_header(decode_page_header(bytes.data())) {}

    const PageHeader& header() const { return m_header; }
    // Element index of a leaf page, or nullopt when any of it lies outside the bytes.
    std::optional<LeafElement> leaf(size_t index) const;
    // Element index of a branch page, or nullopt when any of it lies outside the bytes.
    std::optional<BranchElement> branch(size_t index) const;

private:
    // The bytes [offset, offset + size) of the page, or nullopt when they are not all inside it.
    std::optional<std::string_view> slice(uint64_t offset, uint64_t size) const;

    std::string_view m_bytes;
    PageHeader m_header;
};

inline std::optional<std::string_view> PageView::slice(uint64_t offset, uint64_t size) const {
    if (offset > m_bytes.size() || size > m_bytes.size() - offset) {
        return std::nullopt;
    }
    return m_bytes.substr(static_cast<size_t>(offset), static_cast<size_t>(size));
}

inline std::optional<LeafElement> PageView::leaf(size_t index) const {
    uint64_t at = k_page_header_size + uint64_t{index} * k_element_size;
    auto element = slice(at, k_element_size);
    if (!element) {
        return std::nullopt;
    }
    uint64_t pos = load_u32(element->data() + 4);
    uint64_t ksize = load_u32(element->data() + 8);
    uint64_t vsize = load_u32(element->data() + 12);
    auto key = slice(at + pos, ksize);
    auto value = slice(at + pos + ksize, vsize);
    if (!key || !value) {
        return std::nullopt;
    }
    return LeafElement{load_u32(element->data()), *key, *value};
}

inline std::optional<BranchElement> PageView::branch(size_t index) const {
    uint64_t at = k_page_header_size + uint64_t{index} * k_element_size;
    auto element = slice(at, k_element_size);
    if (!element) {
        return std::nullopt;
    }
    uint64_t pos = load_u32(element->data());
    uint64_t ksize = load_u32(element->data() + 4);
    auto key = slice(at + pos, ksize);
    if (!key) {
        return std::nullopt;
    }
    return BranchElement{*key, load_u64(element->data() + 8)};
}

} // namespace ectl::bolt
