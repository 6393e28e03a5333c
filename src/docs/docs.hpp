#pragma once
// Shell completions and man pages generated from the live CLI11 command tree.

#include <map>
#include <string>

#include <CLI/CLI.hpp>

namespace ectl {

// A bash completion script for the tree rooted at app.
std::string bash_completion(const CLI::App& app);
// A zsh completion script (#compdef) for the tree.
std::string zsh_completion(const CLI::App& app);
// A fish completion script for the tree.
std::string fish_completion(const CLI::App& app);
// Man pages: file name (ectl.1, ectl-get.1, ...) to roff text.
std::map<std::string, std::string> man_pages(const CLI::App& app);

} // namespace ectl
