#include "commands/register.hpp"

#include "commands/commands.hpp"

namespace ectl {

CommandList register_commands() {
    return {
        {"get", {}, add_get_command},
        {"put", {}, add_put_command},
        {"del", {}, add_del_command},
        {"txn", {}, add_txn_command},
        {"batch", {}, add_batch_command},
        {"compaction", {"compact"}, add_compaction_command},
        {"watch", {}, add_watch_command},
        {"lease", {}, add_lease_command},
        {"lock", {}, add_lock_command},
        {"elect", {}, add_elect_command},
        {"wait", {}, add_wait_command},
        {"register", {}, add_register_command},
        {"member", {}, add_member_command},
        {"endpoint", {}, add_endpoint_command},
        {"alarm", {}, add_alarm_command},
        {"defrag", {}, add_defrag_command},
        {"move-leader", {}, add_move_leader_command},
        {"make-mirror", {}, add_make_mirror_command},
        {"auth", {}, add_auth_command},
        {"user", {}, add_user_command},
        {"role", {}, add_role_command},
        {"snapshot", {}, add_snapshot_command},
        {"check", {}, add_check_command},
        {"migrate", {}, add_migrate_command},
        {"version", {}, add_version_command},
        {"completion", {}, add_completion_command},
        {"help", {}, add_help_command},
    };
}

} // namespace ectl
