#include "service/report_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <set>
#include <thread>
#include <type_traits>
#include <unordered_set>

#include "domain/applicant_json.h"
#include "domain/dossier_code.h"
#include "domain/dossier_state.h"
#include "domain/working_calendar.h"
#include "service/calendar_service.h"
#include "service/report_index.h"
#include "service/report_snapshot.h"
#include "storage/agency_store.h"
#include "storage/dossier_store.h"
#include "storage/user_store.h"

namespace motcua::service {

using domain::DossierFact;
using domain::ReportWindow;
using domain::TimelinessCounts;

namespace {

bool CanReadReports(const Principal& p) {
  return p.role == domain::Role::kLeader || p.role == domain::Role::kMonitor ||
         p.role == domain::Role::kAdmin;
}

int64_t StartSeconds(domain::LocalDate d) { return domain::StartOfLocalDay(d); }

std::optional<storage::ReportGroupKey> GroupKeyOf(const std::string& g) {
  if (g.empty()) return storage::ReportGroupKey::kNone;
  if (g == "agency") return storage::ReportGroupKey::kAgency;
  if (g == "field") return storage::ReportGroupKey::kField;
  if (g == "procedure") return storage::ReportGroupKey::kProcedure;
  if (g == "channel") return storage::ReportGroupKey::kChannel;
  return std::nullopt;
}

std::string ChannelLabelVi(const std::string& ch) {
  if (ch == "counter" || ch == "in_person") return "Trực tiếp";
  if (ch == "online") return "Trực tuyến";
  if (ch == "postal") return "Bưu chính công ích";
  return ch;
}

}  // namespace

ReportService::ReportService(storage::Database& db, const Clock& clock, CalendarService* calendar,
                             ReportServiceOptions options)
    : db_(db),
      clock_(clock),
      calendar_(calendar),
      options_(options),
      index_(std::make_unique<Index>()) {
  index_->summary_rows = std::max<size_t>(1, options_.index_summary_rows);
}

ReportService::~ReportService() = default;

size_t ReportService::IndexedRows() const {
  std::shared_lock lock(index_->mu);
  return index_->closed.size() + index_->open.size() - index_->dead;
}

Status ReportService::RebuildIndex() {
  {
    std::lock_guard refresh(index_->refresh_mu);
    std::unique_lock lock(index_->mu);
    index_->Clear();
    index_->snapshot_tried = true;  // a rebuild reads the database, not the file
  }
  return RefreshIndex();
}

bool ReportService::IndexLoaded() const {
  std::shared_lock lock(index_->mu);
  return index_->loaded;
}

Status ReportService::LoadIndexSnapshot() {
  Index& ix = *index_;
  const auto started = std::chrono::steady_clock::now();
  Status st = db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto identity, storage::ReadReportDatabaseIdentity(c));
    ReportSnapshotStamp stamp;
    stamp.schema_version = identity.schema_version;
    stamp.identity = ReportIdentityDigest(identity);
    std::unique_lock lock(ix.mu);
    MOTCUA_RETURN_IF_ERROR(ReadReportSnapshot(options_.snapshot_path, stamp, ix));
    // The file matches this database; its rows must too. A database restored to an earlier
    // point is behind the watermark; a sample of rows older than the safety window (those the
    // replay will not re-read) must hold exactly what the snapshot says.
    MOTCUA_ASSIGN_OR_RETURN(auto now, storage::ReadDossierTableVersion(c));
    Status refused;
    if (now.max_id < ix.version.max_id || now.max_updated_at < ix.version.max_updated_at) {
      refused = Status(Code::kConflict, "snapshot_ahead", {}, {},
                       "the database is behind the snapshot's watermark");
    } else {
      std::vector<int64_t> sample;
      const size_t stride = std::max<size_t>(1, ix.pos_by_id.size() / 256);
      for (size_t id = 0; id < ix.pos_by_id.size(); id += stride)
        if (ix.pos_by_id[id] != -1) sample.push_back(static_cast<int64_t>(id));
      MOTCUA_ASSIGN_OR_RETURN(auto rows, storage::ReadReportRows(c, sample));
      const int64_t since = ix.version.max_updated_at - options_.safety_window_seconds;
      bool same = rows.size() == sample.size();
      for (const auto& row : rows)
        if (row.updated_at < since && !ix.Matches(row)) same = false;
      if (!same)
        refused = Status(Code::kConflict, "snapshot_mismatch", {}, {},
                         "sampled dossiers differ from the snapshot");
    }
    if (!refused.ok()) {
      ix.Clear();
      return refused;
    }
    ix.loaded = true;
    ix.settled = false;  // replay the safety window before trusting the fingerprint
    ix.snapshot_version = ix.version;
    return Status::Ok();
  });
  if (st.ok()) {
    spdlog::info(
        "report index: {} rows from snapshot {} in {:.0f} ms", IndexedRows(),
        options_.snapshot_path,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
  }
  return st;
}

Status ReportService::SaveIndexSnapshot() {
  if (options_.snapshot_path.empty()) return Status::Ok();
  Index& ix = *index_;
  storage::ReportDatabaseIdentity identity;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(identity, storage::ReadReportDatabaseIdentity(c));
    return Status::Ok();
  }));
  ReportSnapshotStamp stamp;
  stamp.schema_version = identity.schema_version;
  stamp.identity = ReportIdentityDigest(identity);
  stamp.safety_window_seconds = options_.safety_window_seconds;
  // Readers go on during the write; a refresh waits for it to end.
  std::shared_lock lock(ix.mu);
  if (!ix.loaded || ix.snapshot_version == ix.version) return Status::Ok();
  const storage::DossierTableVersion written = ix.version;
  MOTCUA_RETURN_IF_ERROR(WriteReportSnapshot(ix, stamp, options_.snapshot_path));
  lock.unlock();
  std::unique_lock write(ix.mu);
  ix.snapshot_version = written;  // a refresh since then makes the next save write again
  return Status::Ok();
}

