// Layout guarantees: long text wraps inside the page, tables paginate, fonts cover Vietnamese.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <set>

#include "forms/font_subset.h"
#include "forms/forms.h"
#include "forms/forms_test_util.h"
#include "forms/pdf_render.h"
#include "forms/register_xlsx.h"
#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

using testing::ArtifactDir;
using testing::HaveTool;
using testing::RunCommand;
using testing::SampleRequest;
using testing::Squeeze;
using testing::TempDir;
using testing::WriteFile;

struct Word {
  double x_min, y_min, x_max, y_max;
  std::string text;
};

// Words with their boxes from `pdftotext -bbox`, and the page size.
std::vector<Word> Words(const std::string& bbox_html, double* page_w, double* page_h) {
  static const std::regex page(R"re(<page width="([0-9.]+)" height="([0-9.]+)")re");
  static const std::regex word(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  std::smatch m;
  if (std::regex_search(bbox_html, m, page)) {
    *page_w = std::stod(m[1]);
    *page_h = std::stod(m[2]);
  }
  std::vector<Word> words;
  for (auto it = std::sregex_iterator(bbox_html.begin(), bbox_html.end(), word);
       it != std::sregex_iterator(); ++it) {
    words.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                     std::stod((*it)[4]), (*it)[5]});
  }
  return words;
}

TEST(Layout, A300CharacterNameWrapsInsideThePage) {
  if (!HaveTool("pdftotext")) GTEST_SKIP() << "poppler-utils missing";
  FormRequest request = SampleRequest(FormKind::kReceipt, true);
  // 300 characters: words, then one unbroken 60-letter token that must be cut.
  std::string name;
  while (name.size() < 240) name += "Tôn Nữ Hoàng Phương Khuê ";
  std::string token(60, 'X');
  name += token;
  request.applicant.name = name;
  request.applicant.address = name;  // a long address too
  auto pdf = RenderFormPdf(request);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const auto dir = TempDir("wrap");
  WriteFile(dir / "long.pdf", *pdf);
  int code = -1;
  const std::string bbox =
      RunCommand("pdftotext -bbox '" + (dir / "long.pdf").string() + "' -", &code);
  ASSERT_EQ(code, 0);
  double page_w = 0, page_h = 0;
  const std::vector<Word> words = Words(bbox, &page_w, &page_h);
  ASSERT_GT(words.size(), 100u);
  EXPECT_NEAR(page_w, kA5Portrait.width, 1);
  const Margins m = MarginsFor(kA5Portrait);
  std::set<int> name_lines;
  for (const Word& w : words) {
    EXPECT_GE(w.x_min, m.left - 0.5) << w.text;
    EXPECT_LE(w.x_max, page_w - m.right + 0.5) << w.text;
    EXPECT_GE(w.y_min, 0) << w.text;
    EXPECT_LE(w.y_max, page_h) << w.text;
    if (w.text == "Khuê") name_lines.insert(static_cast<int>(w.y_min));
  }
  EXPECT_GE(name_lines.size(), 4u) << "the name and address should wrap over several lines";
  // Nothing lost: the unbroken token comes back whole once the line breaks are removed.
  std::string text = RunCommand("pdftotext '" + (dir / "long.pdf").string() + "' -", &code);
  std::string joined;
  for (char c : text)
    if (c != '\n') joined += c;
  EXPECT_NE(joined.find(token), std::string::npos);
  RunCommand("pdftoppm -r 100 -png '" + (dir / "long.pdf").string() + "' '" +
             (ArtifactDir() / "long-name-receipt").string() + "'");
  std::filesystem::remove_all(dir);
}

std::string BigRegisterCode(int i) {
  return fmt::format("000.00.15.H12-2507{:02d}-{:04d}", 1 + i % 28, i);
}

FormRequest BigRegister(int rows) {
  FormRequest r = SampleRequest(FormKind::kRegister, true);
  r.kind = FormKind::kRegister;
  r.register_from = domain::LocalDate{2025, 7, 1};
  r.register_to = domain::LocalDate{2025, 7, 31};
  for (int i = 1; i <= rows; ++i) {
    RegisterRow row;
    row.dossier_code = BigRegisterCode(i);
    row.procedure_name = i % 7 == 0 ? "Cấp giấy phép xây dựng đối với công trình cấp đặc biệt, "
                                      "cấp I, cấp II; công trình tôn giáo; công trình di tích"
                                    : "Đăng ký khai sinh";
    row.applicant_name =
        i % 5 == 0 ? "Công ty trách nhiệm hữu hạn Thương mại Dịch vụ Bến Tre" : "Nguyễn Văn An";
    row.applicant_contact = "Phường An Hội, tỉnh Bến Tre, 0912 345 678";
    row.handling_agency = "Sở Tư pháp";
    row.received_at = testing::At(2025, 7, 1 + i % 28, 8, 0);
    row.due_at = row.received_at + 5 * 86400;
    if (i % 3) row.returned_at = row.received_at + 4 * 86400;
    if (i % 3) row.timeliness = domain::Timeliness::kEarly;
    r.register_rows.push_back(std::move(row));
  }
  return r;
}

