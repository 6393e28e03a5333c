#include "write_pipeline.hpp"

#include <algorithm>
#include <exception>
#include <thread>

#include "session/session.hpp"

namespace ectl {
namespace {

// One write on session, its answer or error in out.
void send_one(Session& session, const etcdserverpb::RequestOp& op, WriteOutcome& out) {
    try {
        if (op.has_request_put()) {
            auto resp = session.call(&etcdserverpb::KV::Stub::Put, op.request_put(), Retry::write);
            out.response.mutable_response_put()->Swap(&resp);
        } else {
            auto resp = session.call(&etcdserverpb::KV::Stub::DeleteRange, op.request_delete_range(), Retry::write);
            out.response.mutable_response_delete_range()->Swap(&resp);
        }
    } catch (const Error& e) {
        out.error = e;
    } catch (const std::exception& e) {
        // Nothing may escape a writer thread (std::terminate): a surprise fails its line instead.
        out.error = Error(ExitCode::error, e.what());
    }
}

} // namespace

WritePipeline::WritePipeline(Session& base, size_t width) : m_base(base), m_sessions(width) {}

WritePipeline::~WritePipeline() = default;

std::vector<WriteOutcome> WritePipeline::send(const etcdserverpb::TxnRequest& group) {
    const size_t count = static_cast<size_t>(group.success_size());
    std::vector<WriteOutcome> outcomes(count);
    const size_t writers = std::min(count, m_sessions.size());
    for (size_t w = 0; w < writers; ++w) {
        if (!m_sessions[w]) {
            m_sessions[w] = m_base.share(); // made here: a Session is one thread's at a time
        }
    }
    // Writer w sends writes w, w + writers, ... one after another: `writers` in flight at once.
    std::vector<std::thread> threads;
    threads.reserve(writers);
    for (size_t w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            for (size_t i = w; i < count; i += writers) {
                send_one(*m_sessions[w], group.success(static_cast<int>(i)), outcomes[i]);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    return outcomes;
}

} // namespace ectl
