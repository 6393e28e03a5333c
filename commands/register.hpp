#pragma once
// The explicit list of ectl's commands (no static self-registration).

#include "cli.hpp"

namespace ectl {

// Every command family.
CommandList register_commands();

// The whole command tree, for what describes every command (help, completions, man pages); a
// normal run builds only the command that argv names.
struct FullTree {
    explicit FullTree(Io& io) : process(io), ctx(process) { build_tree(app, ctx, register_commands()); }
    Process process;
    Context ctx;
    CLI::App app;
};

} // namespace ectl
