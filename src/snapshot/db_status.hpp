#pragma once
// `snapshot status`: what etcdctl 3.4.23 reports about a snapshot (or a member's db) file, read
// locally: its CRC-32C over every bucket's name, keys and values, the newest revision, the number of
// pairs and the size bbolt gives the file.

#include <cstdint>
#include <string>

namespace ectl {

namespace bolt {
class Reader;
}

struct DbStatus {
    uint32_t hash = 0;
    int64_t revision = 0;
    int64_t total_key = 0;
    int64_t total_size = 0;
};

// Opens path and checks it as bbolt's Check does before anything is hashed. Throws Error(error):
// etcdctl's "stat <file>: no such file or directory", otherwise one line naming the file and what
// is wrong with it (a truncated or damaged file is never read past its end).
DbStatus read_db_status(const std::string& path);

// The same for an open file (restore checks what it is about to rewrite).
DbStatus db_status(const bolt::Reader& db, const std::string& path);

// The revision of a key of the "key" bucket: its first 8 bytes, big-endian (mvcc's revision).
int64_t key_revision(std::string_view key);

} // namespace ectl
