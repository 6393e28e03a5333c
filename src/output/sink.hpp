#pragma once
// Buffered byte sinks: printers write here, never to std::cout.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace ectl {

// Where output goes; buffered, flushed once (or per item for streams).
class Sink {
public:
    virtual ~Sink() = default;
    // Appends bytes to the buffer (may flush early when the buffer grows large).
    virtual void write(std::string_view bytes) = 0;
    // Writes out whatever is buffered; throws Error(io) if the destination is gone.
    virtual void flush() = 0;
};

// A sink over a file descriptor (stdout, stderr).
class FdSink : public Sink {
public:
    explicit FdSink(int fd) : m_fd(fd) {}
    ~FdSink() override;
    FdSink(const FdSink&) = delete;
    FdSink& operator=(const FdSink&) = delete;
    void write(std::string_view bytes) override;
    void flush() override;

private:
    int m_fd;
    std::string m_buffer;
};

// A sink that keeps everything in memory (tests, in-process runs).
class StringSink : public Sink {
public:
    void write(std::string_view bytes) override { m_text.append(bytes); }
    void flush() override {}
    // Everything written so far.
    const std::string& text() const { return m_text; }

private:
    std::string m_text;
};

// A sink several threads may write notes to: each write is flushed at once, whole.
class LockedSink : public Sink {
public:
    // Serialises writes to inner.
    explicit LockedSink(Sink& inner) : m_inner(inner) {}
    // Writes bytes and flushes them at once (errors are swallowed: a note is never fatal).
    void write(std::string_view bytes) override;
    // Flushes inner.
    void flush() override;

private:
    std::mutex m_mutex;
    Sink& m_inner;
};

// Notes to the user while a command runs ("ectl: lock: lost contact with etcd ..."), from any
// thread, each whole and flushed at once, naming the command the user ran. Copies share the sink.
class Notes {
public:
    // Notes about `command` ("watch", "lock", "lease keep-alive") written to err.
    Notes(Sink& err, std::string command) : m_sink(std::make_shared<LockedSink>(err)), m_command(std::move(command)) {}
    // Writes "ectl: <command>: <text>\n".
    void note(std::string_view text) const;
    // The thread-safe sink itself (for --debug lines, which have their own prefix).
    Sink& sink() const { return *m_sink; }

private:
    std::shared_ptr<LockedSink> m_sink;
    std::string m_command;
};

} // namespace ectl
