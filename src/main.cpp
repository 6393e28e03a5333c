// ectl: a fast, drop-in etcd v3 command-line client.
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>

#include <unistd.h>

#include "cli.hpp"
#include "commands/register.hpp"

namespace {

std::string read_all_stdin() {
    std::string data;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(0, buf, sizeof buf);
        if (n <= 0) {
            return data;
        }
        data.append(buf, static_cast<size_t>(n));
    }
}

} // namespace

int main(int argc, char** argv) {
    ectl::FdSink out(1);
    ectl::FdSink err(2);
    ectl::Io io{out, err, read_all_stdin};
    int code = ectl::run_cli(argc, argv, io, ectl::register_commands);
    // Output is flushed and cleanup is done: skip gRPC's slow teardown and static destructors.
    std::_Exit(code);
}
