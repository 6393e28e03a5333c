#include "utf8.hpp"

#include <cstdint>

namespace ectl {

Utf8Rune decode_utf8(std::string_view s) {
    const auto byte_at = [&s](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
    const std::uint8_t b0 = byte_at(0);
    if (b0 < 0x80) {
        return {b0, 1};
    }
    std::size_t width = 0;
    // Bounds on the second byte carry the overlong / surrogate / > U+10FFFF checks, exactly like
    // Go's acceptRanges table.
    std::uint8_t lo = 0x80;
    std::uint8_t hi = 0xBF;
    char32_t rune = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        width = 2;
        rune = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        width = 3;
        rune = b0 & 0x0F;
        if (b0 == 0xE0) {
            lo = 0xA0;
        } else if (b0 == 0xED) {
            hi = 0x9F;
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        width = 4;
        rune = b0 & 0x07;
        if (b0 == 0xF0) {
            lo = 0x90;
        } else if (b0 == 0xF4) {
            hi = 0x8F;
        }
    } else {
        return {k_utf8_rune_error, 1};
    }
    if (s.size() < width) {
        return {k_utf8_rune_error, 1};
    }
    for (std::size_t i = 1; i < width; ++i) {
        const std::uint8_t b = byte_at(i);
        const std::uint8_t min = (i == 1) ? lo : 0x80;
        const std::uint8_t max = (i == 1) ? hi : 0xBF;
        if (b < min || b > max) {
            return {k_utf8_rune_error, 1};
        }
        rune = (rune << 6) | (b & 0x3F);
    }
    return {rune, width};
}

} // namespace ectl
