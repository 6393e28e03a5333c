#include "docs/exit_status.hpp"

#include "error.hpp"

namespace ectl {
namespace {

std::string code(ExitCode c) {
    return std::to_string(static_cast<int>(c));
}

} // namespace

const std::vector<ExitStatusRow>& exit_status_table() {
    static const std::vector<ExitStatusRow> k_rows = {
        {code(ExitCode::success), "success"},
        {code(ExitCode::error),
         "the server returned an error, the command timed out, some endpoints failed (endpoint, defrag), "
         "or check found the cluster too slow (FAIL)"},
        {code(ExitCode::bad_connection),
         "no endpoint could be reached (refused, timed out, TLS failure) or authentication failed"},
        {code(ExitCode::invalid_input), "invalid input (a txn request), or check's prefix already has keys"},
        {code(ExitCode::bad_feature),
         "unsupported output format or value (-w yaml, --sort-by=FOO, check --load), offline work ectl does "
         "not do (migrate), or an etcdctl command ectl does not implement yet"},
        {code(ExitCode::interrupted), "the server ended a watch (its revision was compacted, or it was cancelled)"},
        {code(ExitCode::io), "the output could not be written"},
        {code(ExitCode::condition_failed),
         "a conditional write found the key otherwise: nothing was written (put --if-absent, --if-mod-rev, "
         "--if-value; del --if-mod-rev)"},
        {code(ExitCode::not_found), "no key matched (get --require)"},
        {code(ExitCode::lost), "lock or leadership lost: the command run under it was stopped (lock, elect)"},
        {code(ExitCode::not_acquired),
         "gave up waiting: the lock was held (lock --try) or --timeout expired (lock, wait)"},
        {code(ExitCode::cannot_execute), "the command to run cannot be executed (lock, elect, register, watch)"},
        {code(ExitCode::command_not_found), "the command to run was not found (lock, elect, register, watch)"},
        {code(ExitCode::bad_args), "bad arguments or flags, or an unknown command"},
        {"128+N", "ended by signal N (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP)"},
        {"the command's status", "lock, elect, register and watch pass on the status of the command they ran"},
    };
    return k_rows;
}

} // namespace ectl
