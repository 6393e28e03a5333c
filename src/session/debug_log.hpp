#pragma once
// --debug connection diagnostics ("ectl: ..." lines on stderr); never carries secrets.

#include <string>
#include <utility>

#include <fmt/format.h>

#include "output/sink.hpp"

namespace ectl {

class DebugLog {
public:
    explicit DebugLog(Sink* sink) : m_sink(sink) {}

    // Writes one line when --debug is on.
    template <typename... Args>
    void operator()(fmt::format_string<Args...> format, Args&&... args) const {
        if (m_sink != nullptr) {
            m_sink->write("ectl: " + fmt::format(format, std::forward<Args>(args)...) + "\n");
            m_sink->flush();
        }
    }

private:
    Sink* m_sink;
};

// "2s" or "300ms", for messages about timeouts.
std::string format_duration(std::chrono::nanoseconds d);

} // namespace ectl
