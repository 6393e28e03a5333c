#pragma once
// The integrity hash of an etcd snapshot: the server sends the database followed by the SHA-256
// of the database (32 bytes). Fed the whole stream in pieces, this keeps the last 32 bytes aside
// and hashes everything before them, so it needs no second pass and no memory beyond one piece.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace ectl {

class SnapshotDigest {
public:
    static constexpr size_t k_size = 32;

    SnapshotDigest();
    ~SnapshotDigest();
    SnapshotDigest(const SnapshotDigest&) = delete;
    SnapshotDigest& operator=(const SnapshotDigest&) = delete;

    // Takes the next bytes of the stream.
    void feed(std::string_view bytes);
    // Bytes taken so far (database and trailing hash).
    uint64_t total() const { return m_total; }
    // Whether the stream was at least 32 bytes and its last 32 bytes are the SHA-256 of the rest.
    bool matches();
    // The SHA-256 of everything but the last 32 bytes, and those bytes (for messages).
    std::string computed();
    std::string trailer() const;

private:
    void finish();

    std::unique_ptr<evp_md_ctx_st, void (*)(evp_md_ctx_st*)> m_ctx;
    std::array<unsigned char, k_size> m_tail{}; // the last bytes seen (m_tail_len of them)
    size_t m_tail_len = 0;
    uint64_t m_total = 0;
    bool m_finished = false;
    std::array<unsigned char, k_size> m_computed{};
};

// Etcd's test for a trailing hash (clientv3/snapshot: hasChecksum): a file of n bytes carries one
// when n % 512 == 32, the database itself being a whole number of 512-byte sectors.
constexpr bool has_snapshot_digest(uint64_t n) {
    return n % 512 == SnapshotDigest::k_size;
}

} // namespace ectl
