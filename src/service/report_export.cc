// Renderings of reports: JSON, CSV (UTF-8 with BOM so that spreadsheet programs read the
// Vietnamese diacritics) and XLSX (libxlsxwriter, written to a private temporary file).
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/csv.h"
#include "domain/local_date.h"
#include "service/report_service.h"

namespace motcua::service {
namespace {

using domain::TimelinessCounts;

struct Column {
  const char* name;   // JSON member
  const char* label;  // Vietnamese header
};

// Count columns, in report order.
constexpr Column kCountColumns[] = {
    {"carried_over", "Kỳ trước chuyển qua"},
    {"received", "Tiếp nhận trong kỳ"},
    {"total", "Tổng số phải giải quyết"},
    {"resolved", "Đã giải quyết"},
    {"resolved_early", "Giải quyết trước hạn"},
    {"resolved_on_time", "Giải quyết đúng hạn"},
    {"resolved_late", "Giải quyết quá hạn"},
    {"resolved_no_deadline", "Giải quyết (không quy định thời hạn)"},
    {"pending", "Đang giải quyết"},
    {"pending_within_deadline", "Đang giải quyết trong hạn"},
    {"pending_overdue", "Đang giải quyết quá hạn"},
    {"withdrawn", "Rút hồ sơ"},
    {"stopped", "Dừng giải quyết"},
    {"refused", "Từ chối tiếp nhận"},
    {"returned", "Đã trả kết quả"},
};
constexpr Column kRateColumns[] = {
    {"on_time_rate", "Tỷ lệ giải quyết trước hạn, đúng hạn (%)"},
    {"early_or_on_time_of_total", "Tỷ lệ trước hạn, đúng hạn trên tổng số (%)"},
    {"early_rate", "Tỷ lệ trước hạn (%)"},
    {"late_rate", "Tỷ lệ quá hạn (%)"},
    {"resolved_rate", "Tỷ lệ đã giải quyết (%)"},
    {"overdue_rate", "Tỷ lệ đang giải quyết quá hạn (%)"},
};

std::vector<int64_t> CountValues(const TimelinessCounts& c) {
  return {c.carried_over,    c.received,
          c.total(),         c.resolved(),
          c.resolved_early,  c.resolved_on_time,
          c.resolved_late,   c.resolved_no_deadline,
          c.pending(),       c.pending_within_deadline,
          c.pending_overdue, c.withdrawn,
          c.stopped,         c.refused,
          c.returned};
}

std::vector<std::optional<double>> RateValues(const TimelinessCounts& c) {
  auto r = domain::RatesOf(c);
  return {r.on_time_rate, r.early_or_on_time_of_total, r.early_rate, r.late_rate, r.resolved_rate,
          r.overdue_rate};
}

boost::json::object CountsJson(const TimelinessCounts& c) {
  boost::json::object o;
  auto values = CountValues(c);
  for (size_t i = 0; i < values.size(); ++i) o[kCountColumns[i].name] = values[i];
  boost::json::object rates;
  auto rv = RateValues(c);
  for (size_t i = 0; i < rv.size(); ++i) {
    if (rv[i]) {
      o[kRateColumns[i].name] = *rv[i];
    } else {
      o[kRateColumns[i].name] = nullptr;
    }
  }
  return o;
}

std::string RateText(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}", *v) : std::string();
}

// Writes a workbook through `fill` into a temporary file and returns its bytes.
Result<std::string> BuildWorkbook(const std::function<void(lxw_workbook*)>& fill) {
  char path[] = "/tmp/motcua-report-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) return Status::Internal("mkstemp failed");
  ::close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (!wb) {
    ::unlink(path);
    return Status::Internal("workbook_new failed");
  }
  fill(wb);
  lxw_error err = workbook_close(wb);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  ::unlink(path);
  if (err != LXW_NO_ERROR) return Status::Internal(fmt::format("xlsx: {}", lxw_strerror(err)));
  return ss.str();
}

// The period line under a report's title (TimelinessReport or StepReport).
template <typename Report>
std::string PeriodText(const Report& r) {
  return fmt::format("Từ ngày {} đến hết ngày {}; số liệu tính đến {}", r.from.ToString(),
                     r.to.AddDays(-1).ToString(), domain::FormatLocalDateTime(r.as_of));
}

// One line of a table of figures (timeliness and step reports): a code and a name, whole
// numbers, then rates (an undefined rate is an empty cell).
struct FigureLine {
  std::string code, name;
  std::vector<int64_t> counts;
  std::vector<std::optional<double>> rates;
};

// A table of figures as CSV: the header, then the lines.
std::string FiguresCsv(const std::vector<std::string>& header,
                       const std::vector<FigureLine>& lines) {
  std::string out = "\xEF\xBB\xBF";
  AppendCsvRecord(out, header);
  for (const auto& l : lines) {
    std::vector<std::string> cells{l.code, l.name};
    for (int64_t v : l.counts) cells.push_back(std::to_string(v));
    for (const auto& v : l.rates) cells.push_back(RateText(v));
    AppendCsvRecord(out, cells);
  }
  return out;
}

// A table of figures on `ws` below the title and period lines: the header in `bold` on row 3,
// the lines from row 4, the last one (the total) in `bold`; the name column is widened.
void WriteFiguresSheet(lxw_worksheet* ws, lxw_format* bold, const std::vector<std::string>& header,
                       const std::vector<FigureLine>& lines) {
  lxw_col_t col = 0;
  for (const auto& h : header) worksheet_write_string(ws, 3, col++, h.c_str(), bold);
  lxw_row_t row = 4;
  for (size_t i = 0; i < lines.size(); ++i) {
    const FigureLine& l = lines[i];
    lxw_format* format = i + 1 == lines.size() ? bold : nullptr;
    lxw_col_t k = 0;
    worksheet_write_string(ws, row, k++, l.code.c_str(), format);
    worksheet_write_string(ws, row, k++, l.name.c_str(), format);
    for (int64_t v : l.counts) worksheet_write_number(ws, row, k++, static_cast<double>(v), format);
    for (const auto& v : l.rates) {
      if (v) worksheet_write_number(ws, row, k, *v, format);
      ++k;
    }
    ++row;
  }
  worksheet_set_column(ws, 1, 1, 40, nullptr);
}

std::vector<std::string> TimelinessHeader() {
  std::vector<std::string> header{"Mã", "Tên"};
  for (const auto& c : kCountColumns) header.push_back(c.label);
  for (const auto& c : kRateColumns) header.push_back(c.label);
  return header;
}

// The groups, then the total.
std::vector<FigureLine> TimelinessLines(const TimelinessReport& r) {
  std::vector<FigureLine> lines;
  for (const auto& g : r.groups) {
    lines.push_back({g.key, g.label, CountValues(g.counts), RateValues(g.counts)});
  }
  lines.push_back({"", "Tổng cộng", CountValues(r.total), RateValues(r.total)});
  return lines;
}

}  // namespace

