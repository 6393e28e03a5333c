#pragma once
// What one line of `batch` input stands for: the command words, as typed after `ectl` (shell
// quoting), or translated from a JSON object (--input=jsonl). Pure; no CLI, no network.

#include <string>
#include <string_view>
#include <vector>

namespace ectl {

// How batch's lines are written.
enum class BatchSyntax {
    shell, // `put k "a value"`: words quoted as in a POSIX shell (words.hpp)
    jsonl, // {"op":"put","key":"k","value":"v","prev_kv":true}
};

// The command words of one line; empty for a line that is blank or starts with '#' (a shell
// comment). Throws Error(invalid_input) for a line that does not parse.
std::vector<std::string> batch_line_words(std::string_view line, BatchSyntax syntax);

// The words a JSON object stands for: "op" (the command, e.g. "put" or "lease grant") first, then
// every other member as the flag of its name ('_' read as '-'; true is --name, false --name=false,
// a string or number --name=<it>), then "--" and the positionals: "key", "value" or "range_end",
// then the strings of "args". "key_base64", "value_base64" and "range_end_base64" give bytes that
// are not UTF-8. Throws Error(invalid_input).
std::vector<std::string> jsonl_words(std::string_view line);

// The syntax named by --input (shell or jsonl); throws Error(bad_args) for another name.
BatchSyntax parse_batch_syntax(const std::string& input);

} // namespace ectl
