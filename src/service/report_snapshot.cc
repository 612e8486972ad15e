#include "service/report_snapshot.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <type_traits>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace motcua::service {
namespace {

// CRC-32C (Castagnoli), reflected polynomial 0x82F63B78: SSE 4.2 computes it in hardware, 8 bytes
// an instruction (357 MB in a few tens of milliseconds, against about a quarter of a second for
// zlib's CRC-32 on this machine); the table version gives the same values elsewhere.
constexpr auto kCrc32cTable = [] {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
    t[i] = c;
  }
  return t;
}();

uint32_t Crc32cTable(uint32_t state, const unsigned char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) state = kCrc32cTable[(state ^ p[i]) & 0xFF] ^ (state >> 8);
  return state;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t Crc32cHardware(uint32_t state, const unsigned char* p,
                                                          size_t n) {
  uint64_t c = state;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    c = _mm_crc32_u64(c, word);
  }
  auto s = static_cast<uint32_t>(c);
  for (; n > 0; --n, ++p) s = _mm_crc32_u8(s, *p);
  return s;
}
const bool kHardwareCrc = __builtin_cpu_supports("sse4.2");
#else
constexpr bool kHardwareCrc = false;
#endif

// The running CRC-32C register (pre- and post-inverted by the callers below).
uint32_t Crc32cUpdate(uint32_t state, const void* data, size_t n, bool hardware) {
  const auto* p = static_cast<const unsigned char*>(data);
#if defined(__x86_64__)
  if (hardware) return Crc32cHardware(state, p, n);
#endif
  (void)hardware;
  return Crc32cTable(state, p, n);
}

}  // namespace

uint32_t ReportSnapshotCrc32c(const void* data, size_t n, bool hardware) {
  return ~Crc32cUpdate(0xFFFFFFFFu, data, n, hardware && kHardwareCrc);
}

