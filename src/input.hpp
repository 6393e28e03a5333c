#pragma once
// Standard input, read one way by every command: all of it (put's value) or line by line as it
// arrives (txn, watch -i), through one buffer, so that no reader loses what another buffered.

#include <cstddef>
#include <functional>
#include <string>
#include <utility>

namespace ectl {

class Input {
public:
    virtual ~Input() = default;
    // Everything up to the end of input.
    virtual std::string read_all() = 0;
    // The next whole line, without its "\n"; false at the end of input (an unterminated last line
    // is dropped, as etcdctl's bufio reader does), or as soon as give_up(), asked every 100 ms
    // while waiting, says so.
    virtual bool read_line(std::string& line, const std::function<bool()>& give_up = nullptr) = 0;
};

// Input from a file descriptor (fd 0 in the real program).
class FdInput : public Input {
public:
    explicit FdInput(int fd) : m_fd(fd) {}
    std::string read_all() override;
    bool read_line(std::string& line, const std::function<bool()>& give_up = nullptr) override;

private:
    // Reads what is available into m_buffer; false at the end of input or when give_up() says so.
    bool fill(const std::function<bool()>& give_up);

    int m_fd;
    std::string m_buffer;
    size_t m_pos = 0; // where the unread bytes of m_buffer start
};

// Input from a string (tests, and in-process runs).
class StringInput : public Input {
public:
    explicit StringInput(std::string text) : m_text(std::move(text)) {}
    std::string read_all() override;
    bool read_line(std::string& line, const std::function<bool()>& give_up = nullptr) override;

private:
    std::string m_text;
    size_t m_pos = 0; // where the unread text starts
};

} // namespace ectl
