#pragma once
// Writing a fresh, compact bbolt v1.3.6 database file from buckets and keys in ascending order (etcd's
// snapshot restore): pages are streamed to disk as they fill, so memory stays at a few pages.

#include "bolt/format.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ectl::bolt {

class PageWriter;
class TreeBuilder;

// Every page of the file is reached from the root or is the (empty) freelist page, so bbolt's Check
// passes; bbolt and etcd open the file and go on writing to it. Buckets are written as trees of their
// own pages (never inline), which bbolt reads and rewrites as it likes.
class Writer {
public:
    // Creates path (truncating what is there) with mode 0600. page_size: a power of two, 512..1 MiB.
    Writer(const std::string& path, uint32_t page_size);
    // Closes the file; without finish() it has no valid meta page, and bbolt refuses it.
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Starts the next top-level bucket; names strictly ascending, non-empty.
    void begin_bucket(std::string_view name, uint64_t sequence);
    // Adds a pair to the open bucket; keys strictly ascending within it, non-empty; values of any size.
    void put(std::string_view key, std::string_view value);
    // Ends the open bucket (it may be empty).
    void end_bucket();
    // Writes the root bucket's pages, an empty freelist page and both meta pages, then fsyncs and closes.
    void finish();

private:
    void require_open(const char* what) const;

    std::unique_ptr<PageWriter> m_out;
    std::unique_ptr<TreeBuilder> m_root;
    std::unique_ptr<TreeBuilder> m_bucket; // the open bucket
    std::string m_bucket_name;             // the open bucket's, else the last bucket's
    bool m_any_bucket = false;
    uint64_t m_sequence = 0;
    std::string m_last_key;
    bool m_any_key = false;
    bool m_finished = false;
};

} // namespace ectl::bolt
