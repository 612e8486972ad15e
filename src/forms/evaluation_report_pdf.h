// The quarterly (or yearly) Decree 61 evaluation report as a PDF: title, the ranking of units and
// of officials on the nine indicators, the rating bands and the date it was drawn up. A4
// landscape, as many pages as the tables need (the table header repeats on every page). The
// forms layer does not know the service: the caller fills the plain struct below.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace motcua::forms {

struct EvaluationPdfRow {
  int rank = 0;
  std::string key;     // agency code or username
  std::string name;    // agency name or full name
  std::string agency;  // officials: their agency's code
  int64_t dossiers = 0;
  std::array<std::optional<double>, 10> indicators{};  // by indicator number (1..9)
  double total = 0;                                    // on 18 points
  std::string band;                                    // "Xuất sắc", "Tốt", ...
};

struct EvaluationPdfData {
  std::string period;       // "2026Q3" or "2026"
  std::string agency_name;  // the unit reporting ("" for the whole installation)
  std::vector<EvaluationPdfRow> units;
  std::vector<EvaluationPdfRow> officials;
  // The bands on 18 points: > excellent_above, >= good_from, >= fair_from, >= average_from.
  double excellent_above = 15, good_from = 12, fair_from = 9, average_from = 6;
  int64_t generated_at = 0;  // Unix seconds
};

// "QUÝ III NĂM 2026" for "2026Q3", "NĂM 2026" for "2026"; the text itself otherwise.
std::string EvaluationPeriodTitle(const std::string& period);

// The document; Internal if the fonts cannot be loaded.
Result<std::string> RenderEvaluationReportPdf(const EvaluationPdfData& data);

}  // namespace motcua::forms
