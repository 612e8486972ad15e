#include "forms/forms.h"

#include <gtest/gtest.h>

#include "forms/form_catalog.h"
#include "forms/forms_test_util.h"
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

struct Case {
  Regime regime;
  FormKind kind;
};

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  return std::string(InfoOf(info.param.regime).key) + "_" +
         std::string(FormKindName(info.param.kind));
}

std::vector<Case> AllForms() {
  std::vector<Case> cases;
  for (const RegimeInfo& r : Regimes())
    for (FormKind k : FormsOf(r.regime)) cases.push_back({r.regime, k});
  return cases;
}

FormRequest RequestFor(const Case& c) {
  FormRequest r = SampleRequest(c.kind, c.regime == Regime::kCircular03_2025);
  if (c.kind == FormKind::kRegister) {
    r.register_from = domain::LocalDateOf(r.received_at);
    r.register_to = r.register_from->AddDays(30);
    for (int i = 0; i < 3; ++i) {
      RegisterRow row;
      row.dossier_code = i == 1 ? r.dossier_code : r.dossier_code + std::to_string(i);
      row.procedure_name = r.procedure_name;
      row.applicant_name = r.applicant.name;
      row.applicant_contact = r.applicant.address + ", " + r.applicant.phone;
      row.handling_agency = r.handling_agency;
      row.received_at = r.received_at;
      row.due_at = r.due_at;
      row.returned_at = *r.due_at - 3600;
      row.timeliness = domain::Timeliness::kOnTime;
      r.register_rows.push_back(row);
    }
  }
  return r;
}

class EveryForm : public ::testing::TestWithParam<Case> {};

TEST_P(EveryForm, PdfTextHasTheTitleCodeAndDueDate) {
  if (!HaveTool("pdftotext") || !HaveTool("pdftoppm")) GTEST_SKIP() << "poppler-utils missing";
  const Case c = GetParam();
  const FormRequest request = RequestFor(c);
  ASSERT_EQ(EffectiveRegime(request), c.regime);
  auto pdf = RenderFormPdf(request);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_EQ(pdf->rfind("%PDF-1.7", 0), 0u);

  const auto dir = TempDir("every");
  const std::string name = FormFileName(request, "pdf");
  WriteFile(dir / name, *pdf);
  int code = -1;
  const std::string text =
      Squeeze(RunCommand("pdftotext -enc UTF-8 '" + (dir / name).string() + "' -", &code));
  ASSERT_EQ(code, 0);
  EXPECT_NE(text.find(FormHeading(c.regime, c.kind)), std::string::npos) << text;
  EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos);
  EXPECT_NE(text.find("Độc lập - Tự do - Hạnh phúc"), std::string::npos);
  EXPECT_NE(text.find("Mẫu số " + std::string(*FormNumber(c.regime, c.kind))), std::string::npos);
  EXPECT_NE(text.find(PlaceDateVi("Bến Tre", request.received_at)), std::string::npos) << text;
  EXPECT_NE(text.find(request.dossier_code), std::string::npos) << text;
  // The refusal is issued instead of receiving the dossier: it has no appointment to show.
  if (c.kind != FormKind::kRefusal) {
    const std::string due = c.kind == FormKind::kRegister ? DateTimeShort(*request.due_at)
                                                          : DateTimeVi(*request.due_at);
    EXPECT_NE(text.find(due), std::string::npos) << due << "\n" << text;
  }

  // Page images for people to look at.
  const auto prefix =
      ArtifactDir() / (std::string(InfoOf(c.regime).key) + "-" + name.substr(0, name.size() - 4));
  RunCommand("pdftoppm -r 100 -png '" + (dir / name).string() + "' '" + prefix.string() + "'",
             &code);
  EXPECT_EQ(code, 0);
  std::filesystem::remove_all(dir);
}

