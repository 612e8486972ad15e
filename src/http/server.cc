#include "http/server.h"

#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <variant>

#include "http/gzip.h"
#include "http/static_files.h"

namespace motcua::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// A request answered without reading its body (401, 413, 429...) closes its connection; up to
// this much of the body still on its way is read and thrown away first (never stored), so that
// the client, still sending, reads its answer instead of a connection reset.
constexpr size_t kLingerBytes = 8u << 20;
constexpr auto kLingerTimeout = std::chrono::seconds(5);
// After a request, a connection's read buffer larger than this is given back.
constexpr size_t kIdleBufferBytes = 64u << 10;
// Allocations from this size up are mmapped and so returned to the system when freed. glibc
// would otherwise raise its threshold to the largest body freed so far and keep every later
// body of that size in the heap, which never shrinks: 200 uploads of 20 MB held 4 GB for good.
constexpr int kMmapThresholdBytes = 256 << 10;
constexpr size_t kHeaderLimit = 16u << 10;
// Below this size gzip costs more than it saves.
constexpr size_t kGzipMinBytes = 1024;
constexpr auto kBodyTimeout = std::chrono::seconds(120);
constexpr auto kWriteTimeout = std::chrono::seconds(60);

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

bool IsUpload(std::string_view content_type) {
  return content_type.rfind("multipart/form-data", 0) == 0 ||
         content_type.rfind("application/octet-stream", 0) == 0 ||
         content_type.rfind("application/pdf", 0) == 0 || content_type.rfind("image/", 0) == 0 ||
         content_type.rfind("text/csv", 0) == 0;
}

size_t BodyLimit(const ServerOptions& o, BodyKind kind) {
  switch (kind) {
    case BodyKind::kNone:
      return 0;
    case BodyKind::kForm:
      return std::min(o.form_body_limit, o.json_body_limit);
    case BodyKind::kJson:
      return o.json_body_limit;
    case BodyKind::kUpload:
      return o.upload_body_limit;
  }
  return 0;
}

