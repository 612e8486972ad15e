#include "forms/evaluation_report_pdf.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "domain/local_date.h"
#include "forms/forms_test_util.h"

namespace motcua::forms {
namespace {

using testing::HaveTool;
using testing::RunCommand;
using testing::Squeeze;
using testing::TempDir;
using testing::WriteFile;

EvaluationPdfData Sample(int officials) {
  EvaluationPdfData d;
  d.period = "2026Q3";
  d.agency_name = "Ủy ban nhân dân tỉnh Thử Nghiệm";
  d.generated_at = domain::StartOfLocalDay({2026, 10, 5}) + 9 * 3600;
  for (int i = 0; i < 3; ++i) {
    EvaluationPdfRow u;
    u.rank = i + 1;
    u.key = "000.00.1" + std::to_string(i) + ".H99";
    u.name = i == 0 ? "Sở Tư pháp tỉnh Thử Nghiệm" : "Ủy ban nhân dân xã Đồng Tiến";
    u.dossiers = 120 - i;
    for (int k = 1; k <= 9; ++k) u.indicators[k] = 2.0 - 0.1 * i;
    u.total = 17.5 - i;
    u.band = i == 0 ? "Xuất sắc" : "Tốt";
    d.units.push_back(u);
  }
  for (int i = 0; i < officials; ++i) {
    EvaluationPdfRow o;
    o.rank = i + 1;
    o.key = "canbo" + std::to_string(i);
    o.name = "Nguyễn Thị Hồng Nhung số " + std::to_string(i);
    o.agency = "000.00.10.H99";
    o.dossiers = 10;
    o.indicators[1] = 1.5;
    o.indicators[7] = 2;
    o.total = 15 - i * 0.01;
    o.band = "Tốt";
    d.officials.push_back(o);
  }
  return d;
}

int PageCount(const std::string& pdf, const std::filesystem::path& dir) {
  auto path = dir / "count.pdf";
  WriteFile(path, pdf);
  std::string info = RunCommand("pdfinfo " + path.string());
  auto at = info.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::stoi(info.substr(at + 6));
}

TEST(EvaluationReportPdfTest, PeriodTitles) {
  EXPECT_EQ(EvaluationPeriodTitle("2026Q3"), "QUÝ III NĂM 2026");
  EXPECT_EQ(EvaluationPeriodTitle("2026Q1"), "QUÝ I NĂM 2026");
  EXPECT_EQ(EvaluationPeriodTitle("2025"), "NĂM 2025");
}

TEST(EvaluationReportPdfTest, ShortReportIsOnePageWithVietnameseText) {
  auto pdf = RenderEvaluationReportPdf(Sample(5));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  if (!HaveTool("pdftotext") || !HaveTool("pdfinfo")) GTEST_SKIP() << "poppler-utils missing";
  auto dir = TempDir("eval");
  EXPECT_EQ(PageCount(*pdf, dir), 1);
  auto path = dir / "eval.pdf";
  WriteFile(path, *pdf);
  std::string text = Squeeze(RunCommand("pdftotext -layout " + path.string() + " -"));
  for (const char* expected :
       {"BÁO CÁO KẾT QUẢ ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ III NĂM 2026",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Sở Tư pháp tỉnh Thử Nghiệm",
        "Ủy ban nhân dân xã Đồng Tiến", "XẾP HẠNG CÁN BỘ, CÔNG CHỨC", "Nguyễn Thị Hồng Nhung",
        "Xuất sắc", "17.50", "ngày 05 tháng 10 năm 2026", "Xếp loại: Xuất sắc trên 15 điểm"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  std::filesystem::remove_all(dir);
}

TEST(EvaluationReportPdfTest, LongTableSpansPagesWithRepeatedHeader) {
  // About 30 official rows fit on a landscape A4 page; 200 need several pages.
  auto pdf = RenderEvaluationReportPdf(Sample(200));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!HaveTool("pdftotext") || !HaveTool("pdfinfo")) GTEST_SKIP() << "poppler-utils missing";
  auto dir = TempDir("eval-long");
  WriteFile(testing::ArtifactDir() / "evaluation-report.pdf", *pdf);  // for people to look at
  const int pages = PageCount(*pdf, dir);
  EXPECT_GE(pages, 5);
  EXPECT_LE(pages, 12);
  auto path = dir / "eval.pdf";
  WriteFile(path, *pdf);
  // Every row is printed once, and the last page still has the header and the date.
  std::string all = RunCommand("pdftotext " + path.string() + " -");
  for (int i : {0, 57, 199}) {
    EXPECT_NE(all.find("canbo" + std::to_string(i) + "\n"), std::string::npos) << i;
  }
  std::string last = Squeeze(RunCommand("pdftotext -f " + std::to_string(pages) + " -l " +
                                        std::to_string(pages) + " " + path.string() + " -"));
  EXPECT_NE(last.find("Họ và tên"), std::string::npos) << last;
  EXPECT_NE(last.find("Trang " + std::to_string(pages)), std::string::npos) << last;
  EXPECT_NE(last.find("ngày 05 tháng 10 năm 2026"), std::string::npos) << last;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace motcua::forms
