#pragma once
// Walking one bucket's B+tree in key order, holding only the pages from its root to the current leaf.

#include "bolt/page.hpp"
#include "bolt/page_source.hpp"

#include <cstdint>
#include <functional>
#include <string_view>

namespace ectl::bolt {

// What a walk hands over for each leaf element; false stops the walk. The element's bytes are valid
// during the call only.
using LeafVisitor = std::function<bool(const LeafElement&)>;

// Visits the leaf elements of the tree rooted at page root in key order. BoltError on a damaged tree:
// a page that is neither branch nor leaf, an element outside its page, a page reached twice (a cycle or
// a shared subtree), keys not strictly ascending, more than 64 levels. False when visit stopped it.
bool walk_tree(const PageSource& source, uint64_t root, const LeafVisitor& visit);

// The same for the page inside an inline bucket's value (the bytes after its bucket header).
bool walk_inline_page(std::string_view page_bytes, const LeafVisitor& visit);

// At most the first 32 bytes of key in hex, "..." when cut: keys in error messages.
std::string short_hex(std::string_view key);

} // namespace ectl::bolt
