#pragma once
// Writes to disjoint keys sent side by side over one connection (batch --pipeline N): each writer
// thread with a session of its own over the same channel, the answers handed back in input order.

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "error.hpp"
#include "etcdserverpb/rpc.pb.h"

namespace ectl {

class Session;

// What one write of a pipelined group answered, or why it failed.
struct WriteOutcome {
    etcdserverpb::ResponseOp response; // response_put or response_delete_range
    std::optional<Error> error;
};

// Sends groups of put/del requests up to `width` at a time. Writes in flight at once may be
// ordered by raft in any order, so a group must touch disjoint keys (WriteGroup sees to it):
// then the keyspace ends the same as with one write after another.
class WritePipeline {
public:
    // The writers' sessions share base's channels (one connection per endpoint for all of them).
    WritePipeline(Session& base, size_t width);
    ~WritePipeline();
    WritePipeline(const WritePipeline&) = delete;
    WritePipeline& operator=(const WritePipeline&) = delete;

    // Sends every put/del of group.success() (each with write retry rules: resent only when it
    // provably never left) and returns their outcomes in order.
    std::vector<WriteOutcome> send(const etcdserverpb::TxnRequest& group);

private:
    Session& m_base;
    std::vector<std::unique_ptr<Session>> m_sessions; // one per writer thread
};

} // namespace ectl
