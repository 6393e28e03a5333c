// A test tool over ectl::bolt (not installed): prints what the Reader sees, copies a file through
// Reader and Writer, runs the check.
//
//   ectl_bolt_tool dump FILE       page_size/size/txid/freelist lines, then per bucket
//                                  "bucket <hex name> <sequence>" and "pair <hex key> <hex value>"
//                                  lines, then "problem <message>" per check() finding
//   ectl_bolt_tool copy SRC DST    SRC's buckets and pairs into a fresh DST of the same page size
//   ectl_bolt_tool check FILE      "problem <message>" per finding
//
// Exit status: 0 sound, 1 check() found problems, 2 the Reader or Writer refused (message on stderr),
// 64 bad usage.

#include "bolt/reader.hpp"
#include "bolt/writer.hpp"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

using ectl::bolt::hex;
using ectl::bolt::Reader;
using ectl::bolt::Writer;

int print_problems(const Reader& reader) {
    std::vector<std::string> problems = reader.check();
    for (const std::string& problem : problems) {
        std::cout << "problem " << problem << '\n';
    }
    return problems.empty() ? 0 : 1;
}

int dump(const std::string& path) {
    Reader reader(path);
    std::cout << "page_size " << reader.page_size() << '\n'
              << "size " << reader.size() << '\n'
              << "txid " << reader.txid() << '\n'
              << "freelist " << (reader.has_freelist() ? "synced" : "none") << '\n';
    reader.for_each_bucket([&](std::string_view name, uint64_t sequence) {
        std::cout << "bucket " << hex(name) << ' ' << sequence << '\n';
        reader.for_each(name, [](std::string_view key, std::string_view value) {
            std::cout << "pair " << hex(key) << ' ' << hex(value) << '\n';
        });
    });
    return print_problems(reader);
}

int copy(const std::string& from, const std::string& to) {
    Reader reader(from);
    Writer writer(to, reader.page_size());
    reader.for_each_bucket([&](std::string_view name, uint64_t sequence) {
        writer.begin_bucket(name, sequence);
        reader.for_each(name, [&](std::string_view key, std::string_view value) { writer.put(key, value); });
        writer.end_bucket();
    });
    writer.finish();
    return 0;
}

int run(const std::vector<std::string>& args) {
    if (args.size() == 2 && args[0] == "dump") {
        return dump(args[1]);
    }
    if (args.size() == 3 && args[0] == "copy") {
        return copy(args[1], args[2]);
    }
    if (args.size() == 2 && args[0] == "check") {
        return print_problems(Reader(args[1]));
    }
    std::cerr << "usage: ectl_bolt_tool dump FILE | copy SRC DST | check FILE\n";
    return 64;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        int status = run(args);
        std::cout.flush();
        return status;
    } catch (const std::runtime_error& e) { // BoltError, FileError
        std::cout.flush();
        std::cerr << "ectl_bolt_tool: " << (args.size() > 1 ? args[1] + ": " : std::string()) << e.what() << '\n';
        return 2;
    }
}
