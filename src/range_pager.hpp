#pragma once
// Prints a range as it streams in: large ranges are fetched in pages pinned to one revision so
// memory stays flat, yet the output is byte-identical to a single Range call.

#include <functional>

#include "etcdserverpb/rpc.pb.h"
#include "output/printer.hpp"
#include "session/session.hpp"

namespace ectl {

// True when the request can be split into key-ordered pages (key order, no count-only).
bool range_is_pageable(const etcdserverpb::RangeRequest& req);

// What a printed range was: the revision it was read at and how many keys matched.
struct RangeSummary {
    int64_t revision = 0;
    int64_t count = 0;
};

// Called with the first response before anything is printed (its count is the whole range's);
// may throw to print nothing (get --require).
using RangeCheck = std::function<void(const etcdserverpb::RangeResponse& first)>;

// Called with each key-value of a paged range, in key order.
using RangeVisitor = std::function<void(const mvccpb::KeyValue& kv)>;

// Reads req's range in key-ordered pages pinned to one revision (the first page's, unless req
// names one), up to req's limit: first(head) sees the first page's response (its header and count
// are the whole range's) before visit sees any key. req must be pageable. Returns the summary.
RangeSummary page_range(Session& session, const etcdserverpb::RangeRequest& req, const RangeCheck& first,
                        const RangeVisitor& visit);

// Runs req through the session and prints it, paging when that is invisible to the output.
RangeSummary print_range(Session& session, Printer& printer, const etcdserverpb::RangeRequest& req,
                         const RangeCheck& check = nullptr);

} // namespace ectl
