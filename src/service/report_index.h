// The in-memory columnar report index of ReportService (internal to the report service: the
// service fills and scans it, report_snapshot writes and reads it).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "domain/timeliness_report.h"
#include "storage/report_store.h"

namespace motcua::service {

// The columnar report index: one compact row per dossier (28 bytes), in id order, with the
// dimension values as small integers. See docs/reports.md, "The fast path".
struct ReportIndex {
  struct Row {
    domain::DossierFact fact;  // minute offsets, kind, finish class
    uint32_t proc = 0;         // procedure index
    uint32_t agency = 0;
    uint8_t channel = 0;
  };
  mutable std::shared_mutex mu;  // readers run reports; the refresher takes it exclusively
  std::mutex refresh_mu;         // one refresher at a time
  // Two stores: `closed` rows (resolved, withdrawn, stopped, refused) in the order they were
  // closed, summarised per block so that a report skips the blocks outside its window; `open`
  // rows (pending, or not yet received) scanned in full. A row moves from open to closed once.
  std::vector<Row> closed;
  std::vector<Row> open;
  std::vector<int32_t> open_ids;  // dossier id of each open row (for swap-removal)
  // Dossier id → position: >= 0 in `closed`, <= -2 in `open` (at -pos - 2), -1 none.
  std::vector<int32_t> pos_by_id;
  std::unordered_map<int64_t, uint32_t> agency_idx;
  std::vector<int64_t> agency_ids;
  std::unordered_map<std::string, uint32_t> proc_idx;
  std::vector<std::string> proc_codes;
  std::unordered_map<std::string, uint8_t> channel_idx;
  std::vector<std::string> channels;
  // Per block of kBlock closed rows: a lower bound of the minute from which a row can count
  // (entry, or closing for a refusal) and an upper bound of the minute after which it stops
  // counting (closing). Updated conservatively (min/max only), so always valid.
  static constexpr size_t kBlock = 4096;
  std::vector<int32_t> block_min_start, block_max_end;
  // Summaries of every `summary_rows` consecutive rows of a store, with per-dimension tallies of
  // each row's class (ClassOf): a report adds a summary's tallies instead of scanning its rows
  // when all of them count the same way in its window (the summary's bounds prove it), which at
  // ten million dossiers is nearly every summary of a quarter or a year. The bounds only widen
  // (a replaced row's old values stay in them): conservative, so always valid; RebuildSummaries
  // tightens them.
  static constexpr int kClasses = 10;
  enum RowClass : uint8_t {
    kEarly,        // resolved, FinishClass::kEarly
    kOnTime,       // resolved, kOnTime
    kLate,         // resolved, kLate
    kNoDeadline,   // resolved, otherwise
    kWithdrawn,    // closed kinds, as ClosedSlotOf
    kStopped,      //
    kRefusedRow,   // refused at reception (counts by its closing minute only)
    kOpenDue,      // received, still open, with a due minute
    kOpenNoDue,    // received, still open, without one (always within its deadline)
    kReturnedRow,  // not a class of its own: also tallied for every received row with a result
                   // handed over (returned_min set)
  };
  struct Summary {
    int32_t min_entry = std::numeric_limits<int32_t>::max();  // rows other than refused ones
    int32_t max_entry = std::numeric_limits<int32_t>::min();
    int32_t min_close = std::numeric_limits<int32_t>::max();  // closed classes
    int32_t max_close = std::numeric_limits<int32_t>::min();
    int32_t min_due = std::numeric_limits<int32_t>::max();  // kOpenDue rows
    int32_t max_due = std::numeric_limits<int32_t>::min();
    int32_t min_returned = std::numeric_limits<int32_t>::max();  // kReturnedRow tallies
    int32_t max_returned = std::numeric_limits<int32_t>::min();
    std::array<uint32_t, kClasses> total{};
    // [value * kClasses + class], grown as values appear.
    std::vector<uint32_t> by_agency, by_proc, by_channel;
  };
  size_t summary_rows = 65536;
  std::vector<Summary> closed_sums, open_sums;
  // The class of a row, -1 for one that is in no report (not yet received, or a vacated slot).
  static int ClassOf(const domain::DossierFact& f) {
    using domain::FactKind;
    if (f.kind == FactKind::kRefused) return f.close_min == domain::kNoMinute ? -1 : kRefusedRow;
    if (f.entry_min == domain::kNoMinute) return -1;
    switch (f.kind) {
      case FactKind::kOpen:
        return f.due_min == domain::kNoMinute ? kOpenNoDue : kOpenDue;
      case FactKind::kResolved:
        if (f.close_min == domain::kNoMinute) return -1;
        return f.finish == domain::FinishClass::kEarly    ? kEarly
               : f.finish == domain::FinishClass::kOnTime ? kOnTime
               : f.finish == domain::FinishClass::kLate   ? kLate
                                                          : kNoDeadline;
      case FactKind::kWithdrawn:
        return f.close_min == domain::kNoMinute ? -1 : kWithdrawn;
      case FactKind::kStopped:
        return f.close_min == domain::kNoMinute ? -1 : kStopped;
      default:
        return -1;
    }
  }
  // Adds (sign 1) or takes away (sign -1) the row at `pos` of a store to or from its summary.
  void Tally(std::vector<Summary>& sums, size_t pos, const Row& r, int sign) {
    const size_t b = pos / summary_rows;
    if (b >= sums.size()) sums.resize(b + 1);
    const int c = ClassOf(r.fact);
    if (c < 0) return;
    Summary& s = sums[b];
    const bool returned = c != kRefusedRow && r.fact.returned_min != domain::kNoMinute;
    const uint32_t d = static_cast<uint32_t>(sign);  // -1 wraps: unsigned subtraction
    auto add = [&](std::vector<uint32_t>& h, size_t v) {
      if (h.size() < (v + 1) * kClasses) h.resize((v + 1) * kClasses);
      h[v * kClasses + c] += d;
      if (returned) h[v * kClasses + kReturnedRow] += d;
    };
    s.total[c] += d;
    if (returned) s.total[kReturnedRow] += d;
    add(s.by_agency, r.agency);
    add(s.by_proc, r.proc);
    add(s.by_channel, r.channel);
    if (sign < 0) return;
    const auto& f = r.fact;
    if (c != kRefusedRow) {
      s.min_entry = std::min(s.min_entry, f.entry_min);
      s.max_entry = std::max(s.max_entry, f.entry_min);
    }
    if (c <= kRefusedRow) {
      s.min_close = std::min(s.min_close, f.close_min);
      s.max_close = std::max(s.max_close, f.close_min);
    }
    if (c == kOpenDue) {
      s.min_due = std::min(s.min_due, f.due_min);
      s.max_due = std::max(s.max_due, f.due_min);
    }
    if (returned) {
      s.min_returned = std::min(s.min_returned, f.returned_min);
      s.max_returned = std::max(s.max_returned, f.returned_min);
    }
  }
  // The summaries from the rows, with tight bounds (after a snapshot is read). Summaries are
  // independent of one another: two threads, each over half of them (a pass over every row, a
  // few hundred milliseconds of a restart at ten million dossiers otherwise).
  void RebuildSummaries() {
    auto count = [&](size_t rows) { return (rows + summary_rows - 1) / summary_rows; };
    closed_sums.assign(count(closed.size()), Summary{});
    open_sums.assign(count(open.size()), Summary{});
    const size_t all = closed_sums.size() + open_sums.size();
    auto part = [&](size_t from, size_t to) {  // summaries [from, to) of closed, then open
      for (size_t b = from; b < to; ++b) {
        const bool is_closed = b < closed_sums.size();
        const auto& rows = is_closed ? closed : open;
        auto& sums = is_closed ? closed_sums : open_sums;
        const size_t first = (is_closed ? b : b - closed_sums.size()) * summary_rows;
        const size_t last = std::min(rows.size(), first + summary_rows);
        for (size_t i = first; i < last; ++i) Tally(sums, i, rows[i], 1);
      }
    };
    if (closed.size() + open.size() < 1000000) {
      part(0, all);
      return;
    }
    std::thread other(part, all / 2, all);
    part(0, all / 2);
    other.join();
  }