TEST(Layout, ARegisterOf5000RowsPaginates) {
  if (!HaveTool("pdftotext") || !HaveTool("pdfinfo")) GTEST_SKIP() << "poppler-utils missing";
  const FormRequest r = BigRegister(5000);
  const auto start = std::chrono::steady_clock::now();
  auto pdf = RenderRegisterPdf(r);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  std::printf("register: 5000 rows rendered in %.0f ms, %zu bytes\n", ms, pdf->size());
  const auto dir = TempDir("register");
  WriteFile(dir / "register.pdf", *pdf);
  int code = -1;
  const std::string info = RunCommand("pdfinfo '" + (dir / "register.pdf").string() + "'", &code);
  ASSERT_EQ(code, 0);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Pages:\s+(\d+))")));
  const int pages = std::stoi(m[1]);
  EXPECT_GT(pages, 100);
  EXPECT_NE(info.find("841.89 x 595.28"), std::string::npos) << "A4 landscape";
  // The header repeats on every page; the last row and the total are there.
  for (int page : {2, pages / 2, pages}) {
    const std::string text = Squeeze(RunCommand(
        fmt::format("pdftotext -f {0} -l {0} '{1}' -", page, (dir / "register.pdf").string())));
    EXPECT_NE(text.find("Tên thủ tục hành chính"), std::string::npos) << "page " << page;
  }
  const std::string last = Squeeze(RunCommand(
      fmt::format("pdftotext -f {0} -l {0} '{1}' -", pages, (dir / "register.pdf").string())));
  EXPECT_NE(last.find(BigRegisterCode(5000)), std::string::npos);
  EXPECT_NE(last.find("Tổng số: 5000 hồ sơ."), std::string::npos);
  RunCommand("pdftoppm -r 80 -png -f 1 -l 2 '" + (dir / "register.pdf").string() + "' '" +
             (ArtifactDir() / "register-5000").string() + "'");
  std::filesystem::remove_all(dir);
}

TEST(Layout, ARowTallerThanAPageSplitsAcrossPages) {
  FormRequest r = BigRegister(3);
  r.register_rows[1].note = std::string(20000, 'Z');  // ~ several pages of one cell
  auto pdf = RenderRegisterPdf(r);
  ASSERT_TRUE(pdf.ok());
  if (!HaveTool("pdftotext")) GTEST_SKIP();
  const auto dir = TempDir("tall");
  WriteFile(dir / "tall.pdf", *pdf);
  std::string text = RunCommand("pdftotext '" + (dir / "tall.pdf").string() + "' -");
  size_t zs = 0;
  for (char c : text) zs += c == 'Z';
  EXPECT_EQ(zs, 20000u) << "every character of the tall cell is printed";
  std::filesystem::remove_all(dir);
}

TEST(Register, XlsxHasEveryRow) {
  const FormRequest r = BigRegister(5000);
  auto xlsx = RenderRegisterXlsx(r);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  ASSERT_EQ(xlsx->rfind("PK", 0), 0u) << "an XLSX is a zip file";
  if (!HaveTool("unzip")) GTEST_SKIP() << "unzip missing";
  const auto dir = TempDir("xlsx");
  WriteFile(dir / "register.xlsx", *xlsx);
  const std::string sheet =
      RunCommand("unzip -p '" + (dir / "register.xlsx").string() + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find(BigRegisterCode(5000)), std::string::npos);
  EXPECT_NE(sheet.find("SỔ THEO DÕI HỒ SƠ (Mẫu số 07, Thông tư số 03/2025/TT-VPCP)"),
            std::string::npos);
  EXPECT_NE(sheet.find("Tổng số: 5000 hồ sơ."), std::string::npos);
  const std::string book =
      RunCommand("unzip -p '" + (dir / "register.xlsx").string() + "' xl/workbook.xml");
  EXPECT_NE(book.find("Sổ theo dõi hồ sơ"), std::string::npos);
  WriteFile(ArtifactDir() / "register-5000.xlsx", *xlsx);
  std::filesystem::remove_all(dir);
}

TEST(Fonts, TheSubsetCoversEveryVietnameseLetter) {
  auto font = GetPdfFont(FontFace::kRegular);
  ASSERT_TRUE(font.ok()) << font.status().ToString();
  for (char32_t c = 0x1EA0; c <= 0x1EF9; ++c)
    EXPECT_NE((*font)->GlyphOf(c), 0) << static_cast<uint32_t>(c);
  for (char32_t c : std::u32string_view(U"ĂăÂâĐđÊêÔôƠơƯưĨĩŨũÀÁẢÃẠ“”–…₫"))
    EXPECT_NE((*font)->GlyphOf(c), 0);
  EXPECT_EQ((*font)->GlyphOf(U'中'), 0);
  EXPECT_LT((*font)->widths.size(), 1000u);
  EXPECT_GT((*font)->Width("Hạnh phúc", 10), (*font)->Width("Hanh", 10));
  auto bold = GetPdfFont(FontFace::kBold);
  ASSERT_TRUE(bold.ok());
  EXPECT_GT((*bold)->Width("CỘNG HÒA", 10), (*font)->Width("CỘNG HÒA", 10));
}

TEST(Fonts, SubsetRejectsGarbage) {
  EXPECT_EQ(SubsetTrueType("not a font", FormRepertoire()).status().reason(), "invalid_font");
  EXPECT_FALSE(SubsetTrueType(std::string(64, '\0'), FormRepertoire()).ok());
}

}  // namespace
}  // namespace motcua::forms
