#include "bolt/format.hpp"

#include <fmt/format.h>

namespace ectl::bolt {

namespace {

template <typename T>
T load_le(const char* p) {
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) {
        v = static_cast<T>(v | static_cast<T>(static_cast<T>(static_cast<unsigned char>(p[i])) << (8 * i)));
    }
    return v;
}

template <typename T>
void store_le(char* p, T v) {
    for (size_t i = 0; i < sizeof(T); ++i) {
        p[i] = static_cast<char>(static_cast<unsigned char>((v >> (8 * i)) & 0xFF));
    }
}

// The meta fields in their on-disk order, so decoding, encoding and checksumming agree.
void encode_meta_fields(char* body, const Meta& m) {
    store_u32(body + 0, m.magic);
    store_u32(body + 4, m.version);
    store_u32(body + 8, m.page_size);
    store_u32(body + 12, m.flags);
    store_u64(body + 16, m.root);
    store_u64(body + 24, m.sequence);
    store_u64(body + 32, m.freelist);
    store_u64(body + 40, m.pgid);
    store_u64(body + 48, m.txid);
    store_u64(body + 56, m.checksum);
}

} // namespace

uint16_t load_u16(const char* p) {
    return load_le<uint16_t>(p);
}
uint32_t load_u32(const char* p) {
    return load_le<uint32_t>(p);
}
uint64_t load_u64(const char* p) {
    return load_le<uint64_t>(p);
}
void store_u16(char* p, uint16_t v) {
    store_le(p, v);
}
void store_u32(char* p, uint32_t v) {
    store_le(p, v);
}
void store_u64(char* p, uint64_t v) {
    store_le(p, v);
}

uint64_t fnv1a_64(std::string_view bytes) {
    uint64_t h = 14695981039346656037ULL;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

PageHeader decode_page_header(const char* p) {
    PageHeader h;
    h.id = load_u64(p);
    h.flags = load_u16(p + 8);
    h.count = load_u16(p + 10);
    h.overflow = load_u32(p + 12);
    return h;
}

void encode_page_header(char* p, const PageHeader& header) {
    store_u64(p, header.id);
    store_u16(p + 8, header.flags);
    store_u16(p + 10, header.count);
    store_u32(p + 12, header.overflow);
}

Meta decode_meta(const char* page) {
    const char* body = page + k_page_header_size;
    Meta m;
    m.magic = load_u32(body + 0);
    m.version = load_u32(body + 4);
    m.page_size = load_u32(body + 8);
    m.flags = load_u32(body + 12);
    m.root = load_u64(body + 16);
    m.sequence = load_u64(body + 24);
    m.freelist = load_u64(body + 32);
    m.pgid = load_u64(body + 40);
    m.txid = load_u64(body + 48);
    m.checksum = load_u64(body + 56);
    return m;
}

uint64_t meta_checksum(const Meta& meta) {
    char body[k_meta_size];
    encode_meta_fields(body, meta);
    return fnv1a_64(std::string_view(body, k_meta_checksummed));
}

void encode_meta(char* page, const Meta& meta) {
    Meta m = meta;
    m.checksum = meta_checksum(m);
    encode_meta_fields(page + k_page_header_size, m);
}

std::string meta_problem(const Meta& meta) {
    if (meta.magic != k_magic) {
        return fmt::format("invalid database (magic {:#010x}, not {:#010x})", meta.magic, k_magic);
    }
    if (meta.version != k_version) {
        return fmt::format("version mismatch (version {}, not {})", meta.version, k_version);
    }
    if (meta.checksum != 0 && meta.checksum != meta_checksum(meta)) {
        return fmt::format("checksum error (stored {:#018x}, computed {:#018x})", meta.checksum, meta_checksum(meta));
    }
    return {};
}

std::string page_type(uint16_t flags) {
    if ((flags & k_branch_page) != 0) {
        return "branch";
    }
    if ((flags & k_leaf_page) != 0) {
        return "leaf";
    }
    if ((flags & k_meta_page) != 0) {
        return "meta";
    }
    if ((flags & k_freelist_page) != 0) {
        return "freelist";
    }
    return fmt::format("unknown<{:02x}>", flags);
}

std::string hex(std::string_view bytes) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes) {
        auto b = static_cast<unsigned char>(c);
        out += k_digits[b >> 4];
        out += k_digits[b & 0xF];
    }
    return out;
}

} // namespace ectl::bolt
