#include "bolt/reader.hpp"

#include "bolt/tree_walk.hpp"
#include "go_quote.hpp"

#include <fmt/format.h>

#include <optional>

namespace ectl::bolt {

namespace {

// A top-level element must be a bucket with a whole bucket header.
void check_bucket_element(const LeafElement& element) {
    if ((element.flags & k_bucket_leaf) == 0) {
        throw BoltError(fmt::format("invalid database: the top-level key {} is not a bucket", go_quote(element.key)));
    }
    if (element.value.size() < k_bucket_header_size) {
        throw BoltError(fmt::format("invalid database: bucket {} has a {}-byte header, not {}", go_quote(element.key),
                                    element.value.size(), k_bucket_header_size));
    }
}

// The value of top-level bucket name (its header, and its page when inline), copied out of the walk.
std::optional<std::string> find_bucket(const PageSource& source, std::string_view name) {
    std::optional<std::string> found;
    walk_tree(source, source.meta().root, [&](const LeafElement& element) {
        if (element.key < name) {
            return true;
        }
        if (element.key == name) {
            check_bucket_element(element);
            found.emplace(element.value);
        }
        return false;
    });
    return found;
}

} // namespace

Reader::Reader(const std::string& path) : m_source(path) {}

void Reader::for_each_bucket(const std::function<void(std::string_view name, uint64_t sequence)>& fn) const {
    walk_tree(m_source, m_source.meta().root, [&](const LeafElement& element) {
        check_bucket_element(element);
        fn(element.key, load_u64(element.value.data() + 8));
        return true;
    });
}

bool Reader::for_each(std::string_view bucket,
                      const std::function<void(std::string_view key, std::string_view value)>& fn) const {
    std::optional<std::string> header = find_bucket(m_source, bucket);
    if (!header) {
        return false;
    }
    auto visit = [&](const LeafElement& element) {
        if ((element.flags & k_bucket_leaf) != 0) {
            throw BoltError(fmt::format("invalid database: bucket {} holds a nested bucket {} (etcd never nests them)",
                                        go_quote(bucket), go_quote(element.key)));
        }
        fn(element.key, element.value);
        return true;
    };
    uint64_t root = load_u64(header->data());
    if (root == 0) {
        walk_inline_page(std::string_view(*header).substr(k_bucket_header_size), visit);
    } else {
        walk_tree(m_source, root, visit);
    }
    return true;
}

} // namespace ectl::bolt
