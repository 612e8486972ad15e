#include "service/attachment_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/crypto.h"

namespace motcua::service {
namespace {

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

Status WriteAll(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Internal(std::string("write attachment: ") + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

std::optional<std::string> SniffAttachmentType(std::string_view b) {
  if (b.substr(0, 5) == "%PDF-") return "application/pdf";
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
      static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF)
    return "image/jpeg";
  if (b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  return std::nullopt;
}

AttachmentStore::AttachmentStore(std::string dir, int64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::string AttachmentStore::PathOf(std::string_view sha256) const {
  if (!IsHex64(sha256)) return {};
  return dir_ + "/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256);
}

bool AttachmentStore::Exists(std::string_view sha256) const {
  std::string p = PathOf(sha256);
  std::error_code ec;
  return !p.empty() && std::filesystem::exists(p, ec);
}

Result<StoredFile> AttachmentStore::Put(std::string_view bytes) {
  if (bytes.empty()) return Status::Validation("empty_file", "body");
  if (static_cast<int64_t>(bytes.size()) > max_bytes_)
    return Status(Code::kPayloadTooLarge, "file_too_large", "body");
  auto mime = SniffAttachmentType(bytes);
  if (!mime) return Status(Code::kUnsupportedMediaType, "unsupported_file_type", "body");
  StoredFile out{Sha256Hex(bytes), *mime, static_cast<int64_t>(bytes.size())};
  std::string path = PathOf(out.sha256);
  if (Exists(out.sha256)) return out;  // same content, same address
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Status::Internal("create attachment directory: " + ec.message());
  std::string tmp = path + ".tmp-" + RandomHex(8);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Status::Internal(std::string("open attachment: ") + std::strerror(errno));
  Status st = WriteAll(fd, bytes);
  if (st.ok() && ::fsync(fd) != 0) st = Status::Internal("fsync attachment");
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0)
    st = Status::Internal(std::string("rename attachment: ") + std::strerror(errno));
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  // Make the rename durable too: the database will refer to this file once we return.
  int dfd = ::open(std::filesystem::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return out;
}

}  // namespace motcua::service
