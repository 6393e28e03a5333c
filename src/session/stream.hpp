#pragma once
// Streams as commands see them: no gRPC types. Apart from cancel(), a stream is used by one
// thread at a time (one reader and one writer may work concurrently on a bidirectional stream).

#include <string>

namespace ectl {

// How a stream ended.
struct StreamEnd {
    bool ok = false;        // the server closed it cleanly
    bool retryable = false; // connection trouble: reopening (maybe elsewhere) may work
    bool cancelled = false; // we cancelled it
    std::string message;    // etcdctl's wording of the error
};

// A bidirectional stream (Watch, LeaseKeepAlive).
template <typename Req, typename Resp>
class Stream {
public:
    virtual ~Stream() = default;
    // Sends one request; false when the stream is broken.
    virtual bool write(const Req& req) = 0;
    // Receives one response; false when the stream has ended (then call finish()).
    virtual bool read(Resp& resp) = 0;
    // Half-closes the sending side.
    virtual void writes_done() = 0;
    // Waits for the final status once read() returned false (or after cancel()).
    virtual StreamEnd finish() = 0;
    // Aborts the stream; a blocked read() returns false. Safe from any thread.
    virtual void cancel() = 0;
};

// A server-streaming call (Maintenance.Snapshot): one request, many responses.
template <typename Resp>
class Reader {
public:
    virtual ~Reader() = default;
    // Receives one response; false when the stream has ended (then call finish()).
    virtual bool read(Resp& resp) = 0;
    // Waits for the final status once read() returned false (or after cancel()).
    virtual StreamEnd finish() = 0;
    // Aborts the stream; a blocked read() returns false. Safe from any thread.
    virtual void cancel() = 0;
};

} // namespace ectl