// The answer to a connection over a cap, written before anything is read (the request and its
// language are unknown; the message is the Vietnamese default).
std::string CapResponse(bool per_client) {
  Request req;
  req.request_id = NewRequestId();
  Status st = per_client ? Status(Code::kTooManyRequests, "too_many_connections")
                         : Status(Code::kUnavailable, "server_busy");
  Response r = Response::Error(st, req);
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", r.status,
                                per_client ? "Too Many Requests" : "Service Unavailable");
  for (const auto& [k, v] : r.headers.all()) out += k + ": " + v + "\r\n";
  out += fmt::format("retry-after: 5\r\nx-request-id: {}\r\ncontent-length: {}\r\n", req.request_id,
                     r.body.size());
  out += "connection: close\r\n\r\n" + r.body;
  return out;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, RequestHandler handler, AdmissionHandler admit)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        admit_(std::move(admit)),
        iocs_(MakeContexts(options_.io_threads)),
        acceptor_(*iocs_[0]),
        workers_(static_cast<size_t>(options_.worker_threads)) {}

  class Session;

  void Start() {
    tcp::endpoint ep(asio::ip::make_address(options_.address), options_.port);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
    // Registered before the caller announces the port, so an early SIGTERM is never fatal.
    signals_ = std::make_unique<asio::signal_set>(signal_ioc_, SIGTERM, SIGINT);
    signals_->async_wait([](beast::error_code ec, int sig) {
      if (!ec) spdlog::info("signal {} received: finishing in-flight requests", sig);
    });
    DoAccept();
    for (auto& ioc : iocs_) {
      work_.push_back(asio::make_work_guard(*ioc));
      threads_.emplace_back([&ioc] { ioc->run(); });
    }
  }

  void Stop();
  void RunUntilSignalled();

  uint16_t port() const { return port_; }

  void DoAccept();
  // Counts the connection against the caps; false (nothing counted) when over one, with
  // *per_client telling which.
  bool Register(const std::shared_ptr<Session>& s, const std::string& peer, bool* per_client);
  void Unregister(Session* s);
  void RequestStarted() {
    std::lock_guard lock(mu_);
    ++in_flight_;
  }
  void RequestFinished() {
    std::lock_guard lock(mu_);
    --in_flight_;
    cv_.notify_all();
  }

  ServerOptions options_;
  RequestHandler handler_;
  AdmissionHandler admit_;
  // Declared before the io_context: sessions still queued in it when it is destroyed touch these.
  std::mutex mu_;
  std::condition_variable cv_;
  int in_flight_ = 0;                                              // guarded by mu_
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;  // guarded by mu_
  std::unordered_map<Session*, std::string> peers_;                // guarded by mu_
  std::unordered_map<std::string, int> per_peer_;                  // guarded by mu_
  std::atomic<bool> stopping_{false};
  std::atomic<bool> stopped_{false};
  // One event loop per I/O thread, each connection on one of them for its whole life: its handlers
  // never run concurrently (no strand needed), and a loop's thread is woken only by its own
  // sockets and the replies posted to it. A loop shared by several threads passed work between
  // them: about 4.5 context switches per transition on the two I/O threads under bench_lifecycle,
  // against about 2 with one loop each (decision 0019, "HTTP hand-offs").
  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < std::max(n, 1); ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }
  asio::io_context& NextContext() {
    return *iocs_[next_ioc_.fetch_add(1, std::memory_order_relaxed) % iocs_.size()];
  }
  std::vector<std::unique_ptr<asio::io_context>> iocs_;
  std::atomic<size_t> next_ioc_{0};
  // Keep the I/O threads alive while a request is on a worker and no socket operation is pending
  // (after the acceptor closes); released once shutdown has drained.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  tcp::acceptor acceptor_;
  asio::thread_pool workers_;
  std::vector<std::thread> threads_;
  uint16_t port_ = 0;
  asio::io_context signal_ioc_;
  std::unique_ptr<asio::signal_set> signals_;
};

