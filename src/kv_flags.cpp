#include "kv_flags.hpp"

#include "cli.hpp"

namespace ectl {

void bind_put_flags(CLI::App* cmd, PutOptions& o) {
    add_value_flag(cmd, "lease", o.lease, flag_type::k_string, "lease ID (in hexadecimal) to attach to the key");
    add_bool_flag(cmd, "prev-kv", o.prev_kv, "return the previous key-value pair before modification");
    add_bool_flag(cmd, "ignore-value", o.ignore_value, "updates the key using its current value");
    add_bool_flag(cmd, "ignore-lease", o.ignore_lease, "updates the key using its current lease");
}

void bind_put_extras(CLI::App* cmd, PutOptions& o) {
    add_value_flag(cmd, "ttl", o.ttl, flag_type::k_duration,
                   "grant a lease of this TTL (e.g. 30s) and attach the key to it; the lease ID goes to stderr");
    add_bool_flag(cmd, "if-absent", o.conditions.if_absent,
                  "put only if the key does not exist (one transaction; exit 65 if it does)");
    add_optional_flag(cmd, "if-mod-rev", o.conditions.if_mod_rev, flag_type::k_int64,
                      "put only if the key's mod_revision is this (0: absent); exit 65 otherwise");
    add_optional_flag(cmd, "if-value", o.conditions.if_value, flag_type::k_string,
                      "put only if the key's value is this (compare-and-swap); exit 65 otherwise");
}

void bind_get_flags(CLI::App* cmd, GetOptions& o) {
    add_value_flag(cmd, "consistency", o.consistency, flag_type::k_string, "Linearizable(l) or Serializable(s)");
    add_value_flag(cmd, "order", o.order, flag_type::k_string,
                   "Order of results; ASCEND or DESCEND (ASCEND by default)");
    add_value_flag(cmd, "sort-by", o.sort_by, flag_type::k_string,
                   "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION");
    add_value_flag(cmd, "limit", o.limit, flag_type::k_int64, "Maximum number of results");
    add_bool_flag(cmd, "prefix", o.prefix, "Get keys with matching prefix");
    add_bool_flag(cmd, "from-key", o.from_key,
                  "Get keys that are greater than or equal to the given key using byte compare");
    add_value_flag(cmd, "rev", o.rev, flag_type::k_int64, "Specify the kv revision");
    add_bool_flag(cmd, "keys-only", o.keys_only, "Get only the keys");
    add_bool_flag(cmd, "print-value-only", o.print_value_only,
                  "Only write values when using the \"simple\" output format");
}

void bind_get_extras(CLI::App* cmd, GetOptions& o) {
    add_bool_flag(cmd, "require", o.require, "exit 66 (with an error) when no key matched");
    add_bool_flag(cmd, "watch", o.watch,
                  "after printing, stream every later change (from the read's revision + 1) until interrupted");
}

void bind_del_flags(CLI::App* cmd, DelOptions& o) {
    add_bool_flag(cmd, "prefix", o.prefix, "delete keys with matching prefix");
    add_bool_flag(cmd, "prev-kv", o.prev_kv, "return deleted key-value pairs");
    add_bool_flag(cmd, "from-key", o.from_key,
                  "delete keys that are greater than or equal to the given key using byte compare");
}

void bind_del_extras(CLI::App* cmd, DelOptions& o) {
    add_optional_flag(cmd, "if-mod-rev", o.if_mod_rev, flag_type::k_int64,
                      "delete only if the key's mod_revision is this (one key; exit 65 otherwise)");
    add_bool_flag(cmd, "dry-run", o.dry_run, "print what would be deleted, and delete nothing");
}

void bind_compaction_flags(CLI::App* cmd, CompactionOptions& o) {
    add_bool_flag(cmd, "physical", o.physical, "'true' to wait for compaction to physically remove all old revisions");
}

} // namespace ectl