boost::json::object TimelinessReportJson(const TimelinessReport& r) {
  boost::json::object o;
  o["from"] = r.from.ToString();
  o["to"] = r.to.AddDays(-1).ToString();  // the last day reported
  o["as_of"] = domain::FormatLocalDateTime(r.as_of);
  o["agency"] = r.agency_code;
  o["group_by"] = r.group_by;
  o["engine"] = r.engine;
  o["elapsed_ms"] = r.elapsed_ms;
  boost::json::array groups;
  for (const auto& g : r.groups) {
    boost::json::object go = CountsJson(g.counts);
    go["key"] = g.key;
    go["label"] = g.label;
    groups.push_back(std::move(go));
  }
  o["groups"] = std::move(groups);
  o["total"] = CountsJson(r.total);
  return o;
}

std::string TimelinessReportCsv(const TimelinessReport& r) {
  return FiguresCsv(TimelinessHeader(), TimelinessLines(r));
}

Result<std::string> TimelinessReportXlsx(const TimelinessReport& r) {
  return BuildWorkbook([&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Tình hình giải quyết");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    worksheet_write_string(ws, 0, 0, "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH", bold);
    worksheet_write_string(ws, 1, 0, PeriodText(r).c_str(), nullptr);
    WriteFiguresSheet(ws, bold, TimelinessHeader(), TimelinessLines(r));
  });
}

