#pragma once
// UTF-8 decoding with Go's rules (utf8.DecodeRuneInString), shared by the Go-compatible encoders.

#include <cstddef>
#include <string_view>

namespace ectl {

// The replacement rune Go returns for a malformed byte.
constexpr char32_t k_utf8_rune_error = 0xFFFD;

// One decoded rune and the bytes it took.
struct Utf8Rune {
    char32_t rune;
    std::size_t width;
};

// Decodes the first rune of a non-empty s; malformed, truncated, overlong, surrogate or
// out-of-range input yields (k_utf8_rune_error, 1), like Go.
Utf8Rune decode_utf8(std::string_view s);

} // namespace ectl