Status ReportService::RefreshIndex(std::stop_token stop) {
  Index& ix = *index_;
  std::lock_guard refresh(ix.refresh_mu);
  if (!ix.loaded && !ix.snapshot_tried && !options_.snapshot_path.empty()) {
    ix.snapshot_tried = true;
    if (Status st = LoadIndexSnapshot(); !st.ok()) {
      // Never serve from a doubtful file: load from the database as if there were none.
      if (st.code() == Code::kNotFound)
        spdlog::info("report index: no snapshot at {}, loading from the database",
                     options_.snapshot_path);
      else
        spdlog::warn("report index: snapshot {} not used ({}), loading from the database",
                     options_.snapshot_path, st.ToString());
    }
  }
  const int64_t window = options_.safety_window_seconds;
  const int64_t started = clock_.NowSeconds();
  storage::DossierTableVersion now;
  std::vector<storage::ReportScanRow> changed;
  const bool first = !ix.loaded;
  bool unchanged = false;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(now, storage::ReadDossierTableVersion(c));
    // Transactions commit out of id and updated_at order, so an unchanged MAX(id) and
    // MAX(updated_at) prove nothing while a transaction stamped before them may still commit.
    if (!first && now == ix.version && ix.settled) {
      unchanged = true;
      return Status::Ok();
    }
    if (first) {
      // The first load writes straight into the index (no copy of 10 M rows).
      std::unique_lock lock(ix.mu);
      ix.pos_by_id.reserve(static_cast<size_t>(now.max_id) + 1);
      Status st = storage::ScanReportRows(
          c, 0, 0, [&](const storage::ReportScanRow& s) { ix.Put(s); }, stop,
          options_.index_page_rows);
      // Drop what a stopped or failed first load put in: it holds memory, and the next load
      // starts again from the first row.
      if (!st.ok()) ix.Clear();
      return st;
    }
    // Every row stamped within the safety window of the newest one seen is read again (Put is
    // idempotent): one committed late, with an older updated_at, is among them.
    return storage::ScanReportRows(
        c, ix.version.max_id, ix.version.max_updated_at - window,
        [&](const storage::ReportScanRow& s) { changed.push_back(s); }, stop,
        options_.index_page_rows);
  }));
  if (unchanged) return Status::Ok();
  std::unique_lock lock(ix.mu);
  for (const auto& s : changed) ix.Put(s);
  ix.version = now;
  ix.settled = started >= now.max_updated_at + window;
  ix.loaded = true;
  return Status::Ok();
}

Result<storage::ReportAgency> ReportService::ScopeAgency(const Principal* actor,
                                                         const std::optional<std::string>& code) {
  if (actor && !CanReadReports(*actor)) return Status::PermissionDenied("forbidden");
  std::optional<std::string> want = code;
  if (!want && actor) want = actor->agency_code;
  if (!want || want->empty()) {
    if (actor) return Status::PermissionDenied("agency_scope");
    return storage::ReportAgency{0, "", "", "/", "", false};  // the command line: everything
  }
  std::optional<storage::AgencyRecord> found;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(found, storage::FindAgencyByCode(c, *want));
    return Status::Ok();
  }));
  if (!found) return Status::Validation("unknown_agency", "agency");
  if (actor && !actor->CoversAgencyPath(found->path))
    return Status::PermissionDenied("agency_scope");
  return storage::ReportAgency{found->id,   found->code, found->name,
                               found->path, found->type, found->is_one_stop_centre};
}