namespace {

std::string IndicatorText(const std::optional<double>& v) {
  return v ? fmt::format("{:.2f}", *v) : std::string();
}

}  // namespace

boost::json::object EvaluationReportJson(const EvaluationReport& r) {
  auto rows = [](const std::vector<EvaluationRow>& list) {
    boost::json::array a;
    for (const auto& row : list) {
      boost::json::object o;
      o["rank"] = row.rank;
      o["key"] = row.key;
      o["name"] = row.name;
      o["agency"] = row.agency_code;
      o["dossiers"] = row.dossiers;
      boost::json::object ind;
      for (int i = 1; i <= 9; ++i) {
        if (row.indicators[i]) ind[std::to_string(i)] = std::round(*row.indicators[i] * 100) / 100;
      }
      o["indicators"] = std::move(ind);
      o["total"] = std::round(row.total * 100) / 100;
      o["band"] = domain::BandName(row.band);
      o["band_label"] = domain::BandLabelVi(row.band);
      a.push_back(std::move(o));
    }
    return a;
  };
  boost::json::object o;
  o["period"] = r.period;
  o["agency"] = r.agency_code;
  o["max_points"] = 18;
  o["bands"] = {{"excellent_above", r.bands.excellent_above},
                {"good_from", r.bands.good_from},
                {"fair_from", r.bands.fair_from},
                {"average_from", r.bands.average_from}};
  o["units"] = rows(r.units);
  o["officials"] = rows(r.officials);
  return o;
}

std::string EvaluationReportCsv(const EvaluationReport& r) {
  std::string out = "\xEF\xBB\xBF";
  std::vector<std::string> header{"Loại", "Hạng", "Mã", "Tên", "Cơ quan", "Số hồ sơ"};
  for (int i = 1; i <= 9; ++i) header.push_back(fmt::format("Tiêu chí {}", i));
  header.push_back("Tổng điểm (18)");
  header.push_back("Xếp loại");
  AppendCsvRecord(out, header);
  auto emit = [&](const char* kind, const std::vector<EvaluationRow>& list) {
    for (const auto& row : list) {
      std::vector<std::string> cells{
          kind,     std::to_string(row.rank), row.key,
          row.name, row.agency_code,          std::to_string(row.dossiers)};
      for (int i = 1; i <= 9; ++i) cells.push_back(IndicatorText(row.indicators[i]));
      cells.push_back(fmt::format("{:.2f}", row.total));
      cells.push_back(std::string(domain::BandLabelVi(row.band)));
      AppendCsvRecord(out, cells);
    }
  };
  emit("Đơn vị", r.units);
  emit("Cán bộ", r.officials);
  return out;
}

Result<std::string> EvaluationReportXlsx(const EvaluationReport& r) {
  return BuildWorkbook([&](lxw_workbook* wb) {
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    auto sheet = [&](const char* name, const std::vector<EvaluationRow>& list) {
      lxw_worksheet* ws = workbook_add_worksheet(wb, name);
      std::string title = fmt::format("ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH — {}", r.period);
      worksheet_write_string(ws, 0, 0, title.c_str(), bold);
      const char* heads[] = {"Hạng", "Mã", "Tên", "Cơ quan", "Số hồ sơ"};
      lxw_col_t c = 0;
      for (const char* h : heads) worksheet_write_string(ws, 2, c++, h, bold);
      for (int i = 1; i <= 9; ++i)
        worksheet_write_string(ws, 2, c++, fmt::format("Tiêu chí {}", i).c_str(), bold);
      worksheet_write_string(ws, 2, c++, "Tổng điểm (18)", bold);
      worksheet_write_string(ws, 2, c++, "Xếp loại", bold);
      lxw_row_t row = 3;
      for (const auto& e : list) {
        c = 0;
        worksheet_write_number(ws, row, c++, e.rank, nullptr);
        worksheet_write_string(ws, row, c++, e.key.c_str(), nullptr);
        worksheet_write_string(ws, row, c++, e.name.c_str(), nullptr);
        worksheet_write_string(ws, row, c++, e.agency_code.c_str(), nullptr);
        worksheet_write_number(ws, row, c++, static_cast<double>(e.dossiers), nullptr);
        for (int i = 1; i <= 9; ++i) {
          if (e.indicators[i]) worksheet_write_number(ws, row, c, *e.indicators[i], nullptr);
          ++c;
        }
        worksheet_write_number(ws, row, c++, e.total, nullptr);
        worksheet_write_string(ws, row, c++, std::string(domain::BandLabelVi(e.band)).c_str(),
                               nullptr);
        ++row;
      }
    };
    sheet("Đơn vị", r.units);
    sheet("Cán bộ", r.officials);
  });
}

