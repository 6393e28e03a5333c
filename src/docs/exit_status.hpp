#pragma once
// What each exit status of ectl means: the one table behind the man pages' EXIT STATUS section
// and the README's exit-code table (a unit test keeps the README in step with it).

#include <string>
#include <vector>

namespace ectl {

struct ExitStatusRow {
    std::string status; // "0", "128+N", "the command's status"
    std::string meaning;
};

// Every exit status, in order.
const std::vector<ExitStatusRow>& exit_status_table();

} // namespace ectl
