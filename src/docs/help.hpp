#pragma once
// --help and `ectl help` in etcdctl's layout: its cobra usage template (NAME, USAGE, VERSION,
// COMMANDS, DESCRIPTION, OPTIONS, GLOBAL OPTIONS) aligned by Go's text/tabwriter.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ectl {

// The help text of cmd (a node of the CLI11 tree whose root is named "ectl").
std::string help_text(const CLI::App& cmd);

// The names from the root to cmd, without the root ("lease grant").
std::vector<std::string> command_path(const CLI::App& cmd);

// What follows the command path in its usage line: etcdctl's for its commands, else from the
// command's positional arguments, "<subcommand>" for a family.
std::string usage_tail(const CLI::App& cmd);

// One flag as etcdctl's help prints it before the tab: "  -w, --write-out=\"simple\"",
// "      --debug[=false]", "      --limit=0".
std::string flag_synopsis(const CLI::Option& opt);

// The flags a command shows: visible options with a long name (no positionals, no hidden ones),
// sorted by name as pflag lists them; help_flag adds -h/--help.
std::vector<const CLI::Option*> visible_flags(const CLI::App& cmd);

// The flags cmd inherits from its ancestors (the global flags, a family's shared flags), sorted.
std::vector<const CLI::Option*> inherited_flags(const CLI::App& cmd);

// Go's text/tabwriter with etcdctl's settings (minwidth 0, tabwidth 8, padding 1, padding by tabs).
std::string tabwrite(const std::string& text);

} // namespace ectl
