// Load client for bench/lifecycle: N threads, each with one HTTP/1.1 keep-alive connection to a
// `motcua serve --demo` on 127.0.0.1, run full dossier lifecycles through the public API:
//
//   POST /api/v1/dossiers (counter reception, demo.reception_officer)       -> received
//   forward  by demo.reception_officer (centre -> Sở Tài chính)             -> in_process
//   forward  by bench.tc.lanhdao    (leader: assignment)
//   forward  by bench.tc.chuyenvien (specialist: appraisal)
//   forward  by bench.thue.chuyenvien (Thuế tỉnh: the inter-agency step)
//   approve  by bench.tc.lanhdao    (leader: the result)                    -> finished
//   return   by demo.reception_officer (at the counter)                     -> returned
//
// Procedure 1.001612 (three agencies: the centre, the finance department, the tax office). Each
// action carries the version from the previous reply, so there are no extra reads: 7 requests,
// 7 durable transitions per lifecycle. Bounded by --max-lifecycles and --seconds; loopback only.
// Staff of the finance department and the tax office are created through the admin API if they
// do not exist yet (the demo has staff for the justice department only).
//
// With --rounds R --between CMD the run is cut into R slices of S/R seconds and CMD (a shell
// command, e.g. the raw reference) runs between slices and after the last, while the clients are
// idle: the reference and the figure then see the same disk at the same moments. Only the
// slices' time counts.
//
//   bench_lifecycle --port P [--threads N] [--seconds S] [--max-lifecycles M]
//                   [--rounds R --between CMD]
//     -> {"lifecycles":..,"transitions":..,"seconds":..,"lifecycles_per_sec":..,
//         "transitions_per_sec":..,"p50_ms":..,"p99_ms":..,"errors":..}
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Response {
  int status = 0;
  std::string body;
};

// One keep-alive connection to 127.0.0.1:port.
class Connection {
 public:
  explicit Connection(int port) : port_(port) {}
  ~Connection() { Close(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::optional<Response> Request(std::string_view method, std::string_view path,
                                  std::string_view body, std::string_view token,
                                  std::string_view extra_header = {}) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !Open()) return std::nullopt;
      std::string req = fmt::format(
          "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: keep-alive\r\n"
          "Content-Type: application/json\r\nContent-Length: {}\r\n",
          method, path, port_, body.size());
      if (!token.empty()) req += fmt::format("Authorization: Bearer {}\r\n", token);
      if (!extra_header.empty()) req += fmt::format("{}\r\n", extra_header);
      req += "\r\n";
      req += body;
      if (!SendAll(req)) {
        Close();
        continue;  // the server closed an idle keep-alive connection: reconnect once
      }
      auto resp = ReadResponse();
      if (!resp) {
        Close();
        if (attempt == 0 && buffer_.empty()) continue;
        return std::nullopt;
      }
      return resp;
    }
    return std::nullopt;
  }

 private:
  bool Open() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return false;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      Close();
      return false;
    }
    buffer_.clear();
    return true;
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }
  bool SendAll(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  bool Fill() {
    char chunk[16384];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  std::optional<Response> ReadResponse() {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    std::string_view head(buffer_.data(), end);
    Response r;
    if (head.size() < 12 || head.substr(0, 5) != "HTTP/") return std::nullopt;
    r.status = std::atoi(std::string(head.substr(9, 3)).c_str());
    size_t length = 0;
    bool close = false;
    size_t pos = 0;
    while (pos < head.size()) {
      size_t eol = head.find("\r\n", pos);
      if (eol == std::string_view::npos) eol = head.size();
      std::string line(head.substr(pos, eol - pos));
      pos = eol + 2;
      std::string lower = line;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower.rfind("content-length:", 0) == 0)
        length = std::strtoul(line.c_str() + 15, nullptr, 10);
      if (lower.rfind("connection:", 0) == 0 && lower.find("close") != std::string::npos)
        close = true;
    }
    const size_t total = end + 4 + length;
    while (buffer_.size() < total) {
      if (!Fill()) return std::nullopt;
    }
    r.body = buffer_.substr(end + 4, length);
    buffer_.erase(0, total);
    if (close) Close();
    return r;
  }

  int port_;
  int fd_ = -1;
  std::string buffer_;
};