namespace {

constexpr char kMagic[8] = {'M', 'C', 'R', 'E', 'P', 'I', 'X', '\n'};

// Fixed-size header at offset 0, native byte order (the file never leaves the machine that
// wrote it; a foreign one fails the row-layout or checksum check).
struct Header {
  char magic[8];
  uint32_t format;
  uint32_t row_bytes;
  uint32_t block_rows;
  uint32_t reserved;
  int64_t schema_version;
  uint8_t identity[32];
  int64_t max_id;
  int64_t max_updated_at;
  int64_t safety_window_seconds;
  uint64_t body_bytes;
  uint32_t checksum;  // CRC-32C of the body
  uint8_t reserved2[28];
};
static_assert(sizeof(Header) == 128);
static_assert(std::is_trivially_copyable_v<ReportIndex::Row>);

Status IoError(const std::string& what, const std::string& path) {
  return Status::Internal(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

Status Refused(const char* reason, const std::string& detail) {
  return Status(Code::kConflict, reason, {}, {}, detail);
}

class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  bool Bytes(const void* p, size_t n) {
    crc_ = Crc32cUpdate(crc_, p, n, kHardwareCrc);
    size_ += n;
    if (buf_.size() + n <= kBuffer) {
      buf_.append(static_cast<const char*>(p), n);
      return true;
    }
    if (!Flush()) return false;
    if (n < kBuffer) {
      buf_.append(static_cast<const char*>(p), n);
      return true;
    }
    return Raw(p, n);
  }
  template <typename T>
  bool Pod(const T& v) {
    return Bytes(&v, sizeof v);
  }
  template <typename T>
  bool Array(const std::vector<T>& v) {
    return Pod(uint64_t{v.size()}) && Bytes(v.data(), v.size() * sizeof(T));
  }
  bool Strings(const std::vector<std::string>& v) {
    if (!Pod(uint64_t{v.size()})) return false;
    for (const auto& s : v)
      if (!Pod(static_cast<uint32_t>(s.size())) || !Bytes(s.data(), s.size())) return false;
    return true;
  }
  bool Flush() {
    bool ok = Raw(buf_.data(), buf_.size());
    buf_.clear();
    return ok;
  }
  uint32_t checksum() const { return ~crc_; }
  uint64_t size() const { return size_; }

 private:
  static constexpr size_t kBuffer = 1 << 20;
  bool Raw(const void* p, size_t n) {
    const char* c = static_cast<const char*>(p);
    while (n > 0) {
      ssize_t w = ::write(fd_, c, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      c += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }
  int fd_;
  uint32_t crc_ = 0xFFFFFFFFu;
  std::string buf_;
  uint64_t size_ = 0;
};

// The checksum of what is read, computed on a second thread while the next pieces are read:
// reading and checksumming a 10-million-row snapshot each take about half a second on a loaded
// machine, so in parallel the load takes the longer of the two rather than their sum.
class Checksummer {
 public:
  Checksummer() : worker_([this] { Run(); }) {}
  ~Checksummer() { Finish(); }
  // `p` must stay valid until Finish, unless the piece is small (then it is copied).
  void Add(const void* p, size_t n) {
    Piece piece{static_cast<const char*>(p), n, {}};
    if (n < kCopyBelow) {
      piece.copy.assign(piece.data, n);
      piece.data = nullptr;
    }
    std::lock_guard lock(mu_);
    pieces_.push_back(std::move(piece));
    wake_.notify_one();
  }
  uint32_t Finish() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
      wake_.notify_one();
    }
    if (worker_.joinable()) worker_.join();
    return ~crc_;
  }

 private:
  static constexpr size_t kCopyBelow = 1 << 16;
  struct Piece {
    const char* data;
    size_t size;
    std::string copy;
  };
  void Run() {
    std::unique_lock lock(mu_);
    while (true) {
      wake_.wait(lock, [&] { return done_ || !pieces_.empty(); });
      if (pieces_.empty()) return;
      Piece piece = std::move(pieces_.front());
      pieces_.pop_front();
      lock.unlock();
      const char* data = piece.data ? piece.data : piece.copy.data();
      crc_ = Crc32cUpdate(crc_, data, piece.size, kHardwareCrc);
      lock.lock();
    }
  }
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Piece> pieces_;
  bool done_ = false;
  uint32_t crc_ = 0xFFFFFFFFu;
  std::thread worker_;  // last: starts once the members it uses exist
};

class Reader {
 public:
  Reader(int fd, uint64_t body_bytes) : fd_(fd), left_(body_bytes) {}
  bool Bytes(void* p, size_t n) {
    if (n > left_) return false;
    char* c = static_cast<char*>(p);
    size_t todo = n;
    while (todo > 0) {
      ssize_t r = ::read(fd_, c, std::min<size_t>(todo, kPiece));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      sum_.Add(c, static_cast<size_t>(r));
      c += r;
      todo -= static_cast<size_t>(r);
    }
    left_ -= n;
    return true;
  }
  template <typename T>
  bool Pod(T& v) {
    return Bytes(&v, sizeof v);
  }
  template <typename T>
  bool Array(std::vector<T>& v) {
    uint64_t n = 0;
    if (!Pod(n) || n > left_ / sizeof(T)) return false;
    v.resize(n);
    return Bytes(v.data(), n * sizeof(T));
  }
  bool Strings(std::vector<std::string>& v) {
    uint64_t n = 0;
    if (!Pod(n) || n > left_ / sizeof(uint32_t)) return false;
    v.resize(n);
    for (auto& s : v) {
      uint32_t len = 0;
      if (!Pod(len) || len > left_) return false;
      s.resize(len);
      if (!Bytes(s.data(), len)) return false;
    }
    return true;
  }
  uint32_t checksum() { return sum_.Finish(); }
  uint64_t left() const { return left_; }

 private:
  static constexpr size_t kPiece = 4 << 20;
  int fd_;
  uint64_t left_;
  Checksummer sum_;
};

// Everything a scan relies on (dimension numbers in range, positions consistent), so that even a
// file with a valid checksum but wrong content cannot make a report read out of bounds.
bool Consistent(const ReportIndex& ix) {
  if (ix.open_ids.size() != ix.open.size()) return false;
  if (ix.channels.size() > 256) return false;
  const size_t blocks = (ix.closed.size() + ReportIndex::kBlock - 1) / ReportIndex::kBlock;
  if (ix.block_min_start.size() != blocks || ix.block_max_end.size() != blocks) return false;
  if (ix.dead > ix.closed.size()) return false;
  auto rows_ok = [&](const std::vector<ReportIndex::Row>& rows) {
    for (const auto& r : rows)
      if (r.agency >= ix.agency_ids.size() || r.proc >= ix.proc_codes.size() ||
          r.channel >= ix.channels.size())
        return false;
    return true;
  };
  if (!rows_ok(ix.closed) || !rows_ok(ix.open)) return false;
  size_t closed_seen = 0;
  for (size_t id = 0; id < ix.pos_by_id.size(); ++id) {
    const int32_t pos = ix.pos_by_id[id];
    if (pos >= 0) {
      if (static_cast<size_t>(pos) >= ix.closed.size()) return false;
      ++closed_seen;
    } else if (pos <= -2) {
      const size_t at = static_cast<size_t>(-pos - 2);
      if (at >= ix.open.size() || ix.open_ids[at] != static_cast<int32_t>(id)) return false;
    } else if (pos != -1) {
      return false;
    }
  }
  return closed_seen + ix.dead == ix.closed.size();
}

// The summaries (ReportIndex::Summary) as they are in memory, so that a restart does not tally
// every row again: their row count, then per store the count and each summary's bounds, totals
// and tallies.
bool WriteSummaries(Writer& w, const ReportIndex& ix) {
  if (!w.Pod(uint64_t{ix.summary_rows})) return false;
  for (const auto* sums : {&ix.closed_sums, &ix.open_sums}) {
    if (!w.Pod(uint64_t{sums->size()})) return false;
    for (const auto& s : *sums) {
      const std::array<int32_t, 8> bounds = {s.min_entry,    s.max_entry,   s.min_close,
                                             s.max_close,    s.min_due,     s.max_due,
                                             s.min_returned, s.max_returned};
      if (!w.Pod(bounds) || !w.Pod(s.total) || !w.Array(s.by_agency) || !w.Array(s.by_proc) ||
          !w.Array(s.by_channel))
        return false;
    }
  }
  return true;
}

bool ReadSummaries(Reader& r, ReportIndex& ix) {
  uint64_t rows = 0;
  if (!r.Pod(rows)) return false;
  const bool same_size = rows == ix.summary_rows;
  for (auto* sums : {&ix.closed_sums, &ix.open_sums}) {
    uint64_t n = 0;
    if (!r.Pod(n) || n > r.left()) return false;
    sums->resize(n);
    for (auto& s : *sums) {
      std::array<int32_t, 8> bounds{};
      if (!r.Pod(bounds) || !r.Pod(s.total) || !r.Array(s.by_agency) || !r.Array(s.by_proc) ||
          !r.Array(s.by_channel))
        return false;
      s.min_entry = bounds[0];
      s.max_entry = bounds[1];
      s.min_close = bounds[2];
      s.max_close = bounds[3];
      s.min_due = bounds[4];
      s.max_due = bounds[5];
      s.min_returned = bounds[6];
      s.max_returned = bounds[7];
    }
  }
  if (!same_size) {  // written by a build with another summary size: rebuilt after the checks
    ix.closed_sums.clear();
    ix.open_sums.clear();
  }
  return true;
}

// The summaries read fit the stores and the dictionaries (so that a report never indexes out of
// them); false when there are none to use.
bool SummariesConsistent(const ReportIndex& ix) {
  auto fits = [&](const std::vector<ReportIndex::Summary>& sums, size_t rows) {
    // More than the rows need after open rows went away (their tallies then are zero).
    if (sums.size() < (rows + ix.summary_rows - 1) / ix.summary_rows) return false;
    for (const auto& s : sums) {
      auto ok = [](const std::vector<uint32_t>& h, size_t values) {
        return h.size() % ReportIndex::kClasses == 0 && h.size() <= values * ReportIndex::kClasses;
      };
      if (!ok(s.by_agency, ix.agency_ids.size()) || !ok(s.by_proc, ix.proc_codes.size()) ||
          !ok(s.by_channel, ix.channels.size()))
        return false;
    }
    return true;
  };
  if (ix.closed_sums.empty() && ix.open_sums.empty() && ix.closed.size() + ix.open.size() > 0)
    return false;
  return fits(ix.closed_sums, ix.closed.size()) && fits(ix.open_sums, ix.open.size());
}

}  // namespace

std::array<uint8_t, 32> ReportIdentityDigest(const storage::ReportDatabaseIdentity& id) {
  const std::string text =
      fmt::format("motcua report index\n{}\n{}\n", id.created_at, id.first_dossier);
  std::array<uint8_t, 32> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return out;
}

Status WriteReportSnapshot(const ReportIndex& ix, const ReportSnapshotStamp& stamp,
                           const std::string& path) {
  // Per process: two servers sharing a data directory never write the same temporary file.
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("create", tmp);
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.format = kReportSnapshotFormat;
  h.row_bytes = sizeof(ReportIndex::Row);
  h.block_rows = ReportIndex::kBlock;
  h.schema_version = stamp.schema_version;
  std::memcpy(h.identity, stamp.identity.data(), 32);
  h.max_id = ix.version.max_id;
  h.max_updated_at = ix.version.max_updated_at;
  h.safety_window_seconds = stamp.safety_window_seconds;
  Writer w(fd);
  bool ok = ::lseek(fd, sizeof h, SEEK_SET) == static_cast<off_t>(sizeof h) &&
            w.Array(ix.agency_ids) && w.Strings(ix.proc_codes) && w.Strings(ix.channels) &&
            w.Array(ix.closed) && w.Array(ix.open) && w.Array(ix.open_ids) &&
            w.Array(ix.pos_by_id) && w.Array(ix.block_min_start) && w.Array(ix.block_max_end) &&
            w.Pod(uint64_t{ix.dead}) && WriteSummaries(w, ix) && w.Flush();
  if (ok) {
    h.body_bytes = w.size();
    h.checksum = w.checksum();
    ok = ::pwrite(fd, &h, sizeof h, 0) == static_cast<ssize_t>(sizeof h) && ::fsync(fd) == 0;
  }
  if (!ok) {
    Status st = IoError("write", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return st;
  }
  if (::close(fd) != 0) return IoError("close", tmp);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = IoError("rename", tmp);
    ::unlink(tmp.c_str());
    return st;
  }
  // The rename itself must survive a crash.
  const std::filesystem::path dir = parent.empty() ? std::filesystem::path(".") : parent;
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Status ReadReportSnapshot(const std::string& path, const ReportSnapshotStamp& expected,
                          ReportIndex& ix) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no_snapshot");
    return IoError("open", path);
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return IoError("stat", path);
  Header h{};
  if (static_cast<uint64_t>(st.st_size) < sizeof h ||
      ::read(fd, &h, sizeof h) != static_cast<ssize_t>(sizeof h))
    return Refused("snapshot_corrupt", "shorter than its header");
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
    return Refused("snapshot_corrupt", "not a report index snapshot");
  if (h.format != kReportSnapshotFormat || h.row_bytes != sizeof(ReportIndex::Row) ||
      h.block_rows != ReportIndex::kBlock)
    return Refused("snapshot_format",
                   fmt::format("format {} with {}-byte rows, this build reads {} with {}", h.format,
                               h.row_bytes, kReportSnapshotFormat, sizeof(ReportIndex::Row)));
  if (h.schema_version != expected.schema_version)
    return Refused("snapshot_schema", fmt::format("written at schema {}, the database is at {}",
                                                  h.schema_version, expected.schema_version));
  if (std::memcmp(h.identity, expected.identity.data(), 32) != 0)
    return Refused("snapshot_other_database", "written for another database");
  if (h.body_bytes != static_cast<uint64_t>(st.st_size) - sizeof h)
    return Refused("snapshot_corrupt", "size does not match its header");
  // Large sequential reads straight into the columns: the page cache or the disk at full speed.
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Reader r(fd, h.body_bytes);
  uint64_t dead = 0;
  bool ok = r.Array(ix.agency_ids) && r.Strings(ix.proc_codes) && r.Strings(ix.channels) &&
            r.Array(ix.closed) && r.Array(ix.open) && r.Array(ix.open_ids) &&
            r.Array(ix.pos_by_id) && r.Array(ix.block_min_start) && r.Array(ix.block_max_end) &&
            r.Pod(dead) && ReadSummaries(r, ix) && r.left() == 0;
  // Always waited for: the checksum thread reads the columns, which a failure frees.
  const uint32_t sum = r.checksum();
  if (!ok || sum != h.checksum) {
    ix.Clear();
    return Refused("snapshot_corrupt", "checksum or length mismatch");
  }
  ix.dead = static_cast<size_t>(dead);
  if (!Consistent(ix)) {
    ix.Clear();
    return Refused("snapshot_corrupt", "columns inconsistent");
  }
  for (uint32_t i = 0; i < ix.agency_ids.size(); ++i) ix.agency_idx.emplace(ix.agency_ids[i], i);
  for (uint32_t i = 0; i < ix.proc_codes.size(); ++i) ix.proc_idx.emplace(ix.proc_codes[i], i);
  for (size_t i = 0; i < ix.channels.size(); ++i)
    ix.channel_idx.emplace(ix.channels[i], static_cast<uint8_t>(i));
  if (ix.agency_idx.size() != ix.agency_ids.size() || ix.proc_idx.size() != ix.proc_codes.size() ||
      ix.channel_idx.size() != ix.channels.size()) {
    ix.Clear();
    return Refused("snapshot_corrupt", "duplicate dictionary entries");
  }
  if (!SummariesConsistent(ix)) ix.RebuildSummaries();  // written with another summary size
  ix.version = {h.max_id, h.max_updated_at};
  return Status::Ok();
}

}  // namespace motcua::service