boost::json::object Index766ReportJson(const Index766Report& r) {
  boost::json::object o;
  o["agency"] = r.agency_code;
  o["from"] = r.from.ToString();
  o["to"] = r.to.AddDays(-1).ToString();
  boost::json::array items, missing;
  for (const auto& s : r.result.items) {
    boost::json::object i{
        {"id", s.id}, {"group", s.group}, {"name", s.name_vi}, {"max_points", s.max_points}};
    if (s.points) {
      i["points"] = *s.points;
      i["formula"] = s.formula;
    } else {
      i["points"] = nullptr;
      i["not_computable_reason"] = s.not_computable_reason;
      missing.push_back(boost::json::value(s.id));
    }
    items.push_back(std::move(i));
  }
  o["items"] = std::move(items);
  o["not_computable"] = std::move(missing);
  o["points"] = r.result.points;
  o["computable_max"] = r.result.computable_max;
  if (r.result.scaled) {
    o["scaled_100"] = *r.result.scaled;
    o["band"] = domain::Index766BandName(*r.result.scaled);
    o["band_label"] = domain::Index766BandLabelVi(*r.result.scaled);
  }
  return o;
}

namespace {

// The 766 index as lines: sub-indicator, group, name, maximum, points or the reason it is not
// computable, and the formula. The totals follow.
std::vector<std::vector<std::string>> Index766Lines(const Index766Report& r) {
  std::vector<std::vector<std::string>> lines;
  for (const auto& s : r.result.items) {
    lines.push_back({s.id, s.group, s.name_vi, fmt::format("{:g}", s.max_points),
                     s.points ? fmt::format("{:.2f}", *s.points) : std::string(),
                     s.points ? s.formula : s.not_computable_reason});
  }
  return lines;
}

const std::vector<std::string>& Index766Header() {
  static const std::vector<std::string> h{
      "Chỉ số", "Nhóm", "Tên", "Điểm tối đa", "Điểm đạt", "Cách tính / lý do chưa tính được"};
  return h;
}

std::string Index766Summary(const Index766Report& r) {
  std::string s = fmt::format("Tổng điểm {:.2f} / {:g} điểm tính được", r.result.points,
                              r.result.computable_max);
  if (r.result.scaled)
    s += fmt::format("; quy đổi {:.1f}/100 — {}", *r.result.scaled,
                     domain::Index766BandLabelVi(*r.result.scaled));
  return s;
}

}  // namespace

std::string Index766ReportCsv(const Index766Report& r) {
  std::string out = "\xEF\xBB\xBF";
  AppendCsvRecord(out, Index766Header());
  for (const auto& line : Index766Lines(r)) AppendCsvRecord(out, line);
  AppendCsvRecord(out,
                  {"", "", Index766Summary(r), "", fmt::format("{:.2f}", r.result.points), ""});
  return out;
}

Result<std::string> Index766ReportXlsx(const Index766Report& r) {
  std::string title = fmt::format("BỘ CHỈ SỐ 766 — {} — từ ngày {} đến hết ngày {}", r.agency_code,
                                  r.from.ToString(), r.to.AddDays(-1).ToString());
  auto lines = Index766Lines(r);
  lines.push_back({"", "", Index766Summary(r), "", fmt::format("{:.2f}", r.result.points), ""});
  return TableXlsx("Chỉ số 766", title, Index766Header(), lines);
}

std::string TableCsv(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  AppendCsvRecord(out, header);
  for (const auto& row : rows) AppendCsvRecord(out, row);
  return out;
}

