#pragma once
// etcdctl 3.4.23's command tree (names and usage lines, in its registration order) and the
// resolution of command words against it: unique prefixes at every level, as cobra's prefix
// matching does, so that an abbreviation means the same command in both tools and never changes
// meaning as ectl adds commands of its own (those answer to their full names only).

#include <string>
#include <string_view>
#include <vector>

namespace ectl {

// One command of etcdctl's tree.
struct EtcdctlCommand {
    std::string_view name;
    std::string_view use; // what follows the name in its usage line, e.g. "[options] <key> [range_end]"
    std::vector<EtcdctlCommand> children;
};

// The root's children, in etcdctl's order (cobra's own help and completion last).
const std::vector<EtcdctlCommand>& etcdctl_commands();

// The etcdctl command at path (names from the root), or nullptr.
const EtcdctlCommand* find_etcdctl_command(const std::vector<std::string>& path);

// How a word resolved among the commands of one level.
struct WordMatch {
    enum class Kind { exact, prefix, ambiguous, unknown };
    Kind kind = Kind::unknown;
    std::string name; // the full name (exact, prefix)
};

// Resolves word among etcdctl's commands of a level (etcdctl) and ectl's own (ours: names and
// aliases). Exact names of either win; otherwise a prefix must be unique among etcdctl's names.
WordMatch resolve_word(const std::string& word, const std::vector<std::string>& etcdctl,
                       const std::vector<std::string>& ours);

// cobra's suggestions for a mistyped command: names within Levenshtein distance 2 (ignoring case)
// or starting with the word, in the order given.
std::vector<std::string> suggestions_for(const std::string& word, const std::vector<std::string>& names);

// What follows the first line of an unknown-command error: cobra's "\n\nDid you mean this?\n\t..."
// block (empty when nothing is close).
std::string did_you_mean(const std::string& word, const std::vector<std::string>& names);

} // namespace ectl
