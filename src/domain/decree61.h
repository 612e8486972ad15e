// Evaluation of how administrative procedures are handled (Decree 61/2018/NĐ-CP Art. 31,
// Circular 01/2018/TT-VPCP Art. 13; domain.md §7): nine indicators of 0, 1 or 2 points, 18 at
// most. Indicators 1, 2, 3, 4, 6, 7 are scored per dossier, from the data wherever the data
// decides them and otherwise from the applicant's rating; 5, 6, 8, 9 per unit. Pure.
// docs/reports.md states every rule and its boundary.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/timeliness.h"

namespace motcua::domain {

// The applicant's answers (phiếu đánh giá), 0–2 points each, entered from paper at the counter,
// on the kiosk or online. An answer is used only where the data cannot decide (docs/reports.md).
struct RatingAnswers {
  std::optional<int> bodies_contacted;  // indicator 4: 2 none, 1 only the one-stop point, 0 more
  std::optional<int> publication;       // indicator 6
  std::optional<int> attitude;          // indicator 7
  std::optional<int> supplements;       // indicator 3 (when no data: paper dossiers)
  bool operator==(const RatingAnswers&) const = default;
};
// Validates that every answer given is 0, 1 or 2.
bool ValidRatingAnswers(const RatingAnswers& a);

// One workflow step of the dossier as it ended (the process-control sheet, Mẫu 06).
struct StepOutcome {
  int64_t agency_id = 0;
  std::optional<Timeliness> timeliness;  // nullopt: the step had no quota
};

struct DossierEvaluationInput {
  // Indicator 1: the dossier's timeliness against its legal due instant (ClassifyFinished).
  std::optional<Timeliness> timeliness;
  // Indicator 2: every step entry with its timeliness against its quota.
  std::vector<StepOutcome> steps;
  // Indicator 3: supplement requests (Mẫu 02 at reception and during processing).
  int supplement_requests = 0;
  bool supplements_applicant_fault = false;  // the applicant's own fault: not held against the unit
  // Indicator 4: submitted online and the result returned online or by post: no body visited.
  bool no_visit = false;
  // Indicator 6: the procedure is published on the portal and posted at the one-stop point, and
  // the publication is accurate and timely, as far as the catalogue knows.
  bool published_online = false;
  bool published_at_counter = false;
  bool publication_accurate = true;
  // Indicator 7: substantiated complaints (PAKN) about the officials handling the dossier.
  int substantiated_complaints = 0;
  RatingAnswers answers;
};

// Scores of the per-dossier indicators; nullopt when neither data nor rating decides it.
struct DossierScores {
  std::optional<int> i1, i2, i3, i4, i6, i7;
};

int ScoreHandlingTime(Timeliness t);                                           // indicator 1
std::optional<int> ScoreSteps(const std::vector<StepOutcome>& steps);          // indicator 2
int ScoreSupplements(int requests, bool applicant_fault);                      // indicator 3
int ScoreAttitude(std::optional<Timeliness> t, int substantiated_complaints);  // indicator 7
DossierScores ScoreDossier(const DossierEvaluationInput& in);

// Per-unit indicators.
struct UnitEvaluationInput {
  bool commune_level = false;                   // the 100 % thresholds of indicator 5 apply
  int64_t procedures = 0;                       // procedures the unit handles
  int64_t procedures_received_at_one_stop = 0;  // received and returned at the one-stop point
  int64_t procedures_decided_at_one_stop = 0;   // received, decided and returned there
  int64_t procedures_published_both = 0;  // posted at the counter and online, accurate, on time
  int64_t procedures_published_one = 0;   // only one of the two
  int64_t complaints = 0;                 // PAKN received in the period
  int64_t complaints_answered_on_time = 0;
  int64_t complaints_overdue_open = 0;  // unanswered past their due date ("left dragging")
  int64_t procedures_online = 0;        // offered online (level 3/4, một phần / toàn trình)
  int64_t dossiers = 0;                 // dossiers received in the period
  int64_t dossiers_online = 0;
  int64_t dossiers_online_late = 0;  // online dossiers resolved late or pending overdue
};
struct UnitScores {
  int i5 = 0, i6 = 0, i8 = 0, i9 = 0;
};
int ScoreOneStop(const UnitEvaluationInput& in);      // indicator 5
int ScorePublication(const UnitEvaluationInput& in);  // indicator 6
int ScoreComplaints(const UnitEvaluationInput& in);   // indicator 8
int ScoreOnline(const UnitEvaluationInput& in);       // indicator 9
UnitScores ScoreUnit(const UnitEvaluationInput& in);

// Rating bands on 18 points (configurable; no law fixes them). Boundaries: a score strictly
// above `excellent_above` is excellent; otherwise the first band whose lower bound it reaches
// (12 → good, 9 → fair, 6 → average); below `average_from` weak.
struct Bands {
  double excellent_above = 15;
  double good_from = 12;
  double fair_from = 9;
  double average_from = 6;
};
enum class Band { kExcellent, kGood, kFair, kAverage, kWeak };
Band BandOf(double score, const Bands& bands = {});
std::string_view BandName(Band b);     // "excellent", "good", "fair", "average", "weak"
std::string_view BandLabelVi(Band b);  // "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"

// Accumulates per-dossier scores of one official, unit or agency.
struct ScoreAggregate {
  int64_t dossiers = 0;
  std::array<int64_t, 10> sum{};    // by indicator number (1..9); 0 unused
  std::array<int64_t, 10> count{};  // dossiers for which the indicator was decided
  void Add(const DossierScores& s);
  void Add(const ScoreAggregate& o);
  std::optional<double> Mean(int indicator) const;  // sum / count
};

// Total on 18 points:
//  - unit:     Σ mean(1,2,3,4,7) + (mean(6 per dossier) + unit 6) / 2 + unit 5, 8, 9;
//  - official: Σ mean(1,2,3,4,6,7) × 18/12 (officials are judged on the dossier indicators).
// An undecided indicator (no dossier scored it) counts as its maximum for units and officials
// alike, so that a unit with no dossiers is not punished for them (docs/reports.md).
double UnitTotal(const ScoreAggregate& dossiers, const UnitScores& unit);
double OfficialTotal(const ScoreAggregate& dossiers);

}  // namespace motcua::domain
