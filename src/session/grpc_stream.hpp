#pragma once
// gRPC's stream objects behind the gRPC-free Stream and Reader interfaces (session-internal).

#include <memory>
#include <utility>

#include <grpcpp/client_context.h>
#include <grpcpp/support/sync_stream.h>

#include "session/errors.hpp"
#include "session/stream.hpp"

namespace ectl {

// A bidirectional gRPC stream; owns its ClientContext.
template <typename Req, typename Resp>
class GrpcStream final : public Stream<Req, Resp> {
public:
    GrpcStream(std::unique_ptr<grpc::ClientContext> ctx, std::unique_ptr<grpc::ClientReaderWriter<Req, Resp>> rw)
        : m_ctx(std::move(ctx)), m_rw(std::move(rw)) {}

    bool write(const Req& req) override { return m_rw->Write(req); }
    bool read(Resp& resp) override { return m_rw->Read(&resp); }
    void writes_done() override { m_rw->WritesDone(); }
    void cancel() override { m_ctx->TryCancel(); }
    StreamEnd finish() override { return stream_end(m_rw->Finish()); }

private:
    std::unique_ptr<grpc::ClientContext> m_ctx;
    std::unique_ptr<grpc::ClientReaderWriter<Req, Resp>> m_rw;
};

// A server-streaming gRPC call; owns its ClientContext.
template <typename Resp>
class GrpcReader final : public Reader<Resp> {
public:
    GrpcReader(std::unique_ptr<grpc::ClientContext> ctx, std::unique_ptr<grpc::ClientReader<Resp>> reader)
        : m_ctx(std::move(ctx)), m_reader(std::move(reader)) {}

    bool read(Resp& resp) override { return m_reader->Read(&resp); }
    void cancel() override { m_ctx->TryCancel(); }
    StreamEnd finish() override { return stream_end(m_reader->Finish()); }

private:
    std::unique_ptr<grpc::ClientContext> m_ctx;
    std::unique_ptr<grpc::ClientReader<Resp>> m_reader;
};

} // namespace ectl
