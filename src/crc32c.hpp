#pragma once
// CRC-32C (Castagnoli), the checksum of etcd's WAL records and .snap files, and of snapshot status's hash.

#include <cstdint>
#include <string_view>

namespace ectl {

// Go's crc32.Update(crc, crc32.MakeTable(crc32.Castagnoli), data): chaining calls gives the CRC of
// the concatenation, which is how a WAL's records carry the CRC of everything before them.
uint32_t crc32c_update(uint32_t crc, std::string_view data);

} // namespace ectl