  // The watermark: the table's fingerprint when the index was last brought up to date.
  storage::DossierTableVersion version;
  bool loaded = false;
  // Whether the last refresh began a full safety window after `version.max_updated_at`: then no
  // transaction stamped at or before it can still commit, and an unchanged fingerprint means an
  // unchanged table (docs/decisions/0022).
  bool settled = false;
  size_t dead = 0;  // closed slots vacated by a reopened dossier
  // The snapshot file: tried once per process (and never after a rebuild); the watermark of the
  // last one written, so that an unchanged index is not written again.
  bool snapshot_tried = false;
  std::optional<storage::DossierTableVersion> snapshot_version;

  // Back to the state before the first load (the caller holds `mu` exclusively).
  void Clear() {
    closed = {};
    open = {};
    open_ids = {};
    dead = 0;
    pos_by_id = {};
    agency_idx.clear();
    agency_ids.clear();
    proc_idx.clear();
    proc_codes.clear();
    channel_idx.clear();
    channels.clear();
    block_min_start.clear();
    block_max_end.clear();
    closed_sums.clear();
    open_sums.clear();
    version = {};
    loaded = false;
    settled = false;
  }

  uint32_t AgencyOf(int64_t id) {
    auto [it, fresh] = agency_idx.try_emplace(id, static_cast<uint32_t>(agency_ids.size()));
    if (fresh) agency_ids.push_back(id);
    return it->second;
  }
  uint32_t ProcOf(const std::string& code) {
    auto [it, fresh] = proc_idx.try_emplace(code, static_cast<uint32_t>(proc_codes.size()));
    if (fresh) proc_codes.push_back(code);
    return it->second;
  }
  uint8_t ChannelOf(const std::string& ch) {
    auto [it, fresh] = channel_idx.try_emplace(ch, static_cast<uint8_t>(channels.size()));
    if (fresh) channels.push_back(ch);
    return it->second;
  }
  static bool IsClosed(const domain::DossierFact& f) {
    return f.kind != domain::FactKind::kOpen && f.close_min != domain::kNoMinute &&
           (f.kind == domain::FactKind::kRefused || f.entry_min != domain::kNoMinute);
  }
  void Summarise(size_t pos, const domain::DossierFact& f) {
    size_t b = pos / kBlock;
    if (b >= block_min_start.size()) {
      block_min_start.resize(b + 1, std::numeric_limits<int32_t>::max());
      block_max_end.resize(b + 1, std::numeric_limits<int32_t>::min());
    }
    int32_t start = f.kind == domain::FactKind::kRefused ? f.close_min : f.entry_min;
    block_min_start[b] = std::min(block_min_start[b], start);
    block_max_end[b] = std::max(block_max_end[b], f.close_min);
  }
  void AppendClosed(int32_t id, const Row& r) {
    pos_by_id[id] = static_cast<int32_t>(closed.size());
    closed.push_back(r);
    Summarise(closed.size() - 1, r.fact);
    Tally(closed_sums, closed.size() - 1, r, 1);
  }
  void AppendOpen(int32_t id, const Row& r) {
    pos_by_id[id] = -static_cast<int32_t>(open.size()) - 2;
    open.push_back(r);
    open_ids.push_back(id);
    Tally(open_sums, open.size() - 1, r, 1);
  }
  void RemoveOpen(int32_t at) {
    const size_t last = open.size() - 1;
    Tally(open_sums, static_cast<size_t>(at), open[at], -1);
    if (static_cast<size_t>(at) != last) {
      Tally(open_sums, last, open[last], -1);
      Tally(open_sums, static_cast<size_t>(at), open[last], 1);
      open[at] = open[last];
      open_ids[at] = open_ids[last];
      pos_by_id[open_ids[at]] = -at - 2;
    }
    open.pop_back();
    open_ids.pop_back();
  }
  // Whether the indexed row of `s.id` holds exactly what `s` gives (the check of a snapshot
  // against its database).
  bool Matches(const storage::ReportScanRow& s) const {
    if (s.id < 0 || static_cast<size_t>(s.id) >= pos_by_id.size()) return false;
    const int32_t pos = pos_by_id[s.id];
    if (pos == -1) return false;
    const Row& r = pos >= 0 ? closed[pos] : open[-pos - 2];
    domain::DossierFact f = domain::FactOf(s.status, s.received_at, s.legal_due_at, s.due_at,
                                           s.finished_at, s.returned_at, s.updated_at)
                                .value_or(domain::DossierFact{});
    return f.entry_min == r.fact.entry_min && f.due_min == r.fact.due_min &&
           f.close_min == r.fact.close_min && f.returned_min == r.fact.returned_min &&
           f.kind == r.fact.kind && f.finish == r.fact.finish &&
           proc_codes[r.proc] == s.procedure_code && agency_ids[r.agency] == s.agency_id &&
           channels[r.channel] == s.channel;
  }
  // Adds or replaces the row of `s.id`; idempotent (the safety window re-reads rows).
  void Put(const storage::ReportScanRow& s) {
    if (s.id < 0 || s.id >= std::numeric_limits<int32_t>::max()) return;
    Row r;
    auto fact = domain::FactOf(s.status, s.received_at, s.legal_due_at, s.due_at, s.finished_at,
                               s.returned_at, s.updated_at);
    if (fact) r.fact = *fact;  // otherwise invisible (not yet received)
    r.proc = ProcOf(s.procedure_code);
    r.agency = AgencyOf(s.agency_id);
    r.channel = ChannelOf(s.channel);
    const int32_t id = static_cast<int32_t>(s.id);
    if (static_cast<size_t>(id) >= pos_by_id.size())
      pos_by_id.resize(std::max<size_t>(id + 1, pos_by_id.size() * 3 / 2), -1);
    const int32_t pos = pos_by_id[id];
    const bool now_closed = IsClosed(r.fact);
    if (pos == -1) {
      now_closed ? AppendClosed(id, r) : AppendOpen(id, r);
    } else if (pos >= 0) {
      Tally(closed_sums, static_cast<size_t>(pos), closed[pos], -1);
      if (now_closed) {
        closed[pos] = r;
        Summarise(static_cast<size_t>(pos), r.fact);
        Tally(closed_sums, static_cast<size_t>(pos), r, 1);
      } else {  // reopened: leave an invisible slot behind
        closed[pos] = Row{};
        ++dead;
        AppendOpen(id, r);
      }
    } else if (now_closed) {
      RemoveOpen(-pos - 2);
      AppendClosed(id, r);
    } else {
      const size_t at = static_cast<size_t>(-pos - 2);
      Tally(open_sums, at, open[at], -1);
      open[at] = r;
      Tally(open_sums, at, r, 1);
    }
  }
};

}  // namespace motcua::service