// One connection. All its I/O runs on one I/O thread's loop; handlers run on the worker pool.
class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket, std::string peer)
      : server_(server), stream_(std::move(socket)), peer_(std::move(peer)) {}

  void Run() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
  }

  // Over a connection cap: answers at once, without reading the request, and closes.
  void Refuse(bool per_client) {
    refused_ = true;  // never registered: nothing to unregister
    auto text = std::make_shared<std::string>(CapResponse(per_client));
    stream_.expires_after(std::chrono::seconds(5));
    asio::async_write(stream_, asio::buffer(*text),
                      [self = shared_from_this(), text](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        // A short linger, so that a request already sent does not reset the
                        // connection before the answer is read.
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        self->linger_left_ = 64 << 10;
                        self->stream_.expires_after(std::chrono::seconds(2));
                        self->Discard();
                      });
  }

  // Called from Stop(): closes the connection now if it is between requests; a connection busy
  // with a request closes after its response.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

 private:
  void WaitForRequest() {
    if (server_.stopping_) return Close();
    busy_ = false;
    if (buffer_.size() > 0) return ReadHeader();  // pipelined bytes already here
    // Idle keep-alive wait for the first byte, then the header must complete in header_timeout.
    stream_.expires_after(first_request_ ? options().header_timeout : options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->Close();
                              self->buffer_.commit(n);
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    first_request_ = false;
    header_parser_.emplace();
    header_parser_->header_limit(kHeaderLimit);
    // The body limit depends on the Content-Type, known only once the header is in.
    header_parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    // Usually the whole header came with the first read: parsed here, it costs no read operation,
    // no timer armed and cancelled and no completion posted. The parser stops at the header's end
    // (it is not eager), so no body byte is taken.
    if (buffer_.size() > 0) {
      beast::error_code ec;
      buffer_.consume(header_parser_->put(buffer_.data(), ec));
      if (header_parser_->is_header_done() || (ec && ec != bhttp::error::need_more)) {
        return OnHeader(ec);
      }
    }
    stream_.expires_after(options().header_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *header_parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      return Close();
    }
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    server_.RequestStarted();
    counted_ = true;
    request_.emplace();
    request_->request_id = NewRequestId();
    request_->remote_address = peer_;
    has_body_ = body_unread_ = false;
    if (ec) {
      keep_alive_ = false;
      Status st = ec == bhttp::error::header_limit
                      ? Status(Code::kPayloadTooLarge, "payload_too_large", "headers")
                      : Status::InvalidArgument("invalid_argument", "request");
      return Send(Response::Error(st, *request_));
    }
    const auto& h = header_parser_->get();
    keep_alive_ = header_parser_->keep_alive();
    FillRequestHead(h);
    auto length = header_parser_->content_length();
    body_length_ = length ? std::optional<uint64_t>(*length) : std::nullopt;
    has_body_ = header_parser_->chunked() || (length && *length > 0);
    body_unread_ = has_body_;
    if (!options().static_dir.empty() && request_->path.rfind("/static/", 0) == 0) {
      return Admitted(Admission{std::nullopt, BodyKind::kNone});
    }
    // Admission may read the database (the session): on the worker pool, like the handlers. A
    // request without a body, or whose whole body came with its header, is handled in the same
    // trip: one hand-off to a worker and one back to write the reply, instead of a round trip to
    // the I/O thread to "read" a body that is already here.
    asio::post(server_.workers_, [self = shared_from_this()] {
      Admission a = self->Admit();
      if (!a.reply && (!self->has_body_ || self->TakeBufferedBody(a.body))) {
        return self->Reply(self->Handle());
      }
      asio::post(self->stream_.get_executor(),
                 [self, a = std::move(a)]() mutable { self->Admitted(std::move(a)); });
    });
  }

  Admission Admit() {
    Request& req = *request_;
    try {
      if (server_.admit_) return server_.admit_(req);
      std::string content_type = req.Header("Content-Type").value_or("");
      return Admission{std::nullopt, IsUpload(content_type) ? BodyKind::kUpload : BodyKind::kJson};
    } catch (const std::exception& e) {
      spdlog::error("request {} failed in admission: {}", req.request_id, e.what());
    } catch (...) {
      spdlog::error("request {} failed in admission with an unknown exception", req.request_id);
    }
    return Admission{Response::Error(Status::Internal("uncaught exception"), req), BodyKind::kNone};
  }

  // On the worker, right after admission, while no operation of this connection is pending (the
  // session is handed over, not shared): when the admitted body is already in the read buffer in
  // full, within the route's limit, it becomes the request's body without a read. Anything else
  // (a body still on its way, chunked, over the limit, an Expect: 100-continue) goes the general
  // way through Admitted(), which decides and reads exactly as before.
  bool TakeBufferedBody(BodyKind kind) {
    if (!body_length_ || header_parser_->chunked()) return false;
    size_t length = static_cast<size_t>(*body_length_);
    size_t limit = BodyLimit(options(), kind);
    if (limit == 0 || *body_length_ > limit || buffer_.size() < length) return false;
    if (request_->headers.Has("Expect")) return false;
    request_->body.assign(static_cast<const char*>(buffer_.data().data()), length);
    buffer_.consume(length);
    body_unread_ = false;
    header_parser_.reset();
    return true;
  }

  // On the I/O thread, once the route and the caller are known: refuse, read the body within the
  // route's limit, or go straight to the handler.
  void Admitted(Admission a) {
    if (a.reply) {
      if (body_unread_) keep_alive_ = false;
      return Send(std::move(*a.reply));
    }
    if (!has_body_) return PostHandle();
    size_t limit = BodyLimit(options(), a.body);
    if (limit == 0 || (body_length_ && *body_length_ > limit)) {
      keep_alive_ = false;
      return Send(Response::Error(Status(Code::kPayloadTooLarge, "payload_too_large"), *request_));
    }
    // A client that waits for leave to send its body (curl does for large ones) gets it only
    // now, once admitted: a refused one never sends the body at all.
    auto expect = request_->Header("Expect");
    if (expect && beast::iequals(*expect, "100-continue")) {
      auto go_on = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
      stream_.expires_after(kWriteTimeout);
      return asio::async_write(
          stream_, asio::buffer(*go_on),
          [self = shared_from_this(), go_on, limit](beast::error_code ec, size_t) {
            if (ec) return self->Close();
            self->ReadBody(limit);
          });
    }
    ReadBody(limit);
  }

  void ReadBody(size_t limit) {
    body_parser_.emplace(std::move(*header_parser_));
    body_parser_->body_limit(limit);
    stream_.expires_after(kBodyTimeout);
    bhttp::async_read(
        stream_, buffer_, *body_parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  // Reads and throws away what is left of an unread body, then closes (see kLingerBytes).
  void Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    buffer_.clear();
    buffer_.shrink_to_fit();
    linger_left_ = kLingerBytes;
    stream_.expires_after(kLingerTimeout);
    Discard();
  }

  void Discard() {
    if (linger_left_ == 0) return Close();
    constexpr size_t kChunk = 16 << 10;
    if (!discard_) discard_ = std::make_unique<char[]>(kChunk);
    size_t chunk = std::min(linger_left_, kChunk);
    stream_.async_read_some(asio::buffer(discard_.get(), chunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->Close();
                              self->linger_left_ -= std::min(n, self->linger_left_);
                              self->Discard();
                            });
  }

  void FillRequestHead(const bhttp::request_parser<bhttp::empty_body>::value_type& h) {
    Request& r = *request_;
    r.method = std::string(h.method_string());
    r.target = std::string(h.target());
    size_t q = r.target.find('?');
    r.path = UrlDecode(std::string_view(r.target).substr(0, q), false);
    if (q != std::string::npos) r.query = ParseQuery(std::string_view(r.target).substr(q + 1));
    for (const auto& f : h) r.headers.Add(f.name_string(), std::string(f.value()));
    std::vector<std::string> forwarded;
    if (!options().trusted_proxies.empty()) {
      for (const auto& [k, v] : r.headers.all())
        if (k == "x-forwarded-for") forwarded.push_back(v);
    }
    r.remote_address = options().trusted_proxies.ClientAddress(peer_, forwarded);
  }

  void OnBody(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      keep_alive_ = false;  // the rest of the body is still coming
      return Send(Response::Error(Status(Code::kPayloadTooLarge, "payload_too_large"), *request_));
    }
    if (ec) {
      // The client went away or sent garbage mid-body; nothing useful can be answered.
      if (ec == beast::error::timeout || ec == asio::error::eof ||
          ec == bhttp::error::partial_message || ec == asio::error::connection_reset) {
        return Close();
      }
      keep_alive_ = false;
      return Send(Response::Error(Status::InvalidArgument("invalid_argument", "body"), *request_));
    }
    body_unread_ = false;
    request_->body = std::move(body_parser_->get().body());
    body_parser_.reset();
    header_parser_.reset();
    PostHandle();
  }

  void PostHandle() {
    // Handlers may block on the database: they never run on an I/O thread.
    asio::post(server_.workers_, [self = shared_from_this()] { self->Reply(self->Handle()); });
  }

  Response Handle() {
    Request& req = *request_;
    try {
      if (auto r = ServeStatic(req, "/static/", options().static_dir)) return std::move(*r);
      return server_.handler_(req);
    } catch (const std::exception& e) {
      spdlog::error("request {} failed: {}", req.request_id, e.what());
    } catch (...) {
      spdlog::error("request {} failed with an unknown exception", req.request_id);
    }
    return Response::Error(Status::Internal("uncaught exception"), req);
  }

  using Message = std::variant<std::shared_ptr<bhttp::response<bhttp::string_body>>,
                               std::shared_ptr<bhttp::response<bhttp::file_body>>>;

  // On the worker, with the handler's response: the message is made there too (gzip, the file
  // opened), so that the connection's loop, shared with other connections, only writes it.
  void Reply(Response response) {
    asio::post(stream_.get_executor(),
               [self = shared_from_this(), m = Prepare(std::move(response))]() mutable {
                 self->Write(std::move(m));
               });
  }

  // On the I/O thread: answers made there (refusals, malformed requests).
  void Send(Response response) { Write(Prepare(std::move(response))); }

  Message Prepare(Response response) {
    const Request& req = *request_;
    bool head = req.method == "HEAD";
    if (server_.stopping_) keep_alive_ = false;
    response.headers.Set("X-Request-Id", req.request_id);
    if (!response.headers.Has("X-Content-Type-Options")) {
      response.headers.Set("X-Content-Type-Options", "nosniff");
    }
    std::string content_type = response.headers.Get("Content-Type").value_or("");
    if (response.file_path.empty() && response.body.size() >= kGzipMinBytes &&
        IsCompressible(content_type) && !response.headers.Has("Content-Encoding") &&
        AcceptsGzip(req.Header("Accept-Encoding").value_or(""))) {
      if (auto gz = Gzip(response.body)) {
        response.body = std::move(*gz);
        response.headers.Set("Content-Encoding", "gzip");
      }
    }
    if (IsCompressible(content_type) || response.headers.Has("Content-Encoding")) {
      response.headers.Add("Vary", "Accept-Encoding");
    }
    status_ = response.status;
    if (!response.file_path.empty()) {
      bhttp::file_body::value_type file;
      beast::error_code ec;
      file.open(response.file_path.c_str(), beast::file_mode::scan, ec);
      if (ec) {
        response = Response::Error(Status::Internal("cannot open " + response.file_path), req);
      } else {
        auto res = std::make_shared<bhttp::response<bhttp::file_body>>();
        res->result(static_cast<unsigned>(response.status));
        res->version(11);
        for (const auto& [k, v] : response.headers.all()) res->insert(k, v);
        size_t size = file.size();
        if (!head) res->body() = std::move(file);
        res->content_length(size);
        res->keep_alive(keep_alive_);
        bytes_ = size;
        return res;
      }
    }
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->result(static_cast<unsigned>(response.status));
    res->version(11);
    for (const auto& [k, v] : response.headers.all()) res->insert(k, v);
    bytes_ = response.body.size();
    bool bodiless = response.status == 204 || response.status == 304;
    if (!head) res->body() = std::move(response.body);
    if (!bodiless) res->content_length(bytes_);
    res->keep_alive(keep_alive_);
    return res;
  }

  void Write(Message message) {
    stream_.expires_after(kWriteTimeout);
    std::visit(
        [this](auto& res) {
          bhttp::async_write(stream_, *res,
                             [self = shared_from_this(), res](beast::error_code ec, size_t) {
                               self->OnWritten(ec);
                             });
        },
        message);
  }

  void OnWritten(beast::error_code ec) {
    Log();
    if (counted_) {
      counted_ = false;
      server_.RequestFinished();
    }
    request_.reset();
    if (buffer_.capacity() > kIdleBufferBytes && buffer_.size() == 0) buffer_.shrink_to_fit();
    if (!ec && !keep_alive_ && body_unread_) return Linger();
    if (ec || !keep_alive_ || server_.stopping_) return Close();
    WaitForRequest();
  }

  void Log() {
    if (!options().access_log || !request_) return;
    auto ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_);
    // The query string and the remote address are left out: both can carry personal data.
    spdlog::info(R"({{"rid":"{}","method":"{}","path":"{}","status":{},"bytes":{},"ms":{:.1f}}})",
                 request_->request_id, request_->method, request_->path, status_, bytes_,
                 ms.count());
  }

  void Close() {
    if (counted_) {
      counted_ = false;
      server_.RequestFinished();
    }
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
    if (!refused_) server_.Unregister(this);
  }

  const ServerOptions& options() const { return server_.options_; }

 public:
  ~Session() {
    if (counted_) server_.RequestFinished();
  }

 private:
  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> body_parser_;
  std::optional<Request> request_;
  std::string peer_;  // the connected address (a proxy's, behind one)
  std::optional<uint64_t> body_length_;
  bool has_body_ = false;
  bool body_unread_ = false;  // some of the request's body may still be on the wire
  bool refused_ = false;      // over a connection cap, never registered
  size_t linger_left_ = 0;
  std::unique_ptr<char[]> discard_;  // only while lingering
  bool keep_alive_ = true;
  bool busy_ = false;
  bool counted_ = false;
  bool closed_ = false;
  bool first_request_ = true;
  int status_ = 0;
  size_t bytes_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