Result<TimelinessReport> ReportService::Timeliness(const Principal* actor,
                                                   const TimelinessQuery& q) {
  auto started = std::chrono::steady_clock::now();
  if (!(q.from < q.to)) return Status::InvalidArgument("invalid_period", "to");
  std::optional<domain::PeriodUnit> unit;
  std::optional<storage::ReportGroupKey> key = GroupKeyOf(q.group_by);
  if (!key) {
    unit = domain::ParsePeriodUnit(q.group_by);
    if (!unit) return Status::InvalidArgument("invalid_group_by", "group_by");
    key = storage::ReportGroupKey::kNone;
  }
  if (q.channel && *q.channel != "counter" && *q.channel != "online" && *q.channel != "postal")
    return Status::InvalidArgument("invalid_channel", "channel");
  MOTCUA_ASSIGN_OR_RETURN(auto scope, ScopeAgency(actor, q.agency_code));

  TimelinessReport report;
  report.from = q.from;
  report.to = q.to;
  report.as_of = domain::MinuteOf(q.as_of.value_or(clock_.NowSeconds())) * int64_t{60};
  report.agency_code = scope.code;
  report.group_by = q.group_by;
  report.engine = q.engine == ReportEngine::kIndex ? "index" : "sql";

  std::vector<domain::Period> periods;
  if (unit) periods = domain::SplitPeriod(q.from, q.to, *unit);
  auto window_of = [&](domain::LocalDate from, domain::LocalDate to) {
    return ReportWindow{domain::MinuteOf(StartSeconds(from)), domain::MinuteOf(StartSeconds(to)),
                        domain::MinuteOf(report.as_of)};
  };

  // Names for keys.
  std::vector<storage::ReportAgency> agencies;
  std::vector<storage::ReportProcedure> procedures;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(agencies, storage::ListReportAgencies(c));
    MOTCUA_ASSIGN_OR_RETURN(procedures, storage::ListReportProcedures(c));
    return Status::Ok();
  }));
  std::unordered_map<int64_t, const storage::ReportAgency*> agency_by_id;
  for (const auto& a : agencies) agency_by_id[a.id] = &a;
  std::unordered_map<std::string, const storage::ReportProcedure*> proc_by_code;
  for (const auto& p : procedures) proc_by_code[p.code] = &p;

  auto label_of = [&](storage::ReportGroupKey k, const std::string& raw, std::string& key_out) {
    key_out = raw;
    switch (k) {
      case storage::ReportGroupKey::kAgency: {
        auto it = agency_by_id.find(std::atoll(raw.c_str()));
        if (it == agency_by_id.end()) return raw;
        key_out = it->second->code;
        return it->second->name;
      }
      case storage::ReportGroupKey::kProcedure: {
        auto it = proc_by_code.find(raw);
        return it == proc_by_code.end() ? raw : it->second->name;
      }
      case storage::ReportGroupKey::kChannel:
        return ChannelLabelVi(raw);
      default:
        return raw;
    }
  };

  storage::ReportFilter filter;
  if (!scope.code.empty()) filter.agency_path = scope.path;
  filter.field_code = q.field_code;
  filter.procedure_code = q.procedure_code;
  filter.channel = q.channel;

  // Runs one window, returning raw keys (agency id as text, codes, channel) with counts.
  std::function<Result<std::vector<storage::ReportGroupRow>>(const ReportWindow&)> run;
  if (q.engine == ReportEngine::kSql) {
    run = [&](const ReportWindow& w) -> Result<std::vector<storage::ReportGroupRow>> {
      std::vector<storage::ReportGroupRow> rows;
      MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
        MOTCUA_ASSIGN_OR_RETURN(rows, storage::TimelinessGroupBy(c, w, filter, *key));
        return Status::Ok();
      }));
      return rows;
    };
  } else {
    MOTCUA_RETURN_IF_ERROR(RefreshIndex());
    run = [&](const ReportWindow& w) -> Result<std::vector<storage::ReportGroupRow>> {
      const Index& ix = *index_;
      std::shared_lock lock(ix.mu);
      // Filters as lookup tables over the small dimensions.
      std::vector<uint8_t> agency_ok(ix.agency_ids.size(), 1);
      if (filter.agency_path) {
        for (size_t i = 0; i < ix.agency_ids.size(); ++i) {
          auto it = agency_by_id.find(ix.agency_ids[i]);
          agency_ok[i] =
              it != agency_by_id.end() &&
              it->second->path.compare(0, filter.agency_path->size(), *filter.agency_path) == 0;
        }
      }
      // Procedure → field index (field codes numbered here) and procedure filter.
      std::vector<std::string> field_codes;
      std::unordered_map<std::string, uint32_t> field_idx;
      std::vector<uint32_t> proc_field(ix.proc_codes.size());
      std::vector<uint8_t> proc_ok(ix.proc_codes.size(), 1);
      for (size_t i = 0; i < ix.proc_codes.size(); ++i) {
        auto it = proc_by_code.find(ix.proc_codes[i]);
        std::string field = it == proc_by_code.end() ? "" : it->second->field_code;
        auto [f, fresh] = field_idx.try_emplace(field, static_cast<uint32_t>(field_codes.size()));
        if (fresh) field_codes.push_back(field);
        proc_field[i] = f->second;
        if (filter.field_code && (it == proc_by_code.end() || field != *filter.field_code))
          proc_ok[i] = 0;
        if (filter.procedure_code && ix.proc_codes[i] != *filter.procedure_code) proc_ok[i] = 0;
      }
      int channel = -1;
      if (filter.channel) {
        auto it = ix.channel_idx.find(*filter.channel);
        channel = it == ix.channel_idx.end() ? 256 : it->second;
      }
      size_t groups = 1;
      switch (*key) {
        case storage::ReportGroupKey::kAgency:
          groups = ix.agency_ids.size();
          break;
        case storage::ReportGroupKey::kField:
          groups = field_codes.size();
          break;
        case storage::ReportGroupKey::kProcedure:
          groups = ix.proc_codes.size();
          break;
        case storage::ReportGroupKey::kChannel:
          groups = ix.channels.size();
          break;
        default:
          break;
      }
      const size_t width = std::max<size_t>(groups, 1);
      const auto k = *key;
      bool agency_filtered = false;
      for (uint8_t ok : agency_ok) agency_filtered = agency_filtered || !ok;
      const bool proc_filtered = filter.field_code || filter.procedure_code;
      const bool filtered = agency_filtered || proc_filtered || channel >= 0;
      const domain::SlotWindow slots(w);
      constexpr size_t kSlots = domain::kCountSlots;
      std::vector<int64_t> total_acc(width * kSlots);

      // Summaries whose rows all count the same way in this window are added from their
      // tallies. That needs the tallies of one dimension to carry every filter and the grouping,
      // so it applies when at most one of agency, procedure (field) and channel is involved.
      using K = storage::ReportGroupKey;
      const bool need_agency = agency_filtered || k == K::kAgency;
      const bool need_proc = proc_filtered || k == K::kField || k == K::kProcedure;
      const bool need_channel = channel >= 0 || k == K::kChannel;
      const bool from_tallies =
          int{need_agency} + int{need_proc} + int{need_channel} <= 1 && slots.from <= slots.cut;
      // Whether every row of `s` counts the same way: entered all before the period or all in
      // it (and before the cut), closed all within it, due all before or all at or after the
      // judging minute, handed over all within it.
      auto settled = [&](const Index::Summary& s, bool& carried, bool& overdue) {
        const auto& t = s.total;
        const uint64_t closed_rows = uint64_t{t[Index::kEarly]} + t[Index::kOnTime] +
                                     t[Index::kLate] + t[Index::kNoDeadline] +
                                     t[Index::kWithdrawn] + t[Index::kStopped] +
                                     t[Index::kRefusedRow];
        const uint64_t entered =
            closed_rows - t[Index::kRefusedRow] + t[Index::kOpenDue] + t[Index::kOpenNoDue];
        carried = overdue = false;
        if (entered > 0) {
          if (s.max_entry >= slots.cut) return false;
          if (s.max_entry < slots.from) {
            carried = true;
          } else if (s.min_entry < slots.from) {
            return false;
          }
        }
        if (closed_rows > 0 && (s.min_close < slots.from || s.max_close >= slots.cut)) return false;
        if (t[Index::kOpenDue] > 0) {
          if (s.max_due < slots.judge) {
            overdue = true;
          } else if (s.min_due < slots.judge) {
            return false;
          }
        }
        if (t[Index::kReturnedRow] > 0 &&
            (s.min_returned < slots.from || s.max_returned >= slots.cut))
          return false;
        return true;
      };
      // Whether no row of `s` counts in the window, whatever the filters: every received row
      // entered at or after the cut or (closed rows) closed before the period, and every refusal
      // falls outside the period.
      auto counts_nothing = [&](const Index::Summary& s) {
        const auto& t = s.total;
        const uint64_t open_rows = uint64_t{t[Index::kOpenDue]} + t[Index::kOpenNoDue];
        const uint64_t entered = open_rows + t[Index::kEarly] + t[Index::kOnTime] +
                                 t[Index::kLate] + t[Index::kNoDeadline] + t[Index::kWithdrawn] +
                                 t[Index::kStopped];
        const bool entered_out =
            entered == 0 || s.min_entry >= slots.cut || (open_rows == 0 && s.max_close < slots.lo);
        const bool refused_out =
            t[Index::kRefusedRow] == 0 || s.min_close >= slots.cut || s.max_close < slots.from;
        return entered_out && refused_out;
      };
      // Adds the tallies of one dimension value (h[kClasses]) to the counters of group `g`.
      auto add_tallies = [&](const uint32_t* h, bool carried, bool overdue, int64_t* a) {
        const int64_t entered = int64_t{h[Index::kEarly]} + h[Index::kOnTime] + h[Index::kLate] +
                                h[Index::kNoDeadline] + h[Index::kWithdrawn] + h[Index::kStopped] +
                                h[Index::kOpenDue] + h[Index::kOpenNoDue];
        a[carried ? domain::kSlotCarriedOver : domain::kSlotReceived] += entered;
        a[domain::kSlotEarly] += h[Index::kEarly];
        a[domain::kSlotOnTime] += h[Index::kOnTime];
        a[domain::kSlotLate] += h[Index::kLate];
        a[domain::kSlotNoDeadline] += h[Index::kNoDeadline];
        a[domain::kSlotWithdrawn] += h[Index::kWithdrawn];
        a[domain::kSlotStopped] += h[Index::kStopped];
        a[domain::kSlotRefused] += h[Index::kRefusedRow];
        a[overdue ? domain::kSlotOverdue : domain::kSlotWithin] += h[Index::kOpenDue];
        a[domain::kSlotWithin] += h[Index::kOpenNoDue];
        a[domain::kSlotReturned] += h[Index::kReturnedRow];
      };
      auto add_summary = [&](const Index::Summary& s, bool carried, bool overdue) {
        int64_t* acc = total_acc.data();
        if (need_agency) {
          const size_t n = std::min(s.by_agency.size() / Index::kClasses, agency_ok.size());
          for (size_t v = 0; v < n; ++v)
            if (agency_ok[v])
              add_tallies(&s.by_agency[v * Index::kClasses], carried, overdue,
                          acc + (k == K::kAgency ? v : 0) * kSlots);
        } else if (need_proc) {
          const size_t n = std::min(s.by_proc.size() / Index::kClasses, proc_ok.size());
          for (size_t v = 0; v < n; ++v) {
            if (!proc_ok[v]) continue;
            const size_t g = k == K::kProcedure ? v : k == K::kField ? proc_field[v] : 0;
            add_tallies(&s.by_proc[v * Index::kClasses], carried, overdue, acc + g * kSlots);
          }
        } else if (need_channel) {
          const size_t n = s.by_channel.size() / Index::kClasses;
          for (size_t v = 0; v < n; ++v)
            if (channel < 0 || static_cast<int>(v) == channel)
              add_tallies(&s.by_channel[v * Index::kClasses], carried, overdue,
                          acc + (k == K::kChannel ? v : 0) * kSlots);
        } else {
          add_tallies(s.total.data(), carried, overdue, acc);
        }
      };

      // Scans rows [begin, end) of one store (`blocks` for the closed store) into `acc`, one
      // row of kSlots counters per group: no branch on a row's outcome, the group key and the
      // presence of filters fixed at compile time.
      auto scan = [&](auto key_c, auto filtered_c, const std::vector<Index::Row>& rows, bool blocks,
                      size_t begin, size_t end, int64_t* acc) {
        constexpr auto kKey = decltype(key_c)::value;
        constexpr bool kFiltered = decltype(filtered_c)::value;
        size_t i = begin;
        while (i < end) {
          size_t stop = end;
          if (blocks) {
            const size_t b = i / Index::kBlock;
            stop = std::min(end, (b + 1) * Index::kBlock);
            const int32_t first = ix.block_min_start[b], last = ix.block_max_end[b];
            if (first >= w.to_min || first > w.as_of_min ||
                (last < w.from_min && last <= w.as_of_min)) {
              i = stop;  // nothing in this block counts in the window
              continue;
            }
          }
          for (; i < stop; ++i) {
            const auto& r = rows[i];
            size_t g = 0;
            if constexpr (kKey == K::kAgency) g = r.agency;
            if constexpr (kKey == K::kField) g = proc_field[r.proc];
            if constexpr (kKey == K::kProcedure) g = r.proc;
            if constexpr (kKey == K::kChannel) g = r.channel;
            if constexpr (kFiltered) {
              // A filter keeps few rows (one field, one department): a well-predicted skip.
              if (!(agency_ok[r.agency] & proc_ok[r.proc] &
                    ((channel < 0) | (r.channel == channel))))
                continue;
            }
            domain::AccumulateSlots(r.fact, slots, acc + g * kSlots);
          }
        }
      };
      auto scan_store = [&](const std::vector<Index::Row>& rows, bool blocks, size_t begin,
                            size_t end, int64_t* acc) {
        auto with_filter = [&](auto key_c) {
          if (filtered) {
            scan(key_c, std::true_type{}, rows, blocks, begin, end, acc);
          } else {
            scan(key_c, std::false_type{}, rows, blocks, begin, end, acc);
          }
        };
        switch (k) {
          case K::kAgency:
            with_filter(std::integral_constant<K, K::kAgency>{});
            break;
          case K::kField:
            with_filter(std::integral_constant<K, K::kField>{});
            break;
          case K::kProcedure:
            with_filter(std::integral_constant<K, K::kProcedure>{});
            break;
          case K::kChannel:
            with_filter(std::integral_constant<K, K::kChannel>{});
            break;
          default:
            with_filter(std::integral_constant<K, K::kNone>{});
            break;
        }
      };
      // Each summary's rows: from the tallies when settled, otherwise to be scanned.
      struct Range {
        const std::vector<Index::Row>* rows;
        bool blocks;
        size_t begin, end;
      };
      std::vector<Range> ranges;
      size_t to_scan = 0;
      auto plan = [&](const std::vector<Index::Row>& rows, const std::vector<Index::Summary>& sums,
                      bool blocks) {
        const size_t per = ix.summary_rows;
        for (size_t begin = 0; begin < rows.size(); begin += per) {
          const size_t b = begin / per;
          bool carried = false, overdue = false;
          const size_t end = std::min(rows.size(), begin + per);
          if (b < sums.size() && counts_nothing(sums[b])) continue;
          if (from_tallies && b < sums.size() && settled(sums[b], carried, overdue)) {
            add_summary(sums[b], carried, overdue);
            report.rows_summarised += static_cast<int64_t>(end - begin);
            continue;
          }
          ranges.push_back({&rows, blocks, begin, end});
          to_scan += end - begin;
        }
      };
      plan(ix.closed, ix.closed_sums, true);
      plan(ix.open, ix.open_sums, false);
      report.rows_scanned += static_cast<int64_t>(to_scan);
      // Many rows left to scan (a query the tallies cannot answer, over years): two slices in
      // parallel (on summary boundaries), each with its own counters, then summed. Otherwise one
      // thread: the server's other core has other work.
      const size_t threads =
          to_scan >= 1000000 && ranges.size() > 1 && std::thread::hardware_concurrency() > 1 ? 2
                                                                                             : 1;
      std::vector<std::vector<int64_t>> partial(threads - 1, std::vector<int64_t>(width * kSlots));
      size_t split = ranges.size();
      if (threads > 1) {
        size_t seen = 0;
        for (split = 0; split < ranges.size() && seen < to_scan / 2; ++split)
          seen += ranges[split].end - ranges[split].begin;
      }
      std::vector<std::thread> workers;
      if (threads > 1) {
        workers.emplace_back([&] {
          for (size_t r = split; r < ranges.size(); ++r)
            scan_store(*ranges[r].rows, ranges[r].blocks, ranges[r].begin, ranges[r].end,
                       partial[0].data());
        });
      }
      for (size_t r = 0; r < split; ++r)
        scan_store(*ranges[r].rows, ranges[r].blocks, ranges[r].begin, ranges[r].end,
                   total_acc.data());
      for (auto& worker : workers) worker.join();
      for (const auto& p : partial)
        for (size_t x = 0; x < width * kSlots; ++x) total_acc[x] += p[x];
      std::vector<TimelinessCounts> counts(width);
      for (size_t g = 0; g < width; ++g)
        counts[g] = domain::CountsOfSlots(total_acc.data() + g * kSlots);
      std::vector<storage::ReportGroupRow> out;
      for (size_t g = 0; g < counts.size(); ++g) {
        if (counts[g] == TimelinessCounts{}) continue;
        std::string raw;
        switch (k) {
          case storage::ReportGroupKey::kAgency:
            raw = std::to_string(ix.agency_ids[g]);
            break;
          case storage::ReportGroupKey::kField:
            raw = field_codes[g];
            break;
          case storage::ReportGroupKey::kProcedure:
            raw = ix.proc_codes[g];
            break;
          case storage::ReportGroupKey::kChannel:
            raw = ix.channels[g];
            break;
          default:
            break;
        }
        out.push_back({raw, counts[g]});
      }
      return out;
    };
  }

  if (unit) {
    for (const auto& p : periods) {
      MOTCUA_ASSIGN_OR_RETURN(auto rows, run(window_of(p.from, p.to)));
      TimelinessGroup g{p.label, p.label, {}};
      for (const auto& r : rows) g.counts.Add(r.counts);
      report.groups.push_back(std::move(g));
    }
    MOTCUA_ASSIGN_OR_RETURN(auto whole, run(window_of(q.from, q.to)));
    for (const auto& r : whole) report.total.Add(r.counts);
  } else {
    MOTCUA_ASSIGN_OR_RETURN(auto rows, run(window_of(q.from, q.to)));
    for (const auto& r : rows) {
      report.total.Add(r.counts);
      if (*key == storage::ReportGroupKey::kNone) continue;
      TimelinessGroup g;
      g.label = label_of(*key, r.key, g.key);
      g.counts = r.counts;
      report.groups.push_back(std::move(g));
    }
    std::sort(report.groups.begin(), report.groups.end(),
              [](const TimelinessGroup& a, const TimelinessGroup& b) { return a.key < b.key; });
  }
  report.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return report;
}

