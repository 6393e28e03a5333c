#pragma once
// One add_<name>_command per command family (each defined in commands/<name>.cpp).

#include "cli.hpp"

namespace ectl {

void add_get_command(CLI::App& root, Context& ctx);
void add_put_command(CLI::App& root, Context& ctx);
void add_del_command(CLI::App& root, Context& ctx);
void add_txn_command(CLI::App& root, Context& ctx);
void add_batch_command(CLI::App& root, Context& ctx);
void add_compaction_command(CLI::App& root, Context& ctx);
void add_version_command(CLI::App& root, Context& ctx);
void add_watch_command(CLI::App& root, Context& ctx);
void add_lease_command(CLI::App& root, Context& ctx);
void add_lock_command(CLI::App& root, Context& ctx);
void add_elect_command(CLI::App& root, Context& ctx);
void add_completion_command(CLI::App& root, Context& ctx);
void add_endpoint_command(CLI::App& root, Context& ctx);
void add_member_command(CLI::App& root, Context& ctx);
void add_alarm_command(CLI::App& root, Context& ctx);
void add_defrag_command(CLI::App& root, Context& ctx);
void add_move_leader_command(CLI::App& root, Context& ctx);
void add_migrate_command(CLI::App& root, Context& ctx);
void add_help_command(CLI::App& root, Context& ctx);
void add_wait_command(CLI::App& root, Context& ctx);
void add_register_command(CLI::App& root, Context& ctx);
void add_make_mirror_command(CLI::App& root, Context& ctx);
void add_check_command(CLI::App& root, Context& ctx);
void add_auth_command(CLI::App& root, Context& ctx);
void add_user_command(CLI::App& root, Context& ctx);
void add_role_command(CLI::App& root, Context& ctx);
void add_snapshot_command(CLI::App& root, Context& ctx);

} // namespace ectl
