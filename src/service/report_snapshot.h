// The report index persisted (docs/decisions/0022): a snapshot of the in-memory columnar index in
// one file, so that a restart serves reports at once instead of re-reading every dossier. The
// file holds a header (format version, row layout, schema version, the database's identity and
// the watermark the index was up to date with), the columns, and a CRC-32C of them.
// After loading it, the service replays the rows changed since the watermark.
//
// A snapshot is never trusted beyond what it can prove: another format, row layout, schema or
// database, a short or altered file all make Read fail with a reason, and the service then loads
// the index from the database as if there were no snapshot.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"
#include "service/report_index.h"
#include "storage/report_store.h"

namespace motcua::service {

// 2: CRC-32C instead of zlib's CRC-32.
inline constexpr uint32_t kReportSnapshotFormat = 2;

// What a snapshot must match to be used.
struct ReportSnapshotStamp {
  int64_t schema_version = 0;
  std::array<uint8_t, 32> identity{};  // ReportIdentityDigest of the database
  int64_t safety_window_seconds = 0;   // recorded for the reader; not part of the match
};
std::array<uint8_t, 32> ReportIdentityDigest(const storage::ReportDatabaseIdentity& id);

// The snapshot's checksum, CRC-32C of `n` bytes: in hardware where the processor has it and
// `hardware` is set, by table otherwise (the same value; the test compares both).
uint32_t ReportSnapshotCrc32c(const void* data, size_t n, bool hardware = true);

// Writes `ix` (its columns and `ix.version` as the watermark) to `path` atomically: a temporary
// file beside it, fsync, rename over `path`, fsync of the directory. A crash leaves either the old
// snapshot or the new one, never a mix. The caller holds `ix.mu` (shared is enough).
Status WriteReportSnapshot(const ReportIndex& ix, const ReportSnapshotStamp& stamp,
                           const std::string& path);

// Fills `ix` (which must be empty; the caller holds `ix.mu` exclusively) from `path`, including
// `ix.version`. Failures (the index is then left empty): kNotFound "no_snapshot"; kConflict with
// reason "snapshot_format" (another format or row layout), "snapshot_schema" (another schema
// version), "snapshot_other_database", or "snapshot_corrupt" (short, altered or inconsistent).
Status ReadReportSnapshot(const std::string& path, const ReportSnapshotStamp& expected,
                          ReportIndex& ix);

}  // namespace motcua::service