// ---------------------------------------------------------------------------------------------
// Decree 61 evaluation.

Result<EvaluationReport> ReportService::Evaluate(const Principal* actor, const std::string& period,
                                                 const std::optional<std::string>& agency_code) {
  MOTCUA_ASSIGN_OR_RETURN(auto p, domain::ParseQuarterOrYear(period));
  MOTCUA_ASSIGN_OR_RETURN(auto scope, ScopeAgency(actor, agency_code));
  const int64_t from = StartSeconds(p.from), to = StartSeconds(p.to);
  std::vector<storage::EvalDossierRow> dossiers;
  std::vector<storage::EvalStepRow> steps;
  std::vector<storage::ReportAgency> agencies;
  std::vector<storage::ReportProcedure> procedures;
  std::vector<storage::ComplaintRecord> complaints;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(dossiers, storage::ListEvaluationDossiers(c, scope.path, from, to));
    MOTCUA_ASSIGN_OR_RETURN(steps, storage::ListEvaluationSteps(c, scope.path, from, to));
    MOTCUA_ASSIGN_OR_RETURN(agencies, storage::ListReportAgencies(c));
    MOTCUA_ASSIGN_OR_RETURN(procedures, storage::ListReportProcedures(c));
    MOTCUA_ASSIGN_OR_RETURN(complaints, storage::ListComplaints(c, scope.path, from, to, 1000000));
    return Status::Ok();
  }));
  std::unordered_map<int64_t, const storage::ReportAgency*> agency_by_id;
  for (const auto& a : agencies) agency_by_id[a.id] = &a;
  std::unordered_map<std::string, const storage::ReportProcedure*> proc_by_code;
  for (const auto& pr : procedures) proc_by_code[pr.code] = &pr;
  std::unordered_map<int64_t, std::vector<const storage::EvalStepRow*>> steps_of;
  for (const auto& s : steps) steps_of[s.dossier_id].push_back(&s);

  struct UnitAcc {
    domain::ScoreAggregate scores;
    std::set<std::string> procedures, procedures_not_on_spot;
    int64_t dossiers = 0, online = 0, online_late = 0;
  };
  std::map<int64_t, UnitAcc> units;
  std::map<int64_t, domain::ScoreAggregate> officials;
  for (const auto& d : dossiers) {
    domain::DossierEvaluationInput in;
    auto due = d.legal_due_at ? d.legal_due_at : d.due_at;
    if (d.finished_at && due) in.timeliness = domain::ClassifyFinished(*d.finished_at, *due);
    bool on_spot = true;
    std::set<int64_t> people;
    if (d.created_by) people.insert(*d.created_by);
    for (const auto* s : steps_of[d.id]) {
      domain::StepOutcome o;
      o.agency_id = s->agency_id;
      if (s->ended_at && s->due_at)
        o.timeliness = domain::ClassifyFinished(*s->ended_at, *s->due_at);
      in.steps.push_back(o);
      if (s->agency_id != d.agency_id) on_spot = false;
      if (s->user_id) people.insert(*s->user_id);
    }
    in.supplement_requests = static_cast<int>(d.supplement_requests);
    in.no_visit = d.channel == "online" && d.return_method &&
                  (*d.return_method == "online" || *d.return_method == "postal");
    auto proc = proc_by_code.find(d.procedure_code);
    auto agency = agency_by_id.find(d.agency_id);
    const bool centre = agency != agency_by_id.end() && agency->second->is_one_stop_centre;
    in.published_online = proc != proc_by_code.end() && !proc->second->retired;
    in.published_at_counter = centre && in.published_online;
    in.substantiated_complaints = static_cast<int>(d.substantiated_complaints);
    auto opt_int = [](const std::optional<int64_t>& v) {
      return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    };
    in.answers.bodies_contacted = opt_int(d.rating_bodies);
    in.answers.publication = opt_int(d.rating_publication);
    in.answers.attitude = opt_int(d.rating_attitude);
    in.answers.supplements = opt_int(d.rating_supplements);
    auto scores = domain::ScoreDossier(in);
    auto& u = units[d.agency_id];
    u.scores.Add(scores);
    u.procedures.insert(d.procedure_code);
    if (!on_spot) u.procedures_not_on_spot.insert(d.procedure_code);
    ++u.dossiers;
    if (d.channel == "online") {
      ++u.online;
      if (in.timeliness == domain::Timeliness::kLate) ++u.online_late;
    }
    for (int64_t person : people) officials[person].Add(scores);
  }
  std::map<int64_t, std::pair<int64_t, int64_t>> complaint_counts;  // on time, overdue open
  std::map<int64_t, int64_t> complaint_totals;
  const int64_t now = clock_.NowSeconds();
  for (const auto& k : complaints) {
    ++complaint_totals[k.agency_id];
    if (k.answered_at && *k.answered_at <= k.due_at) ++complaint_counts[k.agency_id].first;
    if (!k.answered_at && std::min(now, to) > k.due_at) ++complaint_counts[k.agency_id].second;
  }

  EvaluationReport report;
  report.period = p.label;
  report.agency_code = scope.code;
  report.bands = options_.bands;
  auto fill = [&](EvaluationRow& row, const domain::ScoreAggregate& s) {
    row.dossiers = s.dossiers;
    for (int i : {1, 2, 3, 4, 6, 7}) row.indicators[i] = s.Mean(i);
  };
  for (const auto& [agency_id, u] : units) {
    domain::UnitEvaluationInput in;
    auto a = agency_by_id.find(agency_id);
    const bool centre = a != agency_by_id.end() && a->second->is_one_stop_centre;
    in.commune_level = a != agency_by_id.end() && a->second->type == "commune";
    in.procedures = static_cast<int64_t>(u.procedures.size());
    in.procedures_received_at_one_stop = centre ? in.procedures : 0;
    in.procedures_decided_at_one_stop =
        centre ? in.procedures - static_cast<int64_t>(u.procedures_not_on_spot.size()) : 0;
    for (const auto& code : u.procedures) {
      auto pr = proc_by_code.find(code);
      if (pr == proc_by_code.end() || pr->second->retired) continue;
      if (centre) {
        ++in.procedures_published_both;
      } else {
        ++in.procedures_published_one;
      }
      if (pr->second->online_level != "none") ++in.procedures_online;
    }
    in.complaints = complaint_totals[agency_id];
    in.complaints_answered_on_time = complaint_counts[agency_id].first;
    in.complaints_overdue_open = complaint_counts[agency_id].second;
    in.dossiers = u.dossiers;
    in.dossiers_online = u.online;
    in.dossiers_online_late = u.online_late;
    auto unit_scores = domain::ScoreUnit(in);
    EvaluationRow row;
    fill(row, u.scores);
    row.indicators[5] = unit_scores.i5;
    row.indicators[8] = unit_scores.i8;
    row.indicators[9] = unit_scores.i9;
    // Indicator 6 shown as used in the total: the mean of the dossier and unit scores.
    row.indicators[6] = (u.scores.Mean(6).value_or(unit_scores.i6) + unit_scores.i6) / 2.0;
    row.total = domain::UnitTotal(u.scores, unit_scores);
    row.band = domain::BandOf(row.total, options_.bands);
    if (a != agency_by_id.end()) {
      row.key = row.agency_code = a->second->code;
      row.name = a->second->name;
    } else {
      row.key = std::to_string(agency_id);
    }
    report.units.push_back(std::move(row));
  }
  std::vector<int64_t> ids;
  for (const auto& [id, s] : officials) ids.push_back(id);
  std::vector<storage::ReportUser> users;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(users, storage::ListReportUsers(c, ids));
    return Status::Ok();
  }));
  for (const auto& user : users) {
    EvaluationRow row;
    fill(row, officials[user.id]);
    row.total = domain::OfficialTotal(officials[user.id]);
    row.band = domain::BandOf(row.total, options_.bands);
    row.key = user.username;
    row.name = user.full_name;
    if (user.agency_id && agency_by_id.count(*user.agency_id))
      row.agency_code = agency_by_id[*user.agency_id]->code;
    report.officials.push_back(std::move(row));
  }
  auto rank = [](std::vector<EvaluationRow>& rows) {
    std::sort(rows.begin(), rows.end(), [](const EvaluationRow& a, const EvaluationRow& b) {
      if (a.total != b.total) return a.total > b.total;
      if (a.dossiers != b.dossiers) return a.dossiers > b.dossiers;
      return a.key < b.key;
    });
    for (size_t i = 0; i < rows.size(); ++i) {
      // Equal totals share a rank (1, 2, 2, 4).
      rows[i].rank = (i > 0 && rows[i].total == rows[i - 1].total) ? rows[i - 1].rank
                                                                   : static_cast<int>(i + 1);
    }
  };
  rank(report.units);
  rank(report.officials);
  return report;
}

