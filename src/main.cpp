// ectl: a fast, drop-in etcd v3 command-line client.
#include <cstdlib>
#include <string>
#include <vector>

#include "argv_secrets.hpp"
#include "cli.hpp"
#include "commands/register.hpp"

int main(int argc, char** argv) {
    ectl::FdSink out(1);
    ectl::FdSink err(2);
    ectl::FdInput in(0);
    ectl::Io io{out, err, in};
    // ectl reads its own copy of the arguments; the originals, which other users can read in
    // /proc/<pid>/cmdline, lose their passwords.
    std::vector<std::string> args(argv, argv + argc);
    std::vector<char*> copy;
    copy.reserve(args.size() + 1);
    for (auto& arg : args) {
        copy.push_back(arg.data());
    }
    copy.push_back(nullptr);
    ectl::hide_secrets_in_argv(argc, argv);
    int code = ectl::run_cli(argc, copy.data(), io, ectl::register_commands);
    // Output is flushed and cleanup is done: skip gRPC's slow teardown and static destructors.
    std::_Exit(code);
}
