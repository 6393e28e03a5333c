#include "snapshot/snapshot_digest.hpp"

#include <algorithm>
#include <cstring>

#include <openssl/evp.h>

namespace ectl {

SnapshotDigest::SnapshotDigest() : m_ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr);
}

SnapshotDigest::~SnapshotDigest() = default;

void SnapshotDigest::feed(std::string_view bytes) {
    m_total += bytes.size();
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t n = bytes.size();
    if (n >= k_size) {
        // Everything kept aside so far, and all but the last 32 new bytes, precede the trailer.
        EVP_DigestUpdate(m_ctx.get(), m_tail.data(), m_tail_len);
        EVP_DigestUpdate(m_ctx.get(), data, n - k_size);
        std::memcpy(m_tail.data(), data + n - k_size, k_size);
        m_tail_len = k_size;
        return;
    }
    // A short piece: the oldest kept bytes that no longer fit in the window are hashed.
    size_t overflow = m_tail_len + n > k_size ? m_tail_len + n - k_size : 0;
    EVP_DigestUpdate(m_ctx.get(), m_tail.data(), overflow);
    std::memmove(m_tail.data(), m_tail.data() + overflow, m_tail_len - overflow);
    m_tail_len -= overflow;
    std::memcpy(m_tail.data() + m_tail_len, data, n);
    m_tail_len += n;
}

void SnapshotDigest::finish() {
    if (!m_finished) {
        unsigned int len = 0;
        EVP_DigestFinal_ex(m_ctx.get(), m_computed.data(), &len);
        m_finished = true;
    }
}

bool SnapshotDigest::matches() {
    finish();
    return m_tail_len == k_size && std::equal(m_computed.begin(), m_computed.end(), m_tail.begin());
}

std::string SnapshotDigest::computed() {
    finish();
    return std::string(m_computed.begin(), m_computed.end());
}

std::string SnapshotDigest::trailer() const {
    return std::string(m_tail.begin(), m_tail.begin() + static_cast<std::ptrdiff_t>(m_tail_len));
}

} // namespace ectl
