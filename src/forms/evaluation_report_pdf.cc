#include "forms/evaluation_report_pdf.h"

#include <fmt/format.h>

#include <algorithm>

#include "forms/pdf_writer.h"
#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

constexpr double kMarginX = 36;
constexpr double kMarginTop = 36;
constexpr double kMarginBottom = 40;
constexpr double kBodySize = 8;
constexpr double kLeading = 1.3;
constexpr double kPadX = 2.5;
constexpr double kPadY = 2.5;

enum class Align { kLeft, kCenter, kRight };

struct Column {
  std::string label;
  double width;
  Align align;
};

// Breaks `text` into lines no wider than `width` at `size`: at spaces, and inside a word only
// when the word alone is too wide.
std::vector<std::string> Wrap(const PdfWriter& w, const std::string& text, FontFace face,
                              double size, double width) {
  std::vector<std::string> lines;
  std::string line;
  auto fits = [&](const std::string& s) { return w.TextWidth(s, face, size) <= width; };
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string word = text.substr(i, j - i);
    i = j;
    std::string candidate = line.empty() ? word : line + " " + word;
    if (fits(candidate)) {
      line = std::move(candidate);
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    // The word alone: split it by code points if it is too wide.
    size_t pos = 0;
    std::string piece;
    while (pos < word.size()) {
      size_t start = pos;
      NextCodePoint(word, &pos);
      std::string next = piece + word.substr(start, pos - start);
      if (!piece.empty() && !fits(next)) {
        lines.push_back(std::move(piece));
        piece = word.substr(start, pos - start);
      } else {
        piece = std::move(next);
      }
    }
    line = std::move(piece);
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string Score(const std::optional<double>& v) {
  return v ? fmt::format("{:.2f}", *v) : std::string("—");
}

class Report {
 public:
  explicit Report(PdfWriter& w) : w_(w) {}

  void NewPage() {
    w_.NewPage();
    ++page_;
    const PageSize size = w_.page_size();
    std::string footer = fmt::format("Trang {}", page_);
    double fw = w_.TextWidth(footer, FontFace::kRegular, 7.5);
    w_.Text((size.width - fw) / 2, size.height - kMarginBottom / 2, footer, FontFace::kRegular,
            7.5);
    y_ = kMarginTop;
  }
  double width() const { return w_.page_size().width - 2 * kMarginX; }
  double bottom() const { return w_.page_size().height - kMarginBottom; }

  // Centred (or left/right) lines of text, wrapped to the page width.
  void Paragraph(const std::string& text, FontFace face, double size, Align align,
                 double space_after = 4) {
    for (const auto& line : Wrap(w_, text, face, size, width())) {
      if (y_ + size * kLeading > bottom()) NewPage();
      double lw = w_.TextWidth(line, face, size);
      double x = align == Align::kLeft     ? kMarginX
                 : align == Align::kCenter ? kMarginX + (width() - lw) / 2
                                           : kMarginX + width() - lw;
      y_ += size * kLeading;
      w_.Text(x, y_ - size * 0.3, line, face, size);
    }
    y_ += space_after;
  }

  // A table whose header row repeats on every page it spans.
  void Table(const std::vector<Column>& cols, const std::vector<std::vector<std::string>>& rows) {
    auto row_height = [&](const std::vector<std::vector<std::string>>& cells) {
      size_t n = 1;
      for (const auto& c : cells) n = std::max(n, c.size());
      return static_cast<double>(n) * kBodySize * kLeading + 2 * kPadY;
    };
    auto wrap_row = [&](const std::vector<std::string>& texts, FontFace face) {
      std::vector<std::vector<std::string>> cells;
      for (size_t i = 0; i < cols.size(); ++i)
        cells.push_back(Wrap(w_, i < texts.size() ? texts[i] : std::string(), face, kBodySize,
                             cols[i].width - 2 * kPadX));
      return cells;
    };
    auto draw_row = [&](const std::vector<std::vector<std::string>>& cells, FontFace face, double h,
                        bool shade) {
      double x = kMarginX;
      for (size_t i = 0; i < cols.size(); ++i) {
        w_.StrokeRect(x, y_, cols[i].width, h, shade ? 0.8 : 0.4);
        double ty = y_ + kPadY;
        for (const auto& line : cells[i]) {
          ty += kBodySize * kLeading;
          double lw = w_.TextWidth(line, face, kBodySize);
          const double inner = cols[i].width - 2 * kPadX;
          double tx = cols[i].align == Align::kLeft     ? x + kPadX
                      : cols[i].align == Align::kCenter ? x + kPadX + (inner - lw) / 2
                                                        : x + kPadX + inner - lw;
          w_.Text(tx, ty - kBodySize * 0.3, line, face, kBodySize);
        }
        x += cols[i].width;
      }
      y_ += h;
    };
    std::vector<std::string> labels;
    for (const auto& c : cols) labels.push_back(c.label);
    const auto header = wrap_row(labels, FontFace::kBold);
    const double header_h = row_height(header);
    if (y_ + header_h + kBodySize * kLeading * 2 > bottom()) NewPage();
    draw_row(header, FontFace::kBold, header_h, true);
    for (const auto& r : rows) {
      auto cells = wrap_row(r, FontFace::kRegular);
      double h = row_height(cells);
      if (y_ + h > bottom()) {
        NewPage();
        draw_row(header, FontFace::kBold, header_h, true);
      }
      draw_row(cells, FontFace::kRegular, h, false);
    }
    y_ += 8;
  }

  double& y() { return y_; }

 private:
  PdfWriter& w_;
  int page_ = 0;
  double y_ = 0;
};

std::vector<std::string> RowCells(const EvaluationPdfRow& r, bool official) {
  std::vector<std::string> cells{std::to_string(r.rank), r.key, r.name};
  if (official) cells.push_back(r.agency);
  cells.push_back(std::to_string(r.dossiers));
  for (int i = 1; i <= 9; ++i) cells.push_back(Score(r.indicators[i]));
  cells.push_back(fmt::format("{:.2f}", r.total));
  cells.push_back(r.band);
  return cells;
}

std::vector<Column> Columns(double width, bool official) {
  std::vector<Column> cols{{"Hạng", 34, Align::kCenter},
                           {official ? "Tài khoản" : "Mã định danh", 82, Align::kLeft},
                           {official ? "Họ và tên" : "Tên đơn vị", 0, Align::kLeft}};
  if (official) cols.push_back({"Cơ quan", 82, Align::kLeft});
  cols.push_back({"Số hồ sơ", 40, Align::kRight});
  for (int i = 1; i <= 9; ++i) cols.push_back({fmt::format("TC {}", i), 33, Align::kRight});
  cols.push_back({"Tổng điểm (18)", 42, Align::kRight});
  cols.push_back({"Xếp loại", 52, Align::kLeft});
  double fixed = 0;
  for (const auto& c : cols) fixed += c.width;
  cols[2].width = std::max(80.0, width - fixed);
  return cols;
}

std::string Number(double v) {
  std::string s = fmt::format("{:.2f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string EvaluationPeriodTitle(const std::string& period) {
  static const char* kRoman[] = {"I", "II", "III", "IV"};
  if (period.size() == 6 && (period[4] == 'Q' || period[4] == 'q') && period[5] >= '1' &&
      period[5] <= '4')
    return fmt::format("QUÝ {} NĂM {}", kRoman[period[5] - '1'], period.substr(0, 4));
  if (period.size() == 4) return "NĂM " + period;
  return period;
}

Result<std::string> RenderEvaluationReportPdf(const EvaluationPdfData& d) {
  MOTCUA_ASSIGN_OR_RETURN(auto writer,
                          PdfWriter::Create(kA4Landscape, "Báo cáo kết quả đánh giá " + d.period));
  Report r(writer);
  r.NewPage();
  // The heading: the reporting unit on the left, the national motto on the right.
  const double half = r.width() / 2;
  const double top = r.y();
  if (!d.agency_name.empty()) {
    auto lines = Wrap(writer, d.agency_name, FontFace::kBold, 9, half - 20);
    double y = top;
    for (const auto& line : lines) {
      y += 9 * kLeading;
      double lw = writer.TextWidth(line, FontFace::kBold, 9);
      writer.Text(kMarginX + (half - lw) / 2, y, line, FontFace::kBold, 9);
    }
  }
  {
    double y = top;
    for (auto [text, face] : {std::pair{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FontFace::kBold},
                              std::pair{"Độc lập - Tự do - Hạnh phúc", FontFace::kBold}}) {
      y += 9 * kLeading;
      double lw = writer.TextWidth(text, face, 9);
      writer.Text(kMarginX + half + (half - lw) / 2, y, text, face, 9);
    }
  }
  r.y() = top + 2 * 9 * kLeading + 14;
  r.Paragraph("BÁO CÁO KẾT QUẢ ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH " +
                  EvaluationPeriodTitle(d.period),
              FontFace::kBold, 13, Align::kCenter, 2);
  r.Paragraph(
      "(Theo Nghị định số 61/2018/NĐ-CP và Thông tư số 01/2018/TT-VPCP; chín tiêu chí, mỗi tiêu "
      "chí tối đa 2 điểm, tổng tối đa 18 điểm)",
      FontFace::kRegular, 9, Align::kCenter, 10);

  r.Paragraph("I. XẾP HẠNG CÁC ĐƠN VỊ", FontFace::kBold, 10, Align::kLeft, 4);
  if (d.units.empty()) {
    r.Paragraph("Không có hồ sơ được giải quyết trong kỳ.", FontFace::kRegular, 9, Align::kLeft, 8);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& u : d.units) rows.push_back(RowCells(u, false));
    r.Table(Columns(r.width(), false), rows);
  }
  r.Paragraph("II. XẾP HẠNG CÁN BỘ, CÔNG CHỨC", FontFace::kBold, 10, Align::kLeft, 4);
  if (d.officials.empty()) {
    r.Paragraph("Không có cán bộ, công chức tham gia giải quyết hồ sơ trong kỳ.",
                FontFace::kRegular, 9, Align::kLeft, 8);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& o : d.officials) rows.push_back(RowCells(o, true));
    r.Table(Columns(r.width(), true), rows);
  }
  r.Paragraph(
      "Tiêu chí: TC 1 thời gian giải quyết; TC 2 tiến độ từng bước; TC 3 số lần yêu cầu "
      "bổ sung; TC 4 số cơ quan phải liên hệ; TC 5 giải quyết tại Bộ phận một cửa; TC 6 "
      "công khai thủ tục; TC 7 thái độ, sự hài lòng; TC 8 tiếp nhận, xử lý phản ánh, kiến "
      "nghị; TC 9 dịch vụ công trực tuyến. Điểm tiêu chí theo hồ sơ là điểm trung bình.",
      FontFace::kRegular, 8, Align::kLeft, 4);
  r.Paragraph(fmt::format("Xếp loại: Xuất sắc trên {} điểm; Tốt từ {} điểm; Khá từ {} điểm; "
                          "Trung bình từ {} điểm; Yếu dưới {} điểm.",
                          Number(d.excellent_above), Number(d.good_from), Number(d.fair_from),
                          Number(d.average_from), Number(d.average_from)),
              FontFace::kRegular, 8, Align::kLeft, 10);
  r.Paragraph("Lập " + PlaceDateVi("", d.generated_at), FontFace::kRegular, 9, Align::kRight, 0);
  return writer.Finish();
}

}  // namespace motcua::forms