Result<std::string> TableXlsx(const std::string& sheet, const std::string& title,
                              const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows) {
  return BuildWorkbook([&](lxw_workbook* wb) {
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.c_str());
    worksheet_write_string(ws, 0, 0, title.c_str(), bold);
    lxw_col_t c = 0;
    for (const auto& h : header) worksheet_write_string(ws, 2, c++, h.c_str(), bold);
    lxw_row_t row = 3;
    for (const auto& cells : rows) {
      c = 0;
      for (const auto& cell : cells) {
        // Whole numbers stay numbers so that the sheet can sum them.
        if (!cell.empty() && cell.size() < 16 &&
            cell.find_first_not_of("0123456789") == std::string::npos) {
          worksheet_write_number(ws, row, c++, std::strtod(cell.c_str(), nullptr), nullptr);
        } else {
          worksheet_write_string(ws, row, c++, cell.c_str(), nullptr);
        }
      }
      ++row;
    }
  });
}

boost::json::object DrillDownJson(const DrillDownResult& r) {
  auto opt_time = [](const std::optional<int64_t>& t) -> boost::json::value {
    if (!t) return nullptr;
    return boost::json::value(domain::FormatLocalDateTime(*t));
  };
  boost::json::object o;
  o["from"] = r.from.ToString();
  o["to"] = r.to.AddDays(-1).ToString();
  o["as_of"] = domain::FormatLocalDateTime(r.as_of);
  o["agency"] = r.agency_code;
  o["group_by"] = r.group_by;
  o["group"] = r.group;
  o["figure"] = r.figure;
  o["total"] = r.total;
  o["limit"] = r.limit;
  o["offset"] = r.offset;
  boost::json::array items;
  for (const auto& d : r.items) {
    items.push_back(boost::json::object{{"code", d.code},
                                        {"procedure", d.procedure_code},
                                        {"procedure_name", d.procedure_name},
                                        {"field", d.field_code},
                                        {"agency", d.agency_code},
                                        {"agency_name", d.agency_name},
                                        {"channel", d.channel},
                                        {"state", d.status},
                                        {"timeliness", d.outcome},
                                        {"received_at", opt_time(d.received_at)},
                                        {"due_at", opt_time(d.due_at)},
                                        {"resolved_at", opt_time(d.finished_at)},
                                        {"returned_at", opt_time(d.returned_at)}});
  }
  o["items"] = std::move(items);
  return o;
}

namespace {

struct StepColumn {
  const char* name;
  const char* label;
  int64_t StepAgencyFigures::*member;
};
constexpr StepColumn kStepColumns[] = {
    {"closed_early", "Bước hoàn thành trước hạn", &StepAgencyFigures::closed_early},
    {"closed_on_time", "Bước hoàn thành đúng hạn", &StepAgencyFigures::closed_on_time},
    {"closed_late", "Bước hoàn thành quá hạn", &StepAgencyFigures::closed_late},
    {"closed_no_quota", "Bước không quy định thời hạn", &StepAgencyFigures::closed_no_quota},
    {"open_within", "Bước đang xử lý trong hạn", &StepAgencyFigures::open_within},
    {"open_overdue", "Bước đang xử lý quá hạn", &StepAgencyFigures::open_overdue},
    {"late_office_minutes", "Số phút hành chính trễ (bước đã xong)",
     &StepAgencyFigures::late_office_minutes},
    {"overdue_office_minutes", "Số phút hành chính quá hạn (bước đang xử lý)",
     &StepAgencyFigures::overdue_office_minutes},
    {"late_dossiers", "Hồ sơ trễ hạn có bước của cơ quan vượt định mức",
     &StepAgencyFigures::late_dossiers},
    {"attributed_minutes", "Số phút trễ của hồ sơ quy cho cơ quan",
     &StepAgencyFigures::attributed_minutes},
};

boost::json::object StepFiguresJson(const StepAgencyFigures& f) {
  boost::json::object o{{"agency", f.code}, {"name", f.name}};
  for (const auto& c : kStepColumns) o[c.name] = f.*(c.member);
  auto rate = f.on_time_rate();
  o["on_time_rate"] = rate ? boost::json::value(*rate) : boost::json::value(nullptr);
  return o;
}

std::vector<std::string> StepHeader() {
  std::vector<std::string> header{"Mã cơ quan", "Tên cơ quan"};
  for (const auto& c : kStepColumns) header.push_back(c.label);
  header.push_back("Tỷ lệ bước đúng hạn (%)");
  return header;
}

// The agencies, then the total.
std::vector<FigureLine> StepLines(const StepReport& r) {
  std::vector<FigureLine> lines;
  auto line = [&](const std::string& code, const std::string& name, const StepAgencyFigures& f) {
    FigureLine l{code, name, {}, {f.on_time_rate()}};
    for (const auto& c : kStepColumns) l.counts.push_back(f.*(c.member));
    lines.push_back(std::move(l));
  };
  for (const auto& f : r.agencies) line(f.code, f.name, f);
  line("", "Tổng cộng", r.total);
  return lines;
}

}  // namespace

