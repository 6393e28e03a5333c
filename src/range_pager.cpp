#include "range_pager.hpp"

#include <algorithm>

namespace ectl {
namespace {

constexpr int64_t k_first_page = 1000;
constexpr int64_t k_min_page = 100;
constexpr int64_t k_max_page = 50000;
constexpr int64_t k_page_bytes = int64_t{2} * 1024 * 1024;

// Sizes the next page from the bytes per key seen so far, aiming at ~2 MiB per page.
int64_t next_page_size(int64_t bytes_seen, int64_t keys_seen) {
    if (keys_seen == 0) {
        return k_first_page;
    }
    int64_t per_key = std::max<int64_t>(1, bytes_seen / keys_seen);
    return std::clamp(k_page_bytes / per_key, k_min_page, k_max_page);
}

} // namespace

bool range_is_pageable(const etcdserverpb::RangeRequest& req) {
    bool key_order = req.sort_target() == etcdserverpb::RangeRequest::KEY &&
                     (req.sort_order() == etcdserverpb::RangeRequest::NONE ||
                      req.sort_order() == etcdserverpb::RangeRequest::ASCEND);
    return key_order && !req.count_only() && !req.range_end().empty() &&
           (req.limit() == 0 || req.limit() > k_first_page);
}

RangeSummary page_range(Session& session, const etcdserverpb::RangeRequest& req, const RangeCheck& first,
                        const RangeVisitor& visit) {
    etcdserverpb::RangeRequest page = req;
    page.set_limit(req.limit() == 0 ? k_first_page : std::min(req.limit(), k_first_page));
    etcdserverpb::RangeResponse head = session.call(&etcdserverpb::KV::Stub::Range, page, Retry::read);
    first(head);
    const int64_t total = head.count();
    const int64_t wanted = req.limit() == 0 ? total : std::min(req.limit(), total);
    const int64_t revision = req.revision() != 0 ? req.revision() : head.header().revision();
    int64_t visited = 0;
    int64_t bytes = 0;
    std::string last_key;
    auto emit = [&](const etcdserverpb::RangeResponse& resp) {
        for (const auto& kv : resp.kvs()) {
            if (visited >= wanted) {
                break;
            }
            visit(kv);
            bytes += static_cast<int64_t>(kv.key().size() + kv.value().size()) + 32;
            ++visited;
            last_key = kv.key();
        }
        return !resp.kvs().empty() && resp.more();
    };
    bool more = emit(head);
    head.Clear();
    page.set_revision(revision);
    while (more && visited < wanted) {
        page.set_key(last_key + std::string(1, '\0'));
        page.set_limit(std::min(next_page_size(bytes, visited), wanted - visited));
        more = emit(session.call(&etcdserverpb::KV::Stub::Range, page, Retry::read));
    }
    return {revision, total};
}

RangeSummary print_range(Session& session, Printer& printer, const etcdserverpb::RangeRequest& req,
                         const RangeCheck& check) {
    if (!range_is_pageable(req)) {
        auto resp = session.call(&etcdserverpb::KV::Stub::Range, req, Retry::read);
        if (check) {
            check(resp);
        }
        printer.get(resp);
        return {resp.header().revision(), resp.count()};
    }
    // What one unpaged call would have said: 'more' only when the caller's limit cut the range.
    etcdserverpb::RangeResponse summary;
    auto begin = [&](const etcdserverpb::RangeResponse& head) {
        if (check) {
            check(head);
        }
        *summary.mutable_header() = head.header();
        summary.set_count(head.count());
        summary.set_more(req.limit() != 0 && head.count() > req.limit());
        printer.range_begin(summary);
    };
    page_range(session, req, begin, [&](const mvccpb::KeyValue& kv) { printer.range_kv(kv); });
    printer.range_end(summary);
    return {summary.header().revision(), summary.count()};
}

} // namespace ectl
