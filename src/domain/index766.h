// The Decision 766/QĐ-TTg (2022) index of service quality (Bộ chỉ số chỉ đạo, điều hành và đánh
// giá chất lượng phục vụ người dân, doanh nghiệp), 100 points: publicity and transparency 18,
// progress and results 20, digitisation 22, online services 12, online payment 10, satisfaction
// 18. Every sub-indicator the data supports is computed with its formula stated; the others are
// listed with the reason they cannot be computed yet (docs/reports.md). Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

struct Index766Input {
  int64_t procedures = 0;                 // procedures of the unit (current catalogue)
  int64_t procedures_complete = 0;        // published with components, time limit and result
  int64_t procedures_online = 0;          // offered online (một phần or toàn trình)
  int64_t dossiers_received = 0;          // received in the period
  int64_t dossiers_trackable = 0;         // with a dossier code the public lookup answers
  int64_t dossiers_online = 0;            // of them, submitted online
  int64_t dossiers_digitised = 0;         // resolved ones with components digitised at reception
  int64_t resolved = 0;                   // resolved in the period
  int64_t resolved_early_or_on_time = 0;  // of them (no-deadline ones included)
  int64_t results_digitised = 0;          // of them, with a digitised result document
  int64_t late_or_overdue = 0;            // resolved late + pending overdue
  int64_t late_with_apology = 0;          // of them, with an apology and new date (Mẫu 04)
  int64_t pending = 0;
  int64_t pending_overdue = 0;
  int64_t ratings = 0;             // ratings entered in the period
  int64_t ratings_satisfied = 0;   // every answer given 1 or 2 points
  int64_t complaints = 0;          // PAKN due in the period
  int64_t complaints_on_time = 0;  // answered by their due date
};

struct SubIndicator {
  std::string id;  // "1.1"
  std::string
      group;  // "publicity", "progress", "digitisation", "online", "payment", "satisfaction"
  std::string name_vi;
  double max_points = 0;
  std::optional<double> points;       // nullopt: not computable
  std::string formula;                // how `points` is computed
  std::string not_computable_reason;  // why not, when points is nullopt
};

struct Index766Result {
  std::vector<SubIndicator> items;
  double points = 0;             // Σ computable points
  double computable_max = 0;     // Σ max points of the computable sub-indicators
  std::optional<double> scaled;  // points / computable_max × 100, for the band
};

Index766Result ComputeIndex766(const Index766Input& in);

// 90–100 excellent, 80–90 good, 70–80 fair, 50–70 average, < 50 weak (lower bounds inclusive).
std::string_view Index766BandName(double score_100);
std::string_view Index766BandLabelVi(double score_100);

}  // namespace motcua::domain