boost::json::object StepReportJson(const StepReport& r) {
  boost::json::object o;
  o["from"] = r.from.ToString();
  o["to"] = r.to.AddDays(-1).ToString();
  o["as_of"] = domain::FormatLocalDateTime(r.as_of);
  o["agency"] = r.agency_code;
  boost::json::array agencies;
  for (const auto& f : r.agencies) agencies.push_back(StepFiguresJson(f));
  o["agencies"] = std::move(agencies);
  o["total"] = StepFiguresJson(r.total);
  o["late_dossier_minutes"] = r.late_dossier_minutes;
  o["unattributed_dossiers"] = r.unattributed_dossiers;
  o["unattributed_minutes"] = r.unattributed_minutes;
  boost::json::array top;
  for (const auto& s : r.top_late) {
    top.push_back(boost::json::object{
        {"dossier", s.dossier_code},
        {"procedure", s.procedure_code},
        {"step", s.step_name},
        {"agency", s.agency_code},
        {"agency_name", s.agency_name},
        {"due_at", domain::FormatLocalDateTime(s.due_at)},
        {"ended_at", s.ended_at ? boost::json::value(domain::FormatLocalDateTime(*s.ended_at))
                                : boost::json::value(nullptr)},
        {"open", !s.ended_at.has_value()},
        {"late_minutes", s.late_minutes}});
  }
  o["top_late"] = std::move(top);
  return o;
}

std::string StepReportCsv(const StepReport& r) { return FiguresCsv(StepHeader(), StepLines(r)); }

Result<std::string> StepReportXlsx(const StepReport& r) {
  return BuildWorkbook([&](lxw_workbook* wb) {
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Theo bước xử lý");
    worksheet_write_string(ws, 0, 0, "BÁO CÁO TIẾN ĐỘ CÁC BƯỚC XỬ LÝ THEO CƠ QUAN THỰC HIỆN", bold);
    worksheet_write_string(ws, 1, 0, PeriodText(r).c_str(), nullptr);
    WriteFiguresSheet(ws, bold, StepHeader(), StepLines(r));
    lxw_worksheet* top = workbook_add_worksheet(wb, "Bước trễ nhiều nhất");
    const char* heads[] = {
        "Mã hồ sơ", "Thủ tục", "Bước", "Cơ quan", "Hạn bước", "Kết thúc", "Số phút hành chính trễ"};
    lxw_col_t col = 0;
    for (const char* h : heads) worksheet_write_string(top, 0, col++, h, bold);
    lxw_row_t row = 1;
    for (const auto& s : r.top_late) {
      col = 0;
      worksheet_write_string(top, row, col++, s.dossier_code.c_str(), nullptr);
      worksheet_write_string(top, row, col++, s.procedure_code.c_str(), nullptr);
      worksheet_write_string(top, row, col++, s.step_name.c_str(), nullptr);
      worksheet_write_string(top, row, col++, s.agency_name.c_str(), nullptr);
      worksheet_write_string(top, row, col++, domain::FormatLocalDateTime(s.due_at).c_str(),
                             nullptr);
      worksheet_write_string(
          top, row, col++,
          s.ended_at ? domain::FormatLocalDateTime(*s.ended_at).c_str() : "đang xử lý", nullptr);
      worksheet_write_number(top, row, col++, static_cast<double>(s.late_minutes), nullptr);
      ++row;
    }
  });
}

}  // namespace motcua::service