// ---------------------------------------------------------------------------------------------
// Decision 766 index.

Result<Index766Report> ReportService::Index766(const Principal* actor, domain::LocalDate from,
                                               domain::LocalDate to,
                                               const std::optional<std::string>& agency_code) {
  MOTCUA_ASSIGN_OR_RETURN(auto scope, ScopeAgency(actor, agency_code));
  TimelinessQuery q;
  q.from = from;
  q.to = to;
  q.agency_code = scope.code.empty() ? std::nullopt : std::optional<std::string>(scope.code);
  q.group_by = "channel";
  q.as_of = std::min(clock_.NowSeconds(), StartSeconds(to));
  MOTCUA_ASSIGN_OR_RETURN(auto t, Timeliness(nullptr, q));
  Index766Report r;
  r.agency_code = scope.code;
  r.from = from;
  r.to = to;
  auto& in = r.input;
  in.dossiers_received = t.total.received;
  in.dossiers_trackable = t.total.received;  // every registered dossier has a code to look up
  for (const auto& g : t.groups)
    if (g.key == "online") in.dossiers_online = g.counts.received;
  in.resolved = t.total.resolved();
  in.resolved_early_or_on_time =
      t.total.resolved_early + t.total.resolved_on_time + t.total.resolved_no_deadline;
  in.pending = t.total.pending();
  in.pending_overdue = t.total.pending_overdue;
  in.late_or_overdue = t.total.resolved_late + t.total.pending_overdue;
  const int64_t f = StartSeconds(from), e = StartSeconds(to);
  std::vector<storage::EvalDossierRow> dossiers;
  std::vector<storage::ReportProcedure> procedures;
  std::vector<storage::ComplaintRecord> complaints;
  std::pair<int64_t, int64_t> ratings;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(dossiers, storage::ListEvaluationDossiers(c, scope.path, f, e));
    MOTCUA_ASSIGN_OR_RETURN(procedures, storage::ListReportProcedures(c));
    MOTCUA_ASSIGN_OR_RETURN(complaints, storage::ListComplaints(c, scope.path, f, e, 1000000));
    MOTCUA_ASSIGN_OR_RETURN(ratings, storage::CountRatings(c, scope.path, f, e));
    return Status::Ok();
  }));
  for (const auto& p : procedures) {
    if (p.retired) continue;
    ++in.procedures;
    if (!p.name.empty() && !p.field_code.empty()) ++in.procedures_complete;
    if (p.online_level != "none") ++in.procedures_online;
  }
  for (const auto& d : dossiers) {
    if (d.digitised_components > 0) ++in.dossiers_digitised;
    if (d.digitised_results > 0) ++in.results_digitised;
    auto due = d.legal_due_at ? d.legal_due_at : d.due_at;
    if (d.extended_at && d.finished_at && due && *d.finished_at > *due) ++in.late_with_apology;
  }
  in.ratings = ratings.first;
  in.ratings_satisfied = ratings.second;
  for (const auto& k : complaints) {
    ++in.complaints;
    if (k.answered_at && *k.answered_at <= k.due_at) ++in.complaints_on_time;
  }
  r.result = domain::ComputeIndex766(in);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Ratings and complaints.

