#include "crc32c.hpp"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#endif

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

uint32_t table_update(uint32_t crc, const unsigned char* p, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        crc = k_table[(crc ^ p[i]) & 0xFFU] ^ (crc >> 8U);
    }
    return crc;
}

#if defined(__x86_64__)
// CPUID leaf 1, ECX bit 20. Not __builtin_cpu_supports: that links libgcc's __cpu_indicator_init,
// a constructor that runs ~15 CPUID instructions in every process, and each CPUID is a VM exit
// (~9 us on the development VM): 0.1 ms of every command's start for a CRC only snapshots use.
bool cpu_has_sse42() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    return __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_SSE4_2) != 0;
}

// SSE4.2's crc32 instruction computes CRC-32C 8 bytes at a time: snapshot status hashes the whole
// database, where the table above runs at a few hundred MB/s (etcdctl's Go uses the instruction).
__attribute__((target("sse4.2"))) uint32_t sse42_update(uint32_t crc, const unsigned char* p, size_t n) {
    uint64_t wide = crc;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t word = 0;
        std::memcpy(&word, p, 8);
        wide = _mm_crc32_u64(wide, word);
    }
    auto narrow = static_cast<uint32_t>(wide);
    for (; n > 0; --n, ++p) {
        narrow = _mm_crc32_u8(narrow, *p);
    }
    return narrow;
}
#endif

} // namespace

uint32_t crc32c_update(uint32_t crc, std::string_view data) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
#if defined(__x86_64__)
    static const bool has_sse42 = cpu_has_sse42(); // on first use, not at start-up
    if (has_sse42) {
        return ~sse42_update(~crc, p, data.size());
    }
#endif
    return ~table_update(~crc, p, data.size());
}

} // namespace ectl
