#include "domain/decree61.h"

#include <algorithm>

namespace motcua::domain {

bool ValidRatingAnswers(const RatingAnswers& a) {
  for (const auto& v : {a.bodies_contacted, a.publication, a.attitude, a.supplements})
    if (v && (*v < 0 || *v > 2)) return false;
  return true;
}

int ScoreHandlingTime(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return 2;
    case Timeliness::kOnTime:
      return 1;
    default:
      return 0;
  }
}

std::optional<int> ScoreSteps(const std::vector<StepOutcome>& steps) {
  // The worst step decides: any late step 0; all early 2; otherwise 1.
  std::optional<int> score;
  for (const auto& s : steps) {
    if (!s.timeliness) continue;
    int v;
    switch (*s.timeliness) {
      case Timeliness::kEarly:
        v = 2;
        break;
      case Timeliness::kOnTime:
        v = 1;
        break;
      default:
        v = 0;
        break;
    }
    score = score ? std::min(*score, v) : v;
  }
  return score;
}

int ScoreSupplements(int requests, bool applicant_fault) {
  if (requests <= 0) return 2;
  if (requests == 1) return 1;
  return applicant_fault ? 1 : 0;
}

int ScoreAttitude(std::optional<Timeliness> t, int substantiated_complaints) {
  if (substantiated_complaints > 0) return 0;
  if (t == Timeliness::kEarly) return 2;
  return 1;  // on time, or late: lateness is scored by indicators 1 and 2, not as conduct
}

DossierScores ScoreDossier(const DossierEvaluationInput& in) {
  DossierScores s;
  const bool finished = in.timeliness && IsFinishedTimeliness(*in.timeliness);
  if (finished) s.i1 = ScoreHandlingTime(*in.timeliness);
  if (finished) s.i2 = ScoreSteps(in.steps);
  // Indicator 3: the data counts the requests; a paper dossier without them takes the answer.
  if (in.supplement_requests > 0 || !in.answers.supplements) {
    s.i3 = ScoreSupplements(in.supplement_requests, in.supplements_applicant_fault);
  } else {
    s.i3 = *in.answers.supplements;
  }
  // Indicator 4: no visit at all is a fact (2); otherwise the applicant says whether anyone but
  // the one-stop point had to be contacted; without an answer, the one-stop point only (1).
  if (in.no_visit) {
    s.i4 = 2;
  } else {
    s.i4 = std::min(1, in.answers.bodies_contacted.value_or(1));
  }
  // Indicator 6: the catalogue says where it is published; the applicant may say it was not
  // accurate (a lower answer wins, a higher one cannot override the data).
  int pub = 0;
  if (in.publication_accurate) {
    pub = (in.published_online && in.published_at_counter)   ? 2
          : (in.published_online || in.published_at_counter) ? 1
                                                             : 0;
  }
  s.i6 = in.answers.publication ? std::min(pub, *in.answers.publication) : pub;
  // Indicator 7: a substantiated complaint decides 0; otherwise timeliness, lowered by the
  // applicant's answer when given.
  if (finished || in.substantiated_complaints > 0) {
    int v = ScoreAttitude(in.timeliness, in.substantiated_complaints);
    if (in.answers.attitude && in.substantiated_complaints == 0)
      v = std::min(v, *in.answers.attitude);
    s.i7 = v;
  } else if (in.answers.attitude) {
    s.i7 = *in.answers.attitude;
  }
  return s;
}

namespace {
// a / b >= p / 100, exactly (integers).
bool AtLeastPercent(int64_t a, int64_t b, int64_t p) { return b > 0 && a * 100 >= p * b; }
}  // namespace

int ScoreOneStop(const UnitEvaluationInput& in) {
  if (in.procedures <= 0) return 0;
  const int64_t decided_threshold = in.commune_level ? 100 : 20;
  if (AtLeastPercent(in.procedures_decided_at_one_stop, in.procedures, decided_threshold)) return 2;
  if (in.procedures_received_at_one_stop >= in.procedures) return 1;
  return 0;
}

