#pragma once
// Runs ectl in-process, as main does, with argv and stdin given and stdout/stderr captured.

#include <string>
#include <vector>

#include "cli.hpp"
#include "commands/register.hpp"
#include "input.hpp"
#include "output/sink.hpp"

namespace ectl::test {

struct Run {
    int code;
    std::string out;
    std::string err;
};

// `ectl args...` with stdin_text on standard input (and a command list other than ectl's own).
inline Run run(std::vector<std::string> args, const std::string& stdin_text = "",
               CommandList (*commands)() = register_commands) {
    args.insert(args.begin(), "ectl");
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    StringSink out;
    StringSink err;
    StringInput in(stdin_text);
    Io io{out, err, in};
    int code = run_cli(static_cast<int>(argv.size()), argv.data(), io, commands);
    return {code, out.text(), err.text()};
}

} // namespace ectl::test
