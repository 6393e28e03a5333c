#pragma once
// Running a user's command from a gRPC process: posix_spawn (no library code runs in a forked
// copy), a clean signal mask, and shell-like exit statuses.

#include <string>
#include <vector>

namespace ectl {

// Extra environment variables for a child, as "NAME=value" strings.
using EnvList = std::vector<std::string>;

// Runs argv (PATH lookup) with the current environment plus extra, inheriting stdio, and waits.
// Returns the exit status as a shell reports it: the code, 128+signal, or 127 when the command
// cannot be found (126 when it cannot be run).
int run_child(const std::vector<std::string>& argv, const EnvList& extra);

} // namespace ectl
