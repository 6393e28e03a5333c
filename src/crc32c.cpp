#include "crc32c.hpp"

#include <array>

namespace ectl {
namespace {

// The reflected CRC-32C polynomial.
constexpr uint32_t k_polynomial = 0x82F63B78U;

constexpr std::array<uint32_t, 256> make_table() {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t crc = i;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 1U) != 0 ? (crc >> 1U) ^ k_polynomial : crc >> 1U;
        }
        table[i] = crc;
    }
    return table;
}

constexpr std::array<uint32_t, 256> k_table = make_table();

} // namespace

uint32_t crc32c_update(uint32_t crc, std::string_view data) {
    crc = ~crc;
    for (char c : data) {
        crc = k_table[(crc ^ static_cast<unsigned char>(c)) & 0xFFU] ^ (crc >> 8U);
    }
    return ~crc;
}

} // namespace ectl