Result<storage::RatingRecord> ReportService::Rate(const Principal* actor, const RatingInput& in) {
  if (in.channel != "paper" && in.channel != "kiosk" && in.channel != "online")
    return Status::Validation("invalid_rating_channel", "channel");
  if (!domain::ValidRatingAnswers(in.answers))
    return Status::Validation("invalid_rating", "answers");
  const auto& a = in.answers;
  if (!a.bodies_contacted && !a.publication && !a.attitude && !a.supplements)
    return Status::Validation("invalid_rating", "answers");
  // The verifier: exactly four digits (spaces ignored), matched against the applicant's numbers.
  std::string verifier;
  for (char ch : in.verifier)
    if (ch != ' ') verifier += ch;
  if (!verifier.empty() &&
      (verifier.size() != 4 || verifier.find_first_not_of("0123456789") != std::string::npos))
    return Status::Validation("verifier_mismatch", "verifier");
  storage::RatingRecord result;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, in.dossier_code));
    // Typed at the kiosk like the look-up: blanks and lower case forgiven.
    if (const std::string canonical = domain::NormalizeDossierCode(in.dossier_code);
        !d && canonical != in.dossier_code) {
      MOTCUA_ASSIGN_OR_RETURN(d, storage::FindDossierByCode(c, canonical));
    }
    if (!d) return Status::NotFound("not_found", "dossier_code");
    // Who the caller is: the applicant's own account, or staff covering the receiving agency.
    bool identified = false;
    if (in.channel == "online") {
      identified = actor && d->applicant_user_id && *d->applicant_user_id == actor->user_id;
    } else if (actor && actor->IsStaff()) {
      MOTCUA_ASSIGN_OR_RETURN(auto agency, storage::FindAgencyById(c, d->agency_id));
      if (!agency || !actor->CoversAgencyPath(agency->path))
        return Status::PermissionDenied("agency_scope");
      identified = true;
    }
    if (!identified) {
      // Paper forms are typed in by staff only; others prove they hold the receipt.
      if (in.channel == "paper" || (verifier.empty() && actor))
        return Status::PermissionDenied("forbidden");
      if (verifier.empty()) return Status::Validation("missing_field", "verifier");
      auto applicant = domain::ApplicantFromJsonText(d->applicant);
      bool match = false;
      auto last4 = [&](const std::string& number) {
        std::string digits;
        for (char ch : number)
          if (ch >= '0' && ch <= '9') digits += ch;
        if (digits.size() >= 4 && digits.compare(digits.size() - 4, 4, verifier) == 0) match = true;
      };
      if (applicant.ok()) {
        last4(applicant->id_number);
        last4(applicant->tax_code);
        last4(applicant->phone);
        if (applicant->representative) {
          last4(applicant->representative->id_number);
          last4(applicant->representative->phone);
        }
      }
      if (!match) return Status::Validation("verifier_mismatch", "verifier");
    }
    auto state = domain::ParseDossierState(d->status);
    if (!state || !domain::HasResult(*state))
      return Status::Conflict("not_rateable", "dossier_code");
    MOTCUA_ASSIGN_OR_RETURN(bool rated, storage::RatingExists(c, d->id, in.channel));
    if (rated) return Status::Conflict("already_rated", "dossier_code");
    storage::RatingRecord r;
    r.dossier_id = d->id;
    r.channel = in.channel;
    auto opt = [](const std::optional<int>& v) {
      return v ? std::optional<int64_t>(*v) : std::nullopt;
    };
    r.bodies_contacted = opt(a.bodies_contacted);
    r.publication = opt(a.publication);
    r.attitude = opt(a.attitude);
    r.supplements = opt(a.supplements);
    r.satisfied = true;
    for (const auto& v : {a.bodies_contacted, a.publication, a.attitude, a.supplements})
      if (v && *v < 1) r.satisfied = false;
    r.comment = in.comment;
    if (actor && actor->user_id > 0) r.entered_by = actor->user_id;
    r.at = clock_.NowSeconds();
    MOTCUA_ASSIGN_OR_RETURN(result, storage::InsertRating(c, r));
    return Status::Ok();
  }));
  return result;
}

