// ectl: a fast, drop-in etcd v3 command-line client.
#include <cstdlib>

#include "cli.hpp"
#include "commands/register.hpp"

int main(int argc, char** argv) {
    ectl::FdSink out(1);
    ectl::FdSink err(2);
    ectl::FdInput in(0);
    ectl::Io io{out, err, in};
    int code = ectl::run_cli(argc, argv, io, ectl::register_commands);
    // Output is flushed and cleanup is done: skip gRPC's slow teardown and static destructors.
    std::_Exit(code);
}
