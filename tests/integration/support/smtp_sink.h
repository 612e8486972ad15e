// A real SMTP server for tests: Debian's aiosmtpd (python3-aiosmtpd, scripts/setup.sh) on a free
// local port, storing every message it accepts in a Maildir that the test reads back.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace motcua::testing {

// A port nothing listens on right now (bound, then released).
inline uint16_t FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

inline bool Accepts(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

class SmtpSink {
 public:
  SmtpSink() : port_(FreePort()) {
    dir_ = std::filesystem::temp_directory_path() /
           ("motcua-smtp-" + std::to_string(::getpid()) + "-" + std::to_string(port_));
    std::filesystem::remove_all(dir_);
    std::string listen = "127.0.0.1:" + std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      // Debian's interpreter, where python3-aiosmtpd is installed (not a pyenv on PATH).
      ::execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
              "aiosmtpd.handlers.Mailbox", dir_.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !Accepts(port_); ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("aiosmtpd did not start (apt-get install python3-aiosmtpd)");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!Accepts(port_)) throw std::runtime_error("aiosmtpd does not listen");
  }
  ~SmtpSink() {
    Stop();
    std::filesystem::remove_all(dir_);
  }
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  // The raw messages delivered so far (envelope headers X-MailFrom/X-RcptTo added by aiosmtpd).
  std::vector<std::string> Messages() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_ / "new", ec)) {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }
  // Waits up to `seconds` for at least `n` messages.
  std::vector<std::string> WaitFor(size_t n, int seconds = 10) const {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (Messages().size() < n && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return Messages();
  }

 private:
  uint16_t port_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

// The decoded text of a single-part base64 message body.
inline std::string MailBody(const std::string& raw) {
  size_t start = raw.find("\n\n");
  size_t skip = 2;
  if (size_t crlf = raw.find("\r\n\r\n"); crlf != std::string::npos && crlf < start) {
    start = crlf;
    skip = 4;
  }
  if (start == std::string::npos) return "";
  std::string b64;
  for (char c : raw.substr(start + skip))
    if (c != '\r' && c != '\n') b64 += c;
  std::string out(b64.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.c_str(),
                        b64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return "";
  out.resize(len);
  return out;
}

}  // namespace motcua::testing
