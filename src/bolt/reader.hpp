#pragma once
// Reading a bbolt v1.3.6 database file (etcd 3.4's member/snap/db, `etcdctl snapshot save` files) from
// untrusted bytes: every page is read with pread and bounds-checked; memory holds the pages from a
// tree's root to the current leaf, whatever the file's size. A failed system call is a FileError.

#include "bolt/format.hpp"
#include "bolt/page_source.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ectl::bolt {

class Reader {
public:
    // Opens path read-only and picks the meta page as bbolt does (magic 0xED0CDAED, version 2, FNV-1a
    // checksum; the valid one with the higher txid). BoltError on anything invalid, a truncated file
    // included.
    explicit Reader(const std::string& path);

    uint32_t page_size() const { return m_source.page_size(); }
    // bbolt's tx.Size(): the meta's high-water page id times the page size.
    uint64_t size() const { return m_source.high_water() * m_source.page_size(); }
    uint64_t txid() const { return m_source.meta().txid; }
    // Whether the meta names a freelist page (false: etcd's NoFreelistSync, every unreached page is free).
    bool has_freelist() const { return m_source.meta().freelist != k_no_freelist; }

    // bbolt's tx.Check(): one message per problem, in bbolt's wording, empty when the file is sound.
    std::vector<std::string> check() const;

    // Top-level buckets in key order (name, the bucket's sequence). BoltError on a damaged root tree or a
    // top-level key that is not a bucket.
    void for_each_bucket(const std::function<void(std::string_view name, uint64_t sequence)>& fn) const;

    // The key/value pairs of one top-level bucket in key order (inline buckets and overflow pages
    // included); false when there is no such bucket. A nested bucket inside it is a BoltError (etcd never
    // nests). Keys and values are valid during the call only.
    bool for_each(std::string_view bucket,
                  const std::function<void(std::string_view key, std::string_view value)>& fn) const;

private:
    PageSource m_source;
};

} // namespace ectl::bolt
