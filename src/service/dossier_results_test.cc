// Electronic results (decision 0017): the signed result document recorded with the approval.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "forms/forms_test_util.h"
#include "forms/pades.h"
#include "forms/pdf_writer.h"
#include "service/dossier_service.h"
#include "service/dossier_world_test_util.h"
#include "service/result_signer.h"
#include "storage/result_document_store.h"

namespace motcua::service {
namespace {

namespace json = boost::json;

using testing::kMonday9;

class DossierResultsTest : public testing::DossierWorldTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(
        OpenWorld("results", testing::ProvinceCentreDepartment("Ủy ban nhân dân tỉnh Thử"),
                  testing::FourStepCatalogue("Thủ tục thử nghiệm kết quả điện tử"),
                  /*with_files=*/true));
    // Only the province has a key: Sở A's results are signed with it (nearest ancestor).
    auto password = forms::EnsureDemoSigningKeys((dir_ / "signing").string(),
                                                 {{"H99", "Ủy ban nhân dân tỉnh Thử"}});
    ASSERT_TRUE(password.ok()) << password.status().ToString();
    auto signer = ResultSigner::Load({(dir_ / "signing").string(), "", *password});
    ASSERT_TRUE(signer.ok()) << signer.status().ToString();
    signer_ = std::move(signer).value();
    dossiers_->SetResultSigner(signer_.get(), [](std::string_view code) {
      return "http://localhost:19300/tra-cuu/" + std::string(code);
    });
    officer_ = User("can.bo", "reception_officer", "C.H99");
    specialist_ = User("chuyen.vien", "specialist", "A.H99");
    leader_ = User("lanh.dao", "leader", "A.H99");
    citizen_ = User("cong.dan", "citizen", "");
    other_citizen_ = User("cong.dan.khac", "citizen", "");
  }

  // A dossier at the leader's approval step.
  std::string AtApproval(const std::string& channel) {
    SubmitInput in = testing::ApplicantSubmission("9.000001", channel);
    auto r = dossiers_->Submit(channel == "online" ? citizen_ : officer_, in);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::string code(r->body.at("code").as_string());
    if (channel == "online") Act(officer_, code, "receive");
    Act(officer_, code, "forward");
    Act(specialist_, code, "forward");
    return code;
  }

  ActionInput Input(const std::string& code, const std::string& action) {
    auto view = dossiers_->Get(&officer_, code);
    EXPECT_TRUE(view.ok());
    ActionInput in;
    in.action = action;
    in.version = view->at("version").as_int64();
    return in;
  }

  json::object Act(const Principal& p, const std::string& code, const std::string& action) {
    auto r = dossiers_->Act(p, code, Input(code, action));
    EXPECT_TRUE(r.ok()) << action << ": " << r.status().ToString();
    return r.ok() ? r->body : json::object{};
  }

  int StoredFiles() {
    int n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_ / "attachments", ec))
      if (e.is_regular_file()) ++n;
    return n;
  }

  int64_t ResultRows(const std::string& code) {
    int64_t n = -1;
    EXPECT_TRUE(db_->Read([&](storage::Connection& c) -> Status {
                     MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, code));
                     if (!d) return Status(Code::kNotFound, "dossier");
                     MOTCUA_ASSIGN_OR_RETURN(auto docs, storage::ListResultDocuments(c, d->id));
                     n = static_cast<int64_t>(docs.size());
                     return Status::Ok();
                   })
                    .ok());
    return n;
  }

  std::string PdfSig(const std::string& path) {
    return forms::testing::RunCommand("pdfsig '" + path + "' 2>&1");
  }

  static std::string UnsignedPdf() {
    auto w = forms::PdfWriter::Create(forms::kA4Portrait, "Quyết định");
    w->NewPage();
    w->Text(72, 100, "QUYẾT ĐỊNH CẤP GIẤY CHỨNG NHẬN", forms::FontFace::kBold, 14);
    return w->Finish();
  }

  std::unique_ptr<ResultSigner> signer_;
  Principal officer_, specialist_, leader_, citizen_, other_citizen_;
};

