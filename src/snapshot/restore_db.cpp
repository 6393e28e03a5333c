#include "snapshot/restore_db.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "bolt/reader.hpp"
#include "bolt/writer.hpp"

namespace ectl {
namespace {

constexpr std::string_view k_consistent_index = "consistent_index";

std::string big_endian(uint64_t v) {
    std::string bytes(8, '\0');
    for (int i = 7; i >= 0; --i) {
        bytes[static_cast<size_t>(i)] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
    return bytes;
}

// The meta bucket with consistent_index set, in key order wherever it falls.
void copy_meta(const bolt::Reader& source, bolt::Writer& out, uint64_t consistent_index) {
    const std::string index = big_endian(consistent_index);
    bool written = false;
    source.for_each("meta", [&](std::string_view k, std::string_view v) {
        if (!written && k >= k_consistent_index) {
            out.put(k_consistent_index, index);
            written = true;
            if (k == k_consistent_index) {
                return;
            }
        }
        out.put(k, v);
    });
    if (!written) {
        out.put(k_consistent_index, index);
    }
}

} // namespace

void write_restored_db(const bolt::Reader& source, const std::string& target, const DbRewrite& rewrite) {
    // Name -> sequence, in bbolt's (byte-wise) order, which std::string's comparison is.
    std::map<std::string, uint64_t> buckets;
    source.for_each_bucket([&](std::string_view name, uint64_t sequence) { buckets[std::string(name)] = sequence; });
    for (const char* required : {"key", "meta", "lease", "members", "members_removed"}) {
        buckets.try_emplace(required, 0);
    }
    auto members = rewrite.members;
    std::sort(members.begin(), members.end());
    bolt::Writer out(target, source.page_size());
    for (const auto& [name, sequence] : buckets) {
        out.begin_bucket(name, sequence);
        if (name == "members") {
            for (const auto& [id, json] : members) {
                out.put(id, json);
            }
        } else if (name == "meta") {
            copy_meta(source, out, rewrite.consistent_index);
        } else if (name != "members_removed") {
            source.for_each(name, [&](std::string_view k, std::string_view v) { out.put(k, v); });
        }
        out.end_bucket();
    }
    out.finish();
}

} // namespace ectl