void Server::Impl::DoAccept() {
  acceptor_.async_accept(NextContext(), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else if (!stopping_) {
      socket.set_option(tcp::no_delay(true), ec);
      std::string peer;
      auto ep = socket.remote_endpoint(ec);
      if (!ec) peer = CanonicalAddress(ep.address().to_string()).value_or("");
      auto session = std::make_shared<Session>(*this, std::move(socket), peer);
      bool per_client = false;
      if (Register(session, peer, &per_client)) {
        session->Run();
      } else {
        session->Refuse(per_client);
      }
    }
    if (!stopping_) DoAccept();
  });
}

bool Server::Impl::Register(const std::shared_ptr<Session>& s, const std::string& peer,
                            bool* per_client) {
  std::lock_guard lock(mu_);
  if (options_.max_connections > 0 &&
      sessions_.size() >= static_cast<size_t>(options_.max_connections)) {
    *per_client = false;
    return false;
  }
  // Behind a trusted proxy every client shares the proxy's address: its connections are not
  // capped here (the proxy has its own limits).
  bool capped = options_.max_connections_per_client > 0 && !options_.trusted_proxies.Contains(peer);
  if (capped && per_peer_[peer] >= options_.max_connections_per_client) {
    *per_client = true;
    return false;
  }
  sessions_.emplace(s.get(), s);
  if (capped) {
    ++per_peer_[peer];
    peers_.emplace(s.get(), peer);
  }
  return true;
}