Result<storage::ComplaintRecord> ReportService::ReceiveComplaint(const Principal* actor,
                                                                 const ComplaintInput& in) {
  if (in.channel != "portal" && in.channel != "kiosk" && in.channel != "counter")
    return Status::Validation("invalid_complaint_channel", "channel");
  if (in.content.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Validation("missing_field", "content");
  if (in.content.size() > 10000) return Status::Validation("invalid_field", "content");
  if (in.due_working_days < 1 || in.due_working_days > 60)
    return Status::Validation("invalid_field", "due_working_days");
  // The kiosk stands in the public hall: anyone may file there, as on the portal.
  if (in.channel == "counter" && (!actor || !actor->IsStaff()))
    return Status::PermissionDenied("forbidden");
  const int64_t now = clock_.NowSeconds();
  std::shared_ptr<const domain::WorkingCalendar> cal;
  if (calendar_) {
    MOTCUA_ASSIGN_OR_RETURN(cal, calendar_->Calendar());
  } else {
    MOTCUA_ASSIGN_OR_RETURN(auto built,
                            domain::WorkingCalendar::Build(domain::OfficeHours::Default(), {}));
    cal = std::make_shared<const domain::WorkingCalendar>(std::move(built));
  }
  auto start = cal->CountingStart(now);
  std::optional<int64_t> due =
      start ? cal->AddWorkingDays(*start, in.due_working_days) : std::nullopt;
  if (!due) return Status::Internal("complaint due date outside the calendar");
  storage::ComplaintRecord result;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    storage::ComplaintRecord k;
    k.channel = in.channel;
    k.content = in.content;
    k.received_at = now;
    k.due_at = *due;
    k.due_working_days = in.due_working_days;
    if (actor && actor->user_id > 0) k.created_by = actor->user_id;
    std::optional<int64_t> agency;
    if (in.dossier_code) {
      MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, *in.dossier_code));
      if (!d) return Status::NotFound("not_found", "dossier_code");
      k.dossier_id = d->id;
      agency = d->current_agency_id ? d->current_agency_id : std::optional<int64_t>(d->agency_id);
    }
    if (in.official_username) {
      MOTCUA_ASSIGN_OR_RETURN(auto u, storage::FindUserByUsername(c, *in.official_username));
      if (!u || !u->agency_id) return Status::NotFound("not_found", "official_username");
      k.official_user_id = u->id;
      agency = u->agency_id;
    }
    if (in.agency_code) {
      MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, *in.agency_code));
      if (!a) return Status::Validation("unknown_agency", "agency_code");
      agency = a->id;
    }
    if (!agency) return Status::Validation("missing_field", "agency_code");
    k.agency_id = *agency;
    MOTCUA_ASSIGN_OR_RETURN(result, storage::InsertComplaint(c, k));
    MOTCUA_ASSIGN_OR_RETURN(auto stored, storage::FindComplaint(c, result.id));
    if (stored) result = *stored;
    return Status::Ok();
  }));
  return result;
}

