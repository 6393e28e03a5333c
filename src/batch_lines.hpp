#pragma once
// What a line of batch may do: which commands cannot run inside it, which writes can wait in a
// group, and the standard input and output its commands see.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "error.hpp"
#include "input.hpp"
#include "output/sink.hpp"

namespace ectl {

// Why cmd (at command path `path`, as parsed from a line) cannot run inside batch, if it cannot.
std::optional<std::string> batch_refusal(const CLI::App& cmd, const std::string& path);

// Whether a put/del line is a plain write that may wait in the pending group: not one that sends
// requests of its own (--ttl, --if-*, --dry-run), which must see the group's writes first.
bool batch_deferrable(const CLI::App& cmd);

// Standard input as a line's command sees it: batch's own lines, not the command's to read.
class NoInput : public Input {
public:
    std::string read_all() override { refuse(); }
    bool read_line(std::string& /*line*/, const std::function<bool()>& /*give_up*/) override { refuse(); }

private:
    [[noreturn]] static void refuse() {
        throw Error(ExitCode::bad_feature, "standard input holds batch's lines: a command inside batch cannot read "
                                           "it (give put its value on the line)");
    }
};

// stdout as the lines write it, noting when it is gone: then no later line can print either.
class WatchedSink : public Sink {
public:
    explicit WatchedSink(Sink& inner) : m_inner(inner) {}
    void write(std::string_view bytes) override {
        guard([&] { m_inner.write(bytes); });
    }
    void flush() override {
        guard([&] { m_inner.flush(); });
    }
    bool gone() const { return m_gone; }

private:
    template <typename Fn>
    void guard(Fn&& fn) {
        try {
            fn();
        } catch (const Error&) {
            m_gone = true;
            throw;
        }
    }
    Sink& m_inner;
    bool m_gone = false;
};

} // namespace ectl
