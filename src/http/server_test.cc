// The server's request path in process, through a real socket: a body that came with its header
// and one that trickles in are both handed over whole and only after admission; a refused request
// never has its body read; a handler never runs on the I/O thread.
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace motcua::http {
namespace {

using namespace std::chrono_literals;

class Connection {
 public:
  explicit Connection(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    timeval tv{5, 0};
    if (fd_ >= 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  bool Send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // One whole response (header and Content-Length body); empty if none came.
  std::string ReadResponse() {
    for (;;) {
      size_t end = pending_.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t length = 0;
        size_t cl = Lower(pending_.substr(0, end)).find("content-length: ");
        if (cl != std::string::npos) length = std::stoul(pending_.substr(cl + 16));
        if (pending_.size() >= end + 4 + length) {
          std::string out = pending_.substr(0, end + 4 + length);
          pending_.erase(0, end + 4 + length);
          return out;
        }
      }
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return "";
      pending_.append(buf, static_cast<size_t>(n));
    }
  }
  // True when the server closed the connection (after what it had sent).
  bool Closed() {
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return false;
    }
  }

 private:
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  int fd_ = -1;
  std::string pending_;
};

std::string Body(const std::string& response) {
  size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

std::string Post(const std::string& path, const std::string& body, const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A server whose admission refuses /private (401) and records what it saw, and whose handler
// echoes the body it was given.
class ServerPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.io_threads = 1;
    o.worker_threads = 2;
    o.json_body_limit = 1000;
    o.access_log = false;
    server_ = std::make_unique<Server>(
        o,
        [this](Request& req) {
          ++handled_;
          {
            std::lock_guard lock(mu_);
            same_thread_.push_back(std::this_thread::get_id() == admitted_on_);
          }
          if (req.path == "/wait") {
            while (!release_) std::this_thread::sleep_for(1ms);
          }
          return Response::Text(200, req.method + " " + req.path + " " + req.body);
        },
        [this](Request& req) {
          {
            std::lock_guard lock(mu_);
            bodies_at_admission_.push_back(req.body);
            admitted_on_ = std::this_thread::get_id();
          }
          ++admitted_;
          if (req.path == "/private") {
            return Admission{Response::Text(401, "who are you"), BodyKind::kNone};
          }
          return Admission{std::nullopt, BodyKind::kJson};
        });
    server_->Start();
  }
  void TearDown() override {
    release_ = true;
    server_->Stop();
  }
  std::vector<std::string> BodiesAtAdmission() {
    std::lock_guard lock(mu_);
    return bodies_at_admission_;
  }

  std::unique_ptr<Server> server_;
  std::atomic<int> admitted_{0};
  std::atomic<int> handled_{0};
  std::atomic<bool> release_{false};
  std::mutex mu_;
  std::vector<std::string> bodies_at_admission_;
  std::thread::id admitted_on_;    // of the last admission
  std::vector<bool> same_thread_;  // per handled request: on the thread that admitted it
};

TEST_F(ServerPathTest, ABodyThatCameWithItsHeaderIsHandledWholeAndTheConnectionKeptAlive) {
  Connection c(server_->port());
  ASSERT_TRUE(c.ok());
  for (int i = 0; i < 3; ++i) {
    std::string body = R"({"n":)" + std::to_string(i) + "}";
    ASSERT_TRUE(c.Send(Post("/echo", body)));
    std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200) << r;
    EXPECT_EQ(Body(r), "POST /echo " + body);
  }
  EXPECT_EQ(handled_.load(), 3);
  // Admission saw the head only...
  for (const auto& b : BodiesAtAdmission()) EXPECT_EQ(b, "");
  // ...and the handler ran in the same worker task, without a trip through the I/O thread.
  std::lock_guard lock(mu_);
  EXPECT_EQ(same_thread_, std::vector<bool>(3, true));
}

TEST_F(ServerPathTest, PipelinedRequestsWithBodiesInOnePacketEachGetTheirOwnBody) {
  Connection c(server_->port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send(Post("/a", "first") + Post("/b", "second!") +
                     "GET /c HTTP/1.1\r\nHost: x\r\n\r\n" + Post("/d", "4")));
  EXPECT_EQ(Body(c.ReadResponse()), "POST /a first");
  EXPECT_EQ(Body(c.ReadResponse()), "POST /b second!");
  EXPECT_EQ(Body(c.ReadResponse()), "GET /c ");
  EXPECT_EQ(Body(c.ReadResponse()), "POST /d 4");
}

TEST_F(ServerPathTest, ABodyArrivingInPiecesIsReadOnlyAfterAdmissionAndHandedOverWhole) {
  Connection c(server_->port());
  ASSERT_TRUE(c.ok());
  std::string body = R"({"text":"một hai ba bốn năm sáu bảy tám"})";
  std::string request = Post("/echo", body);
  size_t head = request.size() - body.size();
  ASSERT_TRUE(c.Send(request.substr(0, head + 5)));
  // Admission runs on the head and what came with it; the rest is not needed for it.
  for (int i = 0; i < 2000 && admitted_ == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(admitted_.load(), 1);
  EXPECT_EQ(handled_.load(), 0);
  ASSERT_TRUE(c.Send(request.substr(head + 5, 10)));
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(handled_.load(), 0);
  ASSERT_TRUE(c.Send(request.substr(head + 15)));
  std::string r = c.ReadResponse();
  EXPECT_EQ(StatusOf(r), 200) << r;
  EXPECT_EQ(Body(r), "POST /echo " + body);
  // And the connection goes on with a body that comes whole.
  ASSERT_TRUE(c.Send(Post("/echo", "next")));
  EXPECT_EQ(Body(c.ReadResponse()), "POST /echo next");
  for (const auto& b : BodiesAtAdmission()) EXPECT_EQ(b, "");
}

TEST_F(ServerPathTest, AHeaderInPiecesAndAChunkedBodyAreReadTheGeneralWay) {
  Connection c(server_->port());
  ASSERT_TRUE(c.ok());
  std::string request = Post("/echo", "split");
  ASSERT_TRUE(c.Send(request.substr(0, 20)));
  std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(c.Send(request.substr(20)));
  EXPECT_EQ(Body(c.ReadResponse()), "POST /echo split");
  ASSERT_TRUE(
      c.Send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  EXPECT_EQ(Body(c.ReadResponse()), "POST /chunked abcde");
}

TEST_F(ServerPathTest, ARefusedRequestNeverHasItsBodyReadEvenWhenItCameWithTheHeader) {
  {
    // The whole body in the same packet as the head: still refused from the head, unread.
    Connection c(server_->port());
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c.Send(Post("/private", R"({"secret":1})")));
    std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 401) << r;
    EXPECT_NE(r.find("onnection: close"), std::string::npos) << r;
    EXPECT_TRUE(c.Closed());
  }
  {
    // A large body announced, a little sent: answered at once, without waiting for the rest.
    Connection c(server_->port());
    ASSERT_TRUE(c.ok());
    auto start = std::chrono::steady_clock::now();
    std::string request = Post("/private", std::string(500'000, 'x'));
    ASSERT_TRUE(c.Send(request.substr(0, request.size() - 499'000)));
    std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 401) << r;
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  }
  EXPECT_EQ(handled_.load(), 0);
  for (const auto& b : BodiesAtAdmission()) EXPECT_EQ(b, "");
}

TEST_F(ServerPathTest, ABufferedBodyOverTheRouteLimitIsRefusedAndOneAtTheLimitIsTaken) {
  {
    Connection c(server_->port());
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c.Send(Post("/echo", std::string(1000, 'a'))));
    std::string r = c.ReadResponse();
    EXPECT_EQ(StatusOf(r), 200);
    EXPECT_EQ(Body(r).size(), std::string("POST /echo ").size() + 1000);
  }
  Connection c(server_->port());
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c.Send(Post("/echo", std::string(1001, 'a'))));
  std::string r = c.ReadResponse();
  EXPECT_EQ(StatusOf(r), 413) << r;
  EXPECT_NE(r.find("onnection: close"), std::string::npos) << r;
  EXPECT_EQ(handled_.load(), 1);
}

TEST_F(ServerPathTest, AHandlerOfABufferedBodyNeverRunsOnTheIoThread) {
  // The only I/O thread must stay free while the handler blocks: a garbage request on another
  // connection (answered by the I/O thread itself) still gets its 400.
  Connection waiting(server_->port());
  ASSERT_TRUE(waiting.ok());
  ASSERT_TRUE(waiting.Send(Post("/wait", "body")));
  for (int i = 0; i < 2000 && admitted_ == 0; ++i) std::this_thread::sleep_for(1ms);
  Connection other(server_->port());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other.Send("NOT HTTP AT ALL\r\n\r\n"));
  std::string r = other.ReadResponse();
  EXPECT_EQ(StatusOf(r), 400) << r;
  release_ = true;
  EXPECT_EQ(Body(waiting.ReadResponse()), "POST /wait body");
}

TEST(ServerLoops, ConnectionsSpreadOverSeveralLoopsAreAllServedAndStopClosesTheIdleOnes) {
  ServerOptions o;
  o.address = "127.0.0.1";
  o.port = 0;
  o.io_threads = 3;
  o.worker_threads = 4;
  o.access_log = false;
  o.shutdown_grace = std::chrono::seconds(5);
  Server server(o, [](Request& req) { return Response::Text(200, req.path + " " + req.body); });
  server.Start();
  std::atomic<int> right{0};
  std::vector<std::thread> clients;
  std::vector<std::unique_ptr<Connection>> idle;
  for (int i = 0; i < 7; ++i) {
    clients.emplace_back([&, i] {
      Connection c(server.port());
      for (int n = 0; n < 30 && c.ok(); ++n) {
        std::string body = std::to_string(i) + ":" + std::to_string(n);
        if (!c.Send(Post("/c" + std::to_string(i), body))) return;
        if (Body(c.ReadResponse()) == "/c" + std::to_string(i) + " " + body) ++right;
      }
    });
    // And a kept-alive connection left idle on each loop in turn.
    idle.push_back(std::make_unique<Connection>(server.port()));
    ASSERT_TRUE(idle.back()->Send(Post("/idle", "x")));
    EXPECT_EQ(Body(idle.back()->ReadResponse()), "/idle x");
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(right.load(), 7 * 30);
  auto start = std::chrono::steady_clock::now();
  server.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  for (auto& c : idle) EXPECT_TRUE(c->Closed());
}

}  // namespace
}  // namespace motcua::http
