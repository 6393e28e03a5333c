#pragma once
// The flags of the KV commands, bound to their options structs: shared by the commands and by
// txn's request lines, so that each flag is defined once.

#include <CLI/CLI.hpp>

#include "kv_requests.hpp"

namespace ectl {

// Binds put's flags (--lease, --prev-kv, --ignore-value, --ignore-lease) to o.
void bind_put_flags(CLI::App* cmd, PutOptions& o);

// Binds the flags ectl adds to the put command (--ttl, --if-absent, --if-mod-rev, --if-value).
void bind_put_extras(CLI::App* cmd, PutOptions& o);

// Binds get's flags (--consistency, --order, --sort-by, --limit, --prefix, ...) to o.
void bind_get_flags(CLI::App* cmd, GetOptions& o);

// Binds the flags ectl adds to the get command (--require, --watch).
void bind_get_extras(CLI::App* cmd, GetOptions& o);

// Binds del's flags (--prefix, --prev-kv, --from-key) to o.
void bind_del_flags(CLI::App* cmd, DelOptions& o);

// Binds the flags ectl adds to the del command (--if-mod-rev, --dry-run).
void bind_del_extras(CLI::App* cmd, DelOptions& o);

// Binds compaction's flag (--physical) to o.
void bind_compaction_flags(CLI::App* cmd, CompactionOptions& o);

} // namespace ectl
