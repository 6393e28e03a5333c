#pragma once
// The on-disk facts of a bbolt v1.3.6 database file (etcd 3.4's backend and snapshot files): page
// and element layouts, flags, the meta page with its FNV-1a checksum. All integers are little-endian.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ectl::bolt {

// Anything wrong with a bolt file, or with how a Writer is used; the message describes the problem
// (the caller adds the file name).
class BoltError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr uint32_t k_magic = 0xED0CDAED;
constexpr uint32_t k_version = 2;

// Page flags.
constexpr uint16_t k_branch_page = 0x01;
constexpr uint16_t k_leaf_page = 0x02;
constexpr uint16_t k_meta_page = 0x04;
constexpr uint16_t k_freelist_page = 0x10;

// A leaf element whose value is a bucket header (a sub-bucket).
constexpr uint32_t k_bucket_leaf = 0x01;

// The meta page's freelist page id when the freelist is not written (bbolt's NoFreelistSync, etcd's
// default on Linux): every page that no bucket reaches is free.
constexpr uint64_t k_no_freelist = 0xFFFFFFFFFFFFFFFF;

constexpr size_t k_page_header_size = 16;   // id u64, flags u16, count u16, overflow u32
constexpr size_t k_element_size = 16;       // leaf: flags, pos, ksize, vsize (u32); branch: pos, ksize u32, pgid u64
constexpr size_t k_bucket_header_size = 16; // root pgid u64, sequence u64
constexpr size_t k_meta_size = 64;          // the meta struct after the page header
constexpr size_t k_meta_checksummed = 56;   // the checksum covers the meta up to the checksum itself
constexpr uint16_t k_freelist_count_overflow = 0xFFFF; // count in the first id instead

// bbolt's MaxKeySize and MaxValueSize.
constexpr size_t k_max_key_size = 32768;
constexpr size_t k_max_value_size = (size_t{1} << 31) - 2;

// Page sizes this code reads and writes (bbolt takes the OS page size; etcd's files use 4096).
constexpr uint32_t k_min_page_size = 512;
constexpr uint32_t k_max_page_size = 1U << 20;

struct PageHeader {
    uint64_t id = 0;
    uint16_t flags = 0;
    uint16_t count = 0;
    uint32_t overflow = 0;
};

struct Meta {
    uint32_t magic = 0;
    uint32_t version = 0;
    uint32_t page_size = 0;
    uint32_t flags = 0;
    uint64_t root = 0;     // the root bucket's root page
    uint64_t sequence = 0; // the root bucket's sequence
    uint64_t freelist = 0; // the freelist page, or k_no_freelist
    uint64_t pgid = 0;     // the high-water mark: pages [0, pgid) are in use or free
    uint64_t txid = 0;
    uint64_t checksum = 0;
};

uint16_t load_u16(const char* p);
uint32_t load_u32(const char* p);
uint64_t load_u64(const char* p);
void store_u16(char* p, uint16_t v);
void store_u32(char* p, uint32_t v);
void store_u64(char* p, uint64_t v);

// FNV-1a, 64 bits (Go's hash/fnv New64a).
uint64_t fnv1a_64(std::string_view bytes);

// The header at the start of a page (p has at least k_page_header_size bytes).
PageHeader decode_page_header(const char* p);
void encode_page_header(char* p, const PageHeader& header);

// The meta stored in a meta page (page has at least k_page_header_size + k_meta_size bytes).
Meta decode_meta(const char* page);
// Writes meta into a meta page's body with its checksum computed (page as above).
void encode_meta(char* page, const Meta& meta);
// The checksum bbolt stores for meta (over its fields before the checksum).
uint64_t meta_checksum(const Meta& meta);
// Why bbolt's meta.validate() rejects meta ("invalid database", "version mismatch", "checksum error",
// each with the numbers found), or "" when it accepts it (a zero checksum is not checked, as bbolt).
std::string meta_problem(const Meta& meta);

// bbolt's page.typ(): "branch", "leaf", "meta", "freelist" or "unknown<xx>".
std::string page_type(uint16_t flags);

// Lowercase hex of bytes (Go's hex.EncodeToString), for check messages.
std::string hex(std::string_view bytes);

} // namespace ectl::bolt