Result<storage::ComplaintRecord> ReportService::AssignComplaint(
    const Principal& actor, int64_t id, const std::optional<std::string>& agency_code,
    const std::optional<std::string>& username) {
  if (!CanReadReports(actor)) return Status::PermissionDenied("forbidden");
  storage::ComplaintRecord result;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto k, storage::FindComplaint(c, id));
    if (!k) return Status::NotFound();
    if (!actor.CoversAgencyPath(k->agency_path)) return Status::PermissionDenied("agency_scope");
    // Where the complaint is handled: the agency it is about, or the one it was passed to.
    std::string handling_path = k->agency_path;
    if (agency_code) {
      MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyByCode(c, *agency_code));
      if (!a) return Status::Validation("unknown_agency", "agency_code");
      if (!actor.CoversAgencyPath(a->path)) return Status::PermissionDenied("agency_scope");
      k->assigned_agency_id = a->id;
      handling_path = a->path;
    } else if (k->assigned_agency_id) {
      MOTCUA_ASSIGN_OR_RETURN(auto a, storage::FindAgencyById(c, *k->assigned_agency_id));
      if (a) handling_path = a->path;
    }
    if (username) {
      // The assignee answers it (AnswerComplaint lets the assignee through), so only active
      // staff of the handling agency's subtree qualify: never a citizen, never an outsider.
      // Any other account answers like an unknown one, so usernames cannot be probed.
      MOTCUA_ASSIGN_OR_RETURN(auto u, storage::FindUserByUsername(c, *username));
      auto role = u ? domain::ParseRole(u->role) : std::nullopt;
      if (!u || !u->active || !role || !domain::IsStaff(*role) || u->agency_path.empty() ||
          u->agency_path.compare(0, handling_path.size(), handling_path) != 0)
        return Status::Validation("unknown_assignee", "username");
      k->assigned_user_id = u->id;
      if (!agency_code) k->assigned_agency_id = u->agency_id;
    }
    MOTCUA_RETURN_IF_ERROR(storage::UpdateComplaint(c, *k));
    result = *k;
    return Status::Ok();
  }));
  return result;
}

Result<storage::ComplaintRecord> ReportService::AnswerComplaint(const Principal& actor, int64_t id,
                                                                const std::string& answer,
                                                                bool substantiated) {
  if (answer.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::Validation("missing_field", "answer");
  storage::ComplaintRecord result;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto k, storage::FindComplaint(c, id));
    if (!k) return Status::NotFound();
    const bool assignee = k->assigned_user_id && *k->assigned_user_id == actor.user_id;
    if (!assignee && !(CanReadReports(actor) && actor.CoversAgencyPath(k->agency_path)))
      return Status::PermissionDenied("agency_scope");
    if (k->answered_at) return Status::Conflict("already_answered");
    k->answered_at = clock_.NowSeconds();
    k->answer = answer;
    k->substantiated = substantiated;
    MOTCUA_RETURN_IF_ERROR(storage::UpdateComplaint(c, *k));
    if (answered_hook_) MOTCUA_RETURN_IF_ERROR(answered_hook_(c, *k));
    result = *k;
    return Status::Ok();
  }));
  return result;
}

Result<std::vector<storage::ComplaintRecord>> ReportService::MyComplaints(const Principal& actor,
                                                                          int limit) {
  if (actor.user_id <= 0) return Status::PermissionDenied("forbidden");
  std::vector<storage::ComplaintRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out, storage::ListComplaintsByCreator(c, actor.user_id, limit));
    return Status::Ok();
  }));
  return out;
}

Result<storage::ComplaintRecord> ReportService::GetComplaint(const Principal& actor, int64_t id) {
  std::optional<storage::ComplaintRecord> k;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(k, storage::FindComplaint(c, id));
    return Status::Ok();
  }));
  if (!k) return Status::NotFound();
  const bool assignee = k->assigned_user_id && *k->assigned_user_id == actor.user_id;
  if (!assignee && !(CanReadReports(actor) && actor.CoversAgencyPath(k->agency_path)))
    return Status::PermissionDenied("agency_scope");
  return *k;
}

Result<std::vector<storage::ComplaintRecord>> ReportService::AssignedComplaints(
    const Principal& actor, int limit) {
  if (!actor.IsStaff() || actor.user_id <= 0) return Status::PermissionDenied("forbidden");
  std::vector<storage::ComplaintRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out, storage::ListComplaintsAssignedTo(c, actor.user_id, limit));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<storage::ComplaintRecord>> ReportService::ListComplaints(
    const Principal& actor, const std::optional<std::string>& agency_code, int64_t from, int64_t to,
    int limit) {
  MOTCUA_ASSIGN_OR_RETURN(auto scope, ScopeAgency(&actor, agency_code));
  std::vector<storage::ComplaintRecord> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(out, storage::ListComplaints(c, scope.path, from, to, limit));
    return Status::Ok();
  }));
  return out;
}

}  // namespace motcua::service
