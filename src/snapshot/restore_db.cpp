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

// The source's buckets in order, each written by copy_bucket(name).
template <typename CopyBucket>
void write_buckets(const std::map<std::string, uint64_t>& buckets, bolt::Writer& out, CopyBucket copy_bucket) {
    for (const auto& [name, sequence] : buckets) {
        out.begin_bucket(name, sequence);
        copy_bucket(name);
        out.end_bucket();
    }
    out.finish();
}

// Name -> sequence, in bbolt's (byte-wise) order, which std::string's comparison is.
std::map<std::string, uint64_t> bucket_list(const bolt::Reader& source) {
    std::map<std::string, uint64_t> buckets;
    source.for_each_bucket([&](std::string_view name, uint64_t sequence) { buckets[std::string(name)] = sequence; });
    return buckets;
}

void copy_pairs(const bolt::Reader& source, const std::string& bucket, bolt::Writer& out) {
    source.for_each(bucket, [&](std::string_view k, std::string_view v) { out.put(k, v); });
}

} // namespace

void write_restored_db(const bolt::Reader& source, const std::string& target, const DbRewrite& rewrite) {
    auto buckets = bucket_list(source);
    for (const char* required : {"key", "meta", "lease", "members", "members_removed"}) {
        buckets.try_emplace(required, 0);
    }
    auto members = rewrite.members;
    std::sort(members.begin(), members.end());
    bolt::Writer out(target, source.page_size());
    write_buckets(buckets, out, [&](const std::string& name) {
        if (name == "members") {
            for (const auto& [id, json] : members) {
                out.put(id, json);
            }
        } else if (name == "meta") {
            copy_meta(source, out, rewrite.consistent_index);
        } else if (name != "members_removed") {
            copy_pairs(source, name, out);
        }
    });
}

void write_compact_copy(const bolt::Reader& source, const std::string& target) {
    bolt::Writer out(target, source.page_size());
    write_buckets(bucket_list(source), out, [&](const std::string& name) { copy_pairs(source, name, out); });
}

} // namespace ectl
