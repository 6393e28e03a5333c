#pragma once
// etcd's WAL framing (wal/encoder.go): each walpb.Record after a little-endian length word, padded
// to 8 bytes, its crc field the CRC-32C of every record's data so far.

#include <cstdint>
#include <optional>
#include <string>

namespace ectl::restore {

// walpb.Record types (wal/wal.go).
enum class RecordType : int64_t { metadata = 1, entry = 2, state = 3, crc = 4, snapshot = 5 };

// etcd's encodeFrameSize: the length word of a record of `size` bytes (the pad count in its top
// byte, flagged by 0x80, when the size is not a multiple of 8) and that pad count.
uint64_t frame_length_word(size_t size, size_t& pad);

// Frames records into bytes, carrying the running CRC from one record to the next.
class WalEncoder {
public:
    // A segment's encoder starts from the CRC of the segment before it (0 for the first).
    explicit WalEncoder(uint32_t previous_crc = 0) : m_crc(previous_crc) {}

    // Appends one record; a record without data (the crc record) writes no data field.
    void add(RecordType type, const std::optional<std::string>& data);

    // The CRC after every record added so far.
    uint32_t crc() const { return m_crc; }

    // The bytes framed since the last take().
    std::string take();

private:
    uint32_t m_crc;
    std::string m_pending;
};

} // namespace ectl::restore