int ScorePublication(const UnitEvaluationInput& in) {
  if (in.procedures <= 0) return 0;
  if (in.procedures_published_both >= in.procedures) return 2;
  if (in.procedures_published_both + in.procedures_published_one >= in.procedures) return 1;
  return 0;
}

int ScoreComplaints(const UnitEvaluationInput& in) {
  if (in.complaints_overdue_open > 0) return 0;
  if (in.complaints <= 0 || in.complaints_answered_on_time >= in.complaints) return 2;
  if (AtLeastPercent(in.complaints_answered_on_time, in.complaints, 90)) return 1;
  return 0;
}

int ScoreOnline(const UnitEvaluationInput& in) {
  if (in.procedures_online <= 0 || in.dossiers_online_late > 0) return 0;
  if (AtLeastPercent(in.procedures_online, in.procedures, 20) &&
      AtLeastPercent(in.dossiers_online, in.dossiers, 30))
    return 2;
  if (AtLeastPercent(in.dossiers_online, in.dossiers, 15)) return 1;
  return 0;
}

UnitScores ScoreUnit(const UnitEvaluationInput& in) {
  return {ScoreOneStop(in), ScorePublication(in), ScoreComplaints(in), ScoreOnline(in)};
}

Band BandOf(double score, const Bands& b) {
  if (score > b.excellent_above) return Band::kExcellent;
  if (score >= b.good_from) return Band::kGood;
  if (score >= b.fair_from) return Band::kFair;
  if (score >= b.average_from) return Band::kAverage;
  return Band::kWeak;
}

std::string_view BandName(Band b) {
  switch (b) {
    case Band::kExcellent:
      return "excellent";
    case Band::kGood:
      return "good";
    case Band::kFair:
      return "fair";
    case Band::kAverage:
      return "average";
    case Band::kWeak:
      return "weak";
  }
  return "weak";
}

std::string_view BandLabelVi(Band b) {
  switch (b) {
    case Band::kExcellent:
      return "Xuất sắc";
    case Band::kGood:
      return "Tốt";
    case Band::kFair:
      return "Khá";
    case Band::kAverage:
      return "Trung bình";
    case Band::kWeak:
      return "Yếu";
  }
  return "Yếu";
}

void ScoreAggregate::Add(const DossierScores& s) {
  ++dossiers;
  auto add = [&](int i, const std::optional<int>& v) {
    if (!v) return;
    sum[i] += *v;
    ++count[i];
  };
  add(1, s.i1);
  add(2, s.i2);
  add(3, s.i3);
  add(4, s.i4);
  add(6, s.i6);
  add(7, s.i7);
}

void ScoreAggregate::Add(const ScoreAggregate& o) {
  dossiers += o.dossiers;
  for (size_t i = 0; i < sum.size(); ++i) {
    sum[i] += o.sum[i];
    count[i] += o.count[i];
  }
}

std::optional<double> ScoreAggregate::Mean(int indicator) const {
  if (indicator < 0 || indicator >= static_cast<int>(sum.size()) || count[indicator] == 0)
    return std::nullopt;
  return static_cast<double>(sum[indicator]) / static_cast<double>(count[indicator]);
}

double UnitTotal(const ScoreAggregate& d, const UnitScores& u) {
  double total = 0;
  for (int i : {1, 2, 3, 4, 7}) total += d.Mean(i).value_or(2.0);
  total += (d.Mean(6).value_or(static_cast<double>(u.i6)) + u.i6) / 2.0;
  total += u.i5 + u.i8 + u.i9;
  return total;
}

double OfficialTotal(const ScoreAggregate& d) {
  double total = 0;
  for (int i : {1, 2, 3, 4, 6, 7}) total += d.Mean(i).value_or(2.0);
  return total * 18.0 / 12.0;
}

}  // namespace motcua::domain
