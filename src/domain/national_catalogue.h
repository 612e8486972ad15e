// The national database of administrative procedures (Cơ sở dữ liệu quốc gia về TTHC) read into
// the procedure model: one catalogue row per code, and for some codes a detail page published as
// text whose tables were flattened ("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1 Ngày làm
// việcMiễn phí…") or as a structured record. Pure: lines in, procedures and a parse report out.
//
// Nothing is guessed: a value the parser cannot read is left "not published" in the model and
// reported for its code (field, raw text, problem). Errors are values that could not be read;
// warnings are values the portal itself publishes incompletely (a limit without its unit, a fee
// of 0 without any text, i.e. "chưa công bố", not free).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/procedure.h"

namespace motcua::domain {

struct ParseProblem {
  std::string code;
  std::string field;    // "channels_time_fees", "legal_bases", "components", "level", "line", ...
  std::string raw;      // the text that could not be read (at most ~300 bytes)
  std::string problem;  // machine reason: "unit_unknown", "fee_unreadable", ...
  bool error = true;    // false: a warning (published incompletely), not a reading failure
};

// One row of catalogue.jsonl.
struct NationalCatalogueRow {
  std::string code;
  std::string name;
  std::vector<std::string> fields;
  std::vector<std::string> agencies;
  std::string promulgated_by;
  std::vector<std::string> applicants;
  bool province_specific = false;  // scope "province-specific"
  std::string state;
};

// Parses one JSON line of catalogue.jsonl. Fails with malformed_line when the line is not a JSON
// object (a broken file), and with invalid_field naming the member when the row cannot be used:
// no valid national code (the shipped file has " 1.014325" and "1.014955-Xoa"), no name, an
// unknown scope. The code is taken as written: a code is a key, so it is never repaired.
Result<NationalCatalogueRow> ParseNationalCatalogueRow(std::string_view line);

// One row of the "channels_time_fees" table: channel, limit, fee, description.
struct ChannelRow {
  Channel channel = Channel::kInPerson;
  TimeLimit limit;  // kNotPublished when none (or no unit) was published
  Fee fee;          // not_published when "Không có thông tin" or "Miễn phí" without any text
  std::string description;
};

// The parsers of the flattened tables. Each appends its problems (with `code`) to `report`.
std::vector<ChannelRow> ParseChannelsTimeFees(std::string_view text, const std::string& code,
                                              std::vector<ParseProblem>& report);
std::vector<LegalBasis> ParseLegalBases(std::string_view text, const std::string& code,
                                        std::vector<ParseProblem>& report);
std::vector<Component> ParseComponents(std::string_view text, const std::string& code,
                                       std::vector<ParseProblem>& report);
// "Cấp bộ, Cấp tỉnh" → {central, province}; "Cơ quan khác" is reported (warning), not mapped.
std::vector<ProcedureLevel> ParseLevels(std::string_view text, const std::string& code,
                                        std::vector<ParseProblem>& report);
// The core of a legal document number ("Thông tư số 03/2023/TT-BTP." → "03/2023/TT-BTP"), used
// to compare numbers written with or without the document's kind.
std::string LegalNumberCore(std::string_view number);

// The procedure published by the national database for one code, version effective from
// `effective_from` (YYYY-MM-DD). `detail_text` (details_text.jsonl) and `structured`
// (details_structured.jsonl) may be null; the text page is read when present, otherwise the
// structured record; limits per case come only from the structured record. Procedures carry
// source "national", no workflow (they inform; a dossier needs a workflow set locally).
Procedure NationalProcedure(const NationalCatalogueRow& row, const boost::json::object* detail_text,
                            const boost::json::object* structured,
                            const std::string& effective_from, std::vector<ParseProblem>& report);

// Whether a province-specific row belongs to `province` ("Bắc Ninh", "tỉnh Bắc Ninh", "UBND tỉnh
// Bắc Ninh" all match "UBND tỉnh Bắc Ninh"; "Trung tâm phục vụ hành chính công Thành phố Hà Nội"
// matches "Hà Nội"). Case-sensitive on the name, ignoring the "UBND"/"tỉnh"/"Thành phố" prefixes.
bool PromulgatedByProvince(std::string_view promulgated_by, std::string_view province);

}  // namespace motcua::domain
