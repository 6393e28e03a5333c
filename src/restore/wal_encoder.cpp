#include "restore/wal_encoder.hpp"

#include <utility>

#include "crc32c.hpp"
#include "walpb/record.pb.h"

namespace ectl::restore {

uint64_t frame_length_word(size_t size, size_t& pad) {
    pad = (8 - size % 8) % 8;
    uint64_t word = size;
    if (pad != 0) {
        word |= static_cast<uint64_t>(0x80U | pad) << 56U;
    }
    return word;
}

void WalEncoder::add(RecordType type, const std::optional<std::string>& data) {
    walpb::Record record;
    record.set_type(static_cast<int64_t>(type));
    if (data) {
        m_crc = crc32c_update(m_crc, *data);
        record.set_data(*data);
    }
    record.set_crc(m_crc); // set even when 0: etcd always writes it
    std::string bytes = record.SerializeAsString();
    size_t pad = 0;
    uint64_t word = frame_length_word(bytes.size(), pad);
    for (unsigned shift = 0; shift < 64; shift += 8) {
        m_pending += static_cast<char>(word >> shift & 0xFFU);
    }
    m_pending += bytes;
    m_pending.append(pad, '\0');
}

std::string WalEncoder::take() {
    return std::exchange(m_pending, std::string());
}

} // namespace ectl::restore
