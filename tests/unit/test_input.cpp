// Standard input read line by line (batch, lease keep-alive, txn) and then as a whole.
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "input.hpp"

using namespace ectl;

namespace {

// Every line read_line gives, then what read_all gives after them.
template <typename In>
std::pair<std::vector<std::string>, std::string> drain(In& in) {
    std::vector<std::string> lines;
    std::string line;
    while (in.read_line(line)) {
        lines.push_back(line);
    }
    return {lines, in.read_all()};
}

std::string numbered_lines(int n) {
    std::string text;
    for (int i = 0; i < n; ++i) {
        text += "put key" + std::to_string(i) + " value\n";
    }
    return text;
}

} // namespace

TEST_CASE("StringInput gives lines in order and the unterminated rest to read_all") {
    StringInput in("a\n\nb c\nlast");
    auto [lines, rest] = drain(in);
    CHECK(lines == std::vector<std::string>{"a", "", "b c"});
    CHECK(rest == "last");
    CHECK(in.read_all().empty());
}

TEST_CASE("StringInput: read_all after some lines returns only the unread text") {
    StringInput in("one\ntwo\nthree\n");
    std::string line;
    REQUIRE(in.read_line(line));
    CHECK(line == "one");
    CHECK(in.read_all() == "two\nthree\n");
}

TEST_CASE("FdInput reads many lines across its read chunks without losing or repeating one") {
    // More than one 64 KiB read, with lines straddling the chunk boundaries.
    const std::string text = numbered_lines(20000) + "tail";
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::string read_back;
    {
        FdInput in(fds[0]);
        // The writer is a child of this test: a pipe holds only 64 KiB.
        pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            size_t off = 0;
            while (off < text.size()) {
                ssize_t n = ::write(fds[1], text.data() + off, text.size() - off);
                if (n <= 0) {
                    ::_exit(1);
                }
                off += static_cast<size_t>(n);
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        auto [lines, rest] = drain(in);
        REQUIRE(lines.size() == 20000);
        CHECK(lines.front() == "put key0 value");
        CHECK(lines[12345] == "put key12345 value");
        CHECK(lines.back() == "put key19999 value");
        CHECK(rest == "tail");
        int status = 0;
        ::waitpid(pid, &status, 0);
        CHECK(status == 0);
    }
    ::close(fds[0]);
}