// The string value of the first "key":"..." in a JSON body (no escapes in the values we read).
std::string StringField(std::string_view body, std::string_view key) {
  std::string needle = fmt::format("\"{}\":\"", key);
  size_t p = body.find(needle);
  if (p == std::string_view::npos) return {};
  p += needle.size();
  size_t e = body.find('"', p);
  return e == std::string_view::npos ? std::string() : std::string(body.substr(p, e - p));
}

// The integer value of the first "key":N in a JSON body ("version" does not match
// "procedure_version" because the quote is part of the needle).
std::optional<int64_t> IntField(std::string_view body, std::string_view key) {
  std::string needle = fmt::format("\"{}\":", key);
  size_t p = body.find(needle);
  if (p == std::string_view::npos) return std::nullopt;
  return std::strtoll(body.data() + p + needle.size(), nullptr, 10);
}

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "bench_lifecycle: %s\n", msg.c_str());
  std::exit(1);
}

std::string Login(Connection& c, const std::string& user) {
  auto r = c.Request("POST", "/api/v1/auth/login",
                     fmt::format(R"({{"username":"{}","password":"motcua-demo"}})", user), "");
  if (!r || r->status != 200)
    Die(fmt::format("login {} failed: {}", user, r ? r->body : "no reply"));
  return StringField(r->body, "token");
}

struct Tokens {
  std::string reception, leader, specialist, tax;
};

Tokens SetUp(int port) {
  Connection c(port);
  std::string admin = Login(c, "demo.admin");
  struct NewUser {
    const char* username;
    const char* role;
    const char* agency;
  };
  for (const NewUser& u : {NewUser{"bench.tc.lanhdao", "leader", "000.00.11.H99"},
                           NewUser{"bench.tc.chuyenvien", "specialist", "000.00.11.H99"},
                           NewUser{"bench.thue.chuyenvien", "specialist", "000.00.30.H99"}}) {
    auto r = c.Request("POST", "/api/v1/users",
                       fmt::format(R"({{"username":"{}","password":"motcua-demo",)"
                                   R"("full_name":"Cán bộ {}","role":"{}","agency_code":"{}"}})",
                                   u.username, u.username, u.role, u.agency),
                       admin);
    if (!r || (r->status != 201 && r->status != 409))
      Die(fmt::format("create user {}: {}", u.username, r ? r->body : "no reply"));
  }
  return Tokens{Login(c, "demo.reception_officer"), Login(c, "bench.tc.lanhdao"),
                Login(c, "bench.tc.chuyenvien"), Login(c, "bench.thue.chuyenvien")};
}

struct Stats {
  int64_t lifecycles = 0;
  int64_t transitions = 0;
  int64_t errors = 0;
  std::vector<double> latencies_ms;
  std::string first_error;
};

constexpr const char* kSubmitBody =
    R"({"procedure_code":"1.001612","channel":"counter",)"
    R"("applicant":{"type":"citizen","full_name":"Nguyễn Văn An","id_number":"001090012345",)"
    R"("phone":"0912345678","address":"Số 7 phố Tràng Tiền"},)"
    R"("components":[{"name":"Giấy đề nghị đăng ký doanh nghiệp","originals":1,"copies":0}]})";