TEST_F(DossierResultsTest, OnlineApprovalSignsTheGeneratedNoticeForTheOwnerOnly) {
  const std::string code = AtApproval("online");
  EXPECT_EQ(StoredFiles(), 0);  // the intermediate approvals kept nothing
  auto done = Act(leader_, code, "approve");
  ASSERT_EQ(done.at("status").as_string(), "finished");
  const auto& er = done.at("electronic_result").as_object();
  EXPECT_EQ(er.at("source").as_string(), "generated");
  EXPECT_EQ(er.at("signer_agency_code").as_string(), "H99");  // Sở A's ancestor
  EXPECT_EQ(er.at("signer").as_string(), "Ủy ban nhân dân tỉnh Thử");
  EXPECT_EQ(er.at("cert_sha256").as_string().size(), 64u);
  EXPECT_EQ(StoredFiles(), 1);
  EXPECT_EQ(ResultRows(code), 1);

  auto file = dossiers_->ResultDocument(citizen_, code);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const std::string report = PdfSig(file->path);
  EXPECT_NE(report.find("Signature Validation: Signature is Valid."), std::string::npos) << report;
  EXPECT_NE(report.find("Total document signed"), std::string::npos) << report;
  const std::string text = forms::testing::RunCommand("pdftotext '" + file->path + "' -");
  EXPECT_NE(text.find("THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ"), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos);

  // Another citizen learns nothing; staff in scope may read it; the public lookup shows how to
  // check it without personal data.
  EXPECT_EQ(dossiers_->ResultDocument(other_citizen_, code).status().code(), Code::kNotFound);
  EXPECT_TRUE(dossiers_->ResultDocument(officer_, code).ok());
  auto lookup = dossiers_->Lookup(code);
  ASSERT_TRUE(lookup.ok());
  EXPECT_EQ(lookup->at("electronic_result").at("cert_sha256"), er.at("cert_sha256"));
  EXPECT_EQ(json::serialize(*lookup).find("001090012345"), std::string::npos);
}

TEST_F(DossierResultsTest, CounterApprovalWithoutAFileHasNoElectronicResult) {
  const std::string code = AtApproval("counter");
  auto done = Act(leader_, code, "approve");
  EXPECT_TRUE(done.at("electronic_result").is_null());
  EXPECT_EQ(StoredFiles(), 0);
  EXPECT_EQ(dossiers_->ResultDocument(officer_, code).status().reason(), "result_not_found");
}

TEST_F(DossierResultsTest, AttachedPdfIsSignedInTheApprovalsTransaction) {
  const std::string code = AtApproval("counter");
  const std::string pdf = UnsignedPdf();
  SentFile f{pdf, "quyet-dinh.pdf", 0};
  auto r = dossiers_->ActWithResult(leader_, code, Input(code, "approve"), &f);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& er = r->body.at("electronic_result").as_object();
  EXPECT_EQ(er.at("source").as_string(), "uploaded");
  auto file = dossiers_->ResultDocument(citizen_, code);
  EXPECT_EQ(file.status().code(), Code::kNotFound);  // not the applicant's account
  file = dossiers_->ResultDocument(leader_, code);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->record.original_name, "quyet-dinh.pdf");
  std::ifstream in(file->path, std::ios::binary);
  std::string stored((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(stored.substr(0, pdf.size()), pdf);  // the staff's document, unchanged, then the update
  EXPECT_NE(PdfSig(file->path).find("Signature Validation: Signature is Valid."),
            std::string::npos);
}

TEST_F(DossierResultsTest, BadFilesChangeNothing) {
  const std::string code = AtApproval("counter");
  const int64_t version = Input(code, "approve").version;
  struct Case {
    std::string bytes;
    Code code;
    std::string reason;
  } cases[] = {
      {std::string("\xFF\xD8\xFF\xE0 jpeg", 9), Code::kUnsupportedMediaType, "result_file_not_pdf"},
      {"", Code::kValidation, "empty_file"},
      {"%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 >>\nstream\n\nendstream\nendobj\n"
       "startxref\n9\n%%EOF\n",
       Code::kValidation, "pdf_xref_stream_unsupported"},
      {"%PDF-1.4\nnothing here\n", Code::kValidation, "pdf_invalid"},
  };
  for (const auto& c : cases) {
    SentFile f{c.bytes, "x.pdf", 0};
    auto r = dossiers_->ActWithResult(leader_, code, Input(code, "approve"), &f);
    ASSERT_FALSE(r.ok()) << c.reason;
    EXPECT_EQ(r.status().code(), c.code) << c.reason;
    EXPECT_EQ(r.status().reason(), c.reason);
    EXPECT_EQ(r.status().field(), "result_file");
  }
  // A good file with an action that gives no result, or a stale version: refused, file removed.
  const std::string pdf = UnsignedPdf();
  SentFile good{pdf, "kq.pdf", 0};
  auto forward = dossiers_->ActWithResult(leader_, code, Input(code, "request_supplement"), &good);
  EXPECT_EQ(forward.status().reason(), "result_not_applicable");
  ActionInput stale = Input(code, "approve");
  stale.version -= 1;
  auto r = dossiers_->ActWithResult(leader_, code, stale, &good);
  EXPECT_EQ(r.status().code(), Code::kConflict);
  // A stranger's file is not even looked at.
  auto s = dossiers_->ActWithResult(other_citizen_, code, Input(code, "approve"), &good);
  EXPECT_EQ(s.status().code(), Code::kNotFound);

  EXPECT_EQ(StoredFiles(), 0);
  EXPECT_EQ(ResultRows(code), 0);
  auto view = dossiers_->Get(&officer_, code);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->at("version").as_int64(), version);
  EXPECT_EQ(view->at("status").as_string(), "in_process");
}

}  // namespace
}  // namespace motcua::service
