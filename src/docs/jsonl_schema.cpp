#include "docs/jsonl_schema.hpp"

namespace ectl {

const std::vector<JsonlSchemaRow>& jsonl_schema_table() {
    static const std::vector<JsonlSchemaRow> k_rows = {
        {"get, wait, lock, elect", "key",
         "key, value, create_revision, mod_revision, version, lease (when the key has one)"},
        {"put, register", "write", "revision, prev_kv (with --prev-kv), lease and ttl (put --ttl, register)"},
        {"del", "del", "deleted, revision, prev_kvs (with --prev-kv)"},
        {"txn", "txn",
         "succeeded, revision, responses: one object per request with op (put, del or get) and that command's "
         "members (get: count, kvs)"},
        {"watch, get --watch", "event",
         "type (PUT or DELETE), the key's members, prev_kv (with --prev-kv); or type progress (revision), "
         "compacted (compact_revision), reconnected (revision: where the watch resumed), canceled (reason)"},
        {"lease grant, lease keep-alive", "lease", "id, ttl"},
        {"lease timetolive", "lease", "id, ttl, granted_ttl, keys (with --keys: a list of {key})"},
        {"lease list", "lease", "id"},
        {"lease revoke", "lease", "id, revoked"},
        {"endpoint hashkv", "endpoint", "endpoint, hash, compact_revision"},
    };
    return k_rows;
}

} // namespace ectl