void Worker(int port, const Tokens& tokens, Clock::time_point deadline,
            std::atomic<int64_t>& remaining, Stats& stats) {
  Connection c(port);
  struct Action {
    const std::string* token;
    const char* body;  // action JSON without the version
  };
  const Action actions[] = {
      {&tokens.reception, R"("action":"forward")"},
      {&tokens.leader, R"("action":"forward")"},
      {&tokens.specialist, R"("action":"forward")"},
      {&tokens.tax, R"("action":"forward")"},
      {&tokens.leader, R"("action":"approve","result_note":"Đã cấp giấy chứng nhận")"},
      {&tokens.reception, R"("action":"return","return_method":"counter")"},
  };
  auto timed = [&](std::string_view method, const std::string& path, const std::string& body,
                   const std::string& token, int expect) -> std::optional<Response> {
    auto t0 = Clock::now();
    auto r = c.Request(method, path, body, token);
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!r || r->status != expect) {
      ++stats.errors;
      if (stats.first_error.empty())
        stats.first_error = fmt::format("{} {} -> {}", method, path,
                                        r ? fmt::format("{} {}", r->status, r->body) : "no reply");
      return std::nullopt;
    }
    stats.latencies_ms.push_back(ms);
    ++stats.transitions;
    return r;
  };
  while (Clock::now() < deadline && remaining.fetch_sub(1) > 0) {
    auto created = timed("POST", "/api/v1/dossiers", kSubmitBody, tokens.reception, 201);
    if (!created) {
      if (stats.errors > 100) return;
      continue;
    }
    const std::string code = StringField(created->body, "code");
    auto version = IntField(created->body, "version");
    const std::string path = "/api/v1/dossiers/" + code + "/actions";
    bool ok = true;
    for (const Action& a : actions) {
      auto r =
          timed("POST", path, fmt::format("{{{},\"version\":{}}}", a.body, version.value_or(0)),
                *a.token, 200);
      if (!r) {
        ok = false;
        break;
      }
      version = IntField(r->body, "version");
    }
    if (ok) ++stats.lifecycles;
    if (stats.errors > 100) return;
  }
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  int threads = 16;
  double seconds = 10;
  int64_t max_lifecycles = 1'000'000;
  int rounds = 1;
  std::string between;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--port")
      port = std::atoi(argv[i + 1]);
    else if (a == "--rounds")
      rounds = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--between")
      between = argv[i + 1];
    else if (a == "--threads")
      threads = std::atoi(argv[i + 1]);
    else if (a == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (a == "--max-lifecycles")
      max_lifecycles = std::atoll(argv[i + 1]);
    else
      Die("unknown option " + a);
  }
  if (port <= 0 || threads <= 0) Die("usage: bench_lifecycle --port P [--threads N] ...");
  Tokens tokens = SetUp(port);

  std::vector<Stats> stats(static_cast<size_t>(threads));
  std::atomic<int64_t> remaining{max_lifecycles};
  double elapsed = 0;
  for (int r = 0; r < rounds && remaining.load() > 0; ++r) {
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(seconds / rounds));
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
      pool.emplace_back(Worker, port, std::cref(tokens), deadline, std::ref(remaining),
                        std::ref(stats[static_cast<size_t>(i)]));
    for (auto& t : pool) t.join();
    elapsed += std::chrono::duration<double>(Clock::now() - start).count();
    if (!between.empty() && std::system(between.c_str()) != 0) Die("--between command failed");
  }

  Stats total;
  for (auto& s : stats) {
    total.lifecycles += s.lifecycles;
    total.transitions += s.transitions;
    total.errors += s.errors;
    total.latencies_ms.insert(total.latencies_ms.end(), s.latencies_ms.begin(),
                              s.latencies_ms.end());
    if (total.first_error.empty()) total.first_error = s.first_error;
  }
  if (!total.first_error.empty())
    std::fprintf(stderr, "bench_lifecycle: first error: %s\n", total.first_error.c_str());
  double p50 = Percentile(total.latencies_ms, 0.50);
  double p99 = Percentile(total.latencies_ms, 0.99);
  fmt::print(
      "{{\"lifecycles\":{},\"transitions\":{},\"seconds\":{:.3f},\"lifecycles_per_sec\":{:.1f},"
      "\"transitions_per_sec\":{:.1f},\"p50_ms\":{:.2f},\"p99_ms\":{:.2f},\"errors\":{},"
      "\"threads\":{}}}\n",
      total.lifecycles, total.transitions, elapsed, total.lifecycles / elapsed,
      total.transitions / elapsed, p50, p99, total.errors, threads);
  return total.errors > 0 && total.lifecycles == 0 ? 1 : 0;
}