void Server::Impl::Unregister(Session* s) {
  std::lock_guard lock(mu_);
  sessions_.erase(s);
  if (auto it = peers_.find(s); it != peers_.end()) {
    if (--per_peer_[it->second] <= 0) per_peer_.erase(it->second);
    peers_.erase(it);
  }
  cv_.notify_all();
}

void Server::Impl::Stop() {
  if (stopped_.exchange(true)) return;
  stopping_ = true;
  signal_ioc_.stop();
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu_);
    for (auto& [ptr, weak] : sessions_) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->Shutdown();
  live.clear();
  {
    std::unique_lock lock(mu_);
    bool drained = cv_.wait_for(lock, options_.shutdown_grace,
                                [this] { return in_flight_ <= 0 && sessions_.empty(); });
    if (!drained) {
      spdlog::warn("shutdown grace over: {} requests in flight, {} connections open", in_flight_,
                   sessions_.size());
    }
  }
  work_.clear();
  for (auto& ioc : iocs_) ioc->stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  workers_.join();
}

void Server::Impl::RunUntilSignalled() {
  signal_ioc_.run();
  Stop();
}

Server::Server(ServerOptions options, RequestHandler handler, AdmissionHandler admit)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(admit))) {
  mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
}

Server::~Server() { Stop(); }

void Server::Start() { impl_->Start(); }
uint16_t Server::port() const { return impl_->port(); }
void Server::Stop() {
  if (impl_) impl_->Stop();
}
void Server::RunUntilSignalled() { impl_->RunUntilSignalled(); }

}  // namespace motcua::http
