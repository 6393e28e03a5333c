#pragma once
// The command words of a command line: found among the options, abbreviations expanded (against
// etcdctl's tree, see command_tree.hpp), and unknown words reported with cobra's suggestions.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.hpp"

namespace ectl {

// Finds the first command word of args (global options and their values skipped, nothing after
// "--"), expands it in place and returns its command (nullptr: no command word; then at is
// args.size()). Throws Error: unknown or ambiguous (exit 128, with "Did you mean this?"), or an
// etcdctl command ectl does not have (exit 4).
const CommandSpec* resolve_top_command(std::vector<std::string>& args, const CommandList& all, size_t& at);

// Resolves the words after the top command at args[at] down family (the tree that command built),
// expanding abbreviations in place; stops at a command without subcommands.
void resolve_subcommands(std::vector<std::string>& args, size_t at, const CLI::App& family);

// The command that words (as typed, abbreviations allowed) name below root; `help` uses it. Unknown
// words throw Error(bad_args) starting "unknown help topic".
const CLI::App& find_command(const CLI::App& root, const std::vector<std::string>& words);

// The abbreviations that stand for command `name` below path (ours: every name and alias at that
// level): its prefixes that are unique among etcdctl's names there, shortest first.
std::vector<std::string> abbreviations(const std::vector<std::string>& path, const std::string& name,
                                       const std::vector<std::string>& ours);

} // namespace ectl