TEST_P(EveryForm, HtmlTwinSaysTheSame) {
  const Case c = GetParam();
  FormRequest request = RequestFor(c);
  request.applicant.name = "Nguyễn <b>Văn</b> \"A\" & 'B'";
  auto html = RenderFormHtml(request);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_NE(html->find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(html->find("@page{size:"), std::string::npos);
  EXPECT_NE(html->find(c.kind == FormKind::kRegister ? "A4 landscape" : "A5 portrait"),
            std::string::npos);
  EXPECT_NE(html->find(FormHeading(c.regime, c.kind)), std::string::npos);
  EXPECT_NE(html->find(request.dossier_code), std::string::npos);
  EXPECT_EQ(html->find("<b>Văn</b>"), std::string::npos) << "unescaped applicant name";
  if (c.kind != FormKind::kRegister && c.kind != FormKind::kControlSheet) {
    EXPECT_NE(html->find("Nguyễn &lt;b&gt;Văn&lt;/b&gt; &quot;A&quot; &amp; &#39;B&#39;"),
              std::string::npos);
  }
  if (c.kind == FormKind::kReceipt) {
    EXPECT_NE(html->find("<svg"), std::string::npos);
  }
  WriteFile(
      ArtifactDir() / (std::string(InfoOf(c.regime).key) + "-" + FormFileName(request, "html")),
      *html);
}

INSTANTIATE_TEST_SUITE_P(BothRegimes, EveryForm, ::testing::ValuesIn(AllForms()), CaseName);

TEST(Receipt, QrCodeDecodesToTheLookupUrl) {
  if (!HaveTool("pdftoppm") || !HaveTool("zbarimg")) GTEST_SKIP() << "poppler/zbar missing";
  for (bool regime_2025 : {false, true}) {
    const FormRequest request = SampleRequest(FormKind::kReceipt, regime_2025);
    auto pdf = RenderFormPdf(request);
    ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
    const auto dir = TempDir("qr");
    WriteFile(dir / "receipt.pdf", *pdf);
    int code = -1;
    RunCommand("pdftoppm -r 200 -png '" + (dir / "receipt.pdf").string() + "' '" +
                   (dir / "page").string() + "'",
               &code);
    ASSERT_EQ(code, 0);
    // The receipt fits on one A5 page, QR code included.
    ASSERT_TRUE(std::filesystem::exists(dir / "page-1.png"));
    EXPECT_FALSE(std::filesystem::exists(dir / "page-2.png")) << "the receipt runs to two pages";
    const std::string decoded = RunCommand(
        "zbarimg --quiet --raw -Sdisable -Sqrcode.enable '" + (dir / "page-1.png").string() + "'",
        &code);
    EXPECT_EQ(code, 0);
    EXPECT_EQ(decoded, request.lookup_url + "\n");
    std::filesystem::copy_file(
        dir / "page-1.png",
        ArtifactDir() / (std::string(regime_2025 ? "2025" : "2018") + "-receipt-200dpi.png"),
        std::filesystem::copy_options::overwrite_existing);
    std::filesystem::remove_all(dir);
  }
}

TEST(Forms, TheStopNoticeDoesNotExistUnderCircular01_2018) {
  FormRequest request = SampleRequest(FormKind::kStopNotice, /*regime_2025=*/false);
  auto pdf = RenderFormPdf(request);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), Code::kNotFound);
  EXPECT_EQ(pdf.status().reason(), "form_not_found");
  // An explicit regime overrides the reception date.
  request.regime = Regime::kCircular03_2025;
  EXPECT_TRUE(RenderFormPdf(request).ok());
}

TEST(Forms, ADossierFormNeedsADossierCode) {
  FormRequest request = SampleRequest(FormKind::kReceipt, true);
  request.dossier_code.clear();
  auto pdf = RenderFormPdf(request);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().reason(), "missing_field");
  EXPECT_EQ(pdf.status().field(), "dossier_code");
}

TEST(Forms, EmptyFieldsPrintAsBlanksAndNoQrWithoutUrl) {
  FormRequest request;
  request.kind = FormKind::kReceipt;
  request.dossier_code = "H12-250714-0001";
  request.received_at = testing::At(2025, 7, 14, 9, 0);
  auto doc = BuildForm(request);
  ASSERT_TRUE(doc.ok());
  for (const Block& b : doc->blocks) EXPECT_FALSE(std::holds_alternative<QrBlock>(b));
  auto pdf = RenderFormPdf(request);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
}

TEST(Forms, FileNamesAreAscii) {
  FormRequest request = SampleRequest(FormKind::kControlSheet, false);
  EXPECT_EQ(FormFileName(request, "pdf"), "mau-05-000.00.15.H12-240305-0007.pdf");
  request = SampleRequest(FormKind::kControlSheet, true);
  EXPECT_EQ(FormFileName(request, "html"), "mau-06-000.00.15.H12-250714-0042.html");
  request.kind = FormKind::kRegister;
  request.register_from = domain::LocalDate{2025, 7, 1};
  request.register_to = domain::LocalDate{2025, 7, 31};
  EXPECT_EQ(FormFileName(request, "xlsx"), "so-theo-doi-ho-so-2025-07-01-2025-07-31.xlsx");
}

}  // namespace
}  // namespace motcua::forms
