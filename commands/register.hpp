#pragma once
// The explicit list of ectl's commands (no static self-registration).

#include "cli.hpp"

namespace ectl {

// Every command family, in the order `ectl --help` lists them.
CommandList register_commands();

} // namespace ectl
