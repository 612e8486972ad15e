#include "forms/pades.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>

#include "forms/forms_test_util.h"
#include "forms/pdf_writer.h"
#include "forms/signing_identity.h"

namespace motcua::forms {
namespace {

using testing::RunCommand;

constexpr const char* kAgencyName = "Ủy ban nhân dân xã Phúc Xá";

class PadesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(testing::TempDir("pades"));
    std::filesystem::remove_all(*dir_);
    auto password = EnsureDemoSigningKeys(dir_->string(), {{"H01.01", kAgencyName}});
    ASSERT_TRUE(password.ok()) << password.status().ToString();
    password_ = new std::string(*password);
    auto id = LoadPkcs12((*dir_ / "H01.01.p12").string(), *password);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    signer_ = new SigningIdentity(*id);
  }

  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete signer_;
    delete password_;
    delete dir_;
  }

  static std::string SamplePdf() {
    auto w = PdfWriter::Create(kA4Portrait, "Kết quả giải quyết");
    EXPECT_TRUE(w.ok());
    w->NewPage();
    w->Text(72, 100, "THÔNG BÁO KẾT QUẢ GIẢI QUYẾT HỒ SƠ", FontFace::kBold, 14);
    w->NewPage();
    w->Text(72, 100, "Trang hai", FontFace::kRegular, 12);
    return w->Finish();
  }

  static std::string Write(const std::string& name, const std::string& bytes) {
    auto path = *dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path.string();
  }

  // pdfsig's report, with the demo CA unknown to its NSS store (see decision 0017).
  static std::string PdfSig(const std::string& path) {
    return RunCommand("pdfsig '" + path + "' 2>&1");
  }

  // OpenSSL's verdict on the CMS over the /ByteRange, trusting the demo CA.
  static bool CmsVerifies(const std::string& pdf) {
    auto sig = FindPadesSignature(pdf);
    if (!sig.ok()) return false;
    const auto* br = sig->byte_range;
    std::string data = pdf.substr(0, br[1]) + pdf.substr(br[2], br[3]);
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig->cms_der.data());
    CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, sig->cms_der.size());
    X509_STORE* store = X509_STORE_new();
    X509_STORE_add_cert(store, signer_->chain.at(0).get());
    BIO* in = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
    const int ok = CMS_verify(cms, nullptr, store, in, nullptr, CMS_DETACHED | CMS_BINARY);
    BIO_free(in);
    X509_STORE_free(store);
    CMS_ContentInfo_free(cms);
    return ok == 1;
  }

  static PadesOptions Options() {
    PadesOptions o;
    o.signing_time = 1780000000;
    o.reason = "Kết quả giải quyết hồ sơ H01.01-260101-0001";
    o.location = kAgencyName;
    o.name = kAgencyName;
    return o;
  }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline std::string* password_ = nullptr;
  static inline SigningIdentity* signer_ = nullptr;
};

TEST_F(PadesTest, ByteRangeCoversEverythingButTheContents) {
  const std::string pdf = SamplePdf();
  auto signed_pdf = SignPdf(pdf, *signer_, Options());
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.status().ToString();
  EXPECT_EQ(signed_pdf->substr(0, pdf.size()), pdf);  // an incremental update
  auto sig = FindPadesSignature(*signed_pdf);
  ASSERT_TRUE(sig.ok());
  const auto* br = sig->byte_range;
  EXPECT_EQ(br[0], 0);
  EXPECT_EQ((*signed_pdf)[br[1]], '<');
  EXPECT_EQ((*signed_pdf)[br[2] - 1], '>');
  EXPECT_EQ(br[2] - br[1], static_cast<int64_t>(2 + 2 * kPadesContentsBytes));
  EXPECT_EQ(br[2] + br[3], static_cast<int64_t>(signed_pdf->size()));
  EXPECT_NE(signed_pdf->find("/SubFilter /ETSI.CAdES.detached"), std::string::npos);
  EXPECT_TRUE(CmsVerifies(*signed_pdf));
}

TEST_F(PadesTest, CmsCarriesTheSigningCertificateV2Attribute) {
  auto signed_pdf = SignPdf(SamplePdf(), *signer_, Options());
  ASSERT_TRUE(signed_pdf.ok());
  auto sig = FindPadesSignature(*signed_pdf);
  ASSERT_TRUE(sig.ok());
  const unsigned char* p = reinterpret_cast<const unsigned char*>(sig->cms_der.data());
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, sig->cms_der.size());
  ASSERT_NE(cms, nullptr);
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms);
  ASSERT_EQ(sk_CMS_SignerInfo_num(infos), 1);
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  EXPECT_GE(CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1), 0);
  ASN1_OCTET_STRING** content = CMS_get0_content(cms);
  EXPECT_TRUE(content == nullptr || *content == nullptr);  // detached
  CMS_ContentInfo_free(cms);
}

TEST_F(PadesTest, PdfsigSaysTheSignatureIsValidAndCoversTheWholeDocument) {
  auto signed_pdf = SignPdf(SamplePdf(), *signer_, Options());
  ASSERT_TRUE(signed_pdf.ok());
  const std::string report = PdfSig(Write("signed.pdf", *signed_pdf));
  EXPECT_NE(report.find("Signature Validation: Signature is Valid."), std::string::npos) << report;
  EXPECT_NE(report.find("Total document signed"), std::string::npos) << report;
  EXPECT_NE(report.find("ETSI.CAdES.detached"), std::string::npos) << report;
  EXPECT_NE(report.find(kAgencyName), std::string::npos) << report;
  // pdftotext still reads the document: the update did not break it.
  const std::string text = RunCommand("pdftotext '" + (*dir_ / "signed.pdf").string() + "' -");
  EXPECT_NE(text.find("THÔNG BÁO KẾT QUẢ"), std::string::npos);
}

// With the demo CA in an NSS database (what a reader's "trust this certificate" does), pdfsig
// also trusts the agency's certificate.
TEST_F(PadesTest, PdfsigTrustsTheChainOnceTheDemoCaIsTrusted) {
  auto signed_pdf = SignPdf(SamplePdf(), *signer_, Options());
  ASSERT_TRUE(signed_pdf.ok());
  const std::string path = Write("trusted.pdf", *signed_pdf);
  const std::string nss = (*dir_ / "nss").string();
  std::filesystem::remove_all(nss);
  std::filesystem::create_directories(nss);
  int code = -1;
  RunCommand("certutil -N -d sql:" + nss + " --empty-password", &code);
  ASSERT_EQ(code, 0) << "certutil (libnss3-tools) is a declared package";
  RunCommand("certutil -A -d sql:" + nss + " -n 'MotCua Demo CA' -t C,C,C -i '" +
                 (*dir_ / "ca.crt").string() + "'",
             &code);
  ASSERT_EQ(code, 0);
  const std::string report = RunCommand("pdfsig -nssdir sql:" + nss + " '" + path + "' 2>&1");
  EXPECT_NE(report.find("Signature Validation: Signature is Valid."), std::string::npos) << report;
  EXPECT_NE(report.find("Certificate Validation: Certificate is Trusted."), std::string::npos)
      << report;
}

TEST_F(PadesTest, OneChangedByteBreaksTheSignature) {
  auto signed_pdf = SignPdf(SamplePdf(), *signer_, Options());
  ASSERT_TRUE(signed_pdf.ok());
  std::string tampered = *signed_pdf;
  const size_t at = tampered.find("/Producer (MotCua)");
  ASSERT_NE(at, std::string::npos);
  tampered[at + 16] = 'b';  // "MotCub"
  EXPECT_FALSE(CmsVerifies(tampered));
  const std::string report = PdfSig(Write("tampered.pdf", tampered));
  EXPECT_NE(report.find("Signature Validation: Digest Mismatch."), std::string::npos) << report;
}

// Uploaded results come from other producers: cairo (pdftocairo) and poppler's own writer
// (pdfunite, two documents in one with a deeper page tree and a binary /ID) both use classic
// cross-reference tables and must come out validly signed and still readable.
TEST_F(PadesTest, SignsPdfsOfOtherProducers) {
  const std::string source = Write("source.pdf", SamplePdf());
  for (const std::string& tool :
       {std::string("pdftocairo -pdf '") + source + "' '" + (*dir_ / "other.pdf").string() + "'",
        std::string("pdfunite '") + source + "' '" + source + "' '" +
            (*dir_ / "other.pdf").string() + "'"}) {
    int code = -1;
    RunCommand(tool, &code);
    ASSERT_EQ(code, 0) << tool;
    std::ifstream in(*dir_ / "other.pdf", std::ios::binary);
    const std::string other((std::istreambuf_iterator<char>(in)), {});
    auto signed_pdf = SignPdf(other, *signer_, Options());
    ASSERT_TRUE(signed_pdf.ok()) << tool << ": " << signed_pdf.status().ToString();
    const std::string path = Write("other-signed.pdf", *signed_pdf);
    const std::string report = PdfSig(path);
    EXPECT_NE(report.find("Signature Validation: Signature is Valid."), std::string::npos)
        << tool << "\n"
        << report;
    EXPECT_NE(report.find("Total document signed"), std::string::npos) << report;
    const std::string text = RunCommand("pdftotext '" + path + "' -");
    EXPECT_NE(text.find("Trang hai"), std::string::npos) << tool;
    EXPECT_TRUE(CmsVerifies(*signed_pdf)) << tool;
  }
}

// A document that was already updated once (a /Prev chain) and whose first page already has an
// annotation: the signature joins the page's /Annots and the newest object versions are used.
TEST_F(PadesTest, SignsAnUpdatedDocumentKeepingItsAnnotations) {
  std::string pdf = SamplePdf();
  const size_t prev = std::stoul(pdf.substr(pdf.rfind("startxref") + 10));
  const size_t link_at = pdf.size();
  pdf +=
      "30 0 obj\n<< /Type /Annot /Subtype /Link /Rect [10 10 50 50] /Border [0 0 0] >>\nendobj\n";
  const size_t page_at = pdf.size();
  // Page 14 (the first page of our writer) again, now with an annotation.
  pdf +=
      "14 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font "
      "<< /F1 4 0 R /F2 9 0 R >> >> /Contents 15 0 R /Annots [30 0 R] >>\nendobj\n";
  const size_t xref = pdf.size();
  pdf += fmt::format(
      "xref\n14 1\n{:010d} 00000 n \n30 1\n{:010d} 00000 n \ntrailer\n<< /Size 31 "
      "/Root 1 0 R /Info 3 0 R /Prev {} >>\nstartxref\n{}\n%%EOF\n",
      page_at, link_at, prev, xref);
  auto signed_pdf = SignPdf(pdf, *signer_, Options());
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.status().ToString();
  // Objects 31 (signature) and 32 (widget) are new; the page keeps its link and gains the widget.
  EXPECT_NE(signed_pdf->find("/Annots [30 0 R 32 0 R ]"), std::string::npos);
  const std::string report = PdfSig(Write("updated-signed.pdf", *signed_pdf));
  EXPECT_NE(report.find("Signature Validation: Signature is Valid."), std::string::npos) << report;
  EXPECT_TRUE(CmsVerifies(*signed_pdf));
}

TEST_F(PadesTest, RefusesWhatItCannotUpdateSafely) {
  auto code = [](std::string_view pdf) {
    auto r = SignPdf(pdf, *signer_, Options());
    return r.ok() ? std::string("ok") : r.status().reason() + "/" + r.status().field();
  };
  EXPECT_EQ(code("not a pdf"), "pdf_invalid/file");
  EXPECT_EQ(code("%PDF-1.4\ngarbage\nstartxref\n999999\n%%EOF\n"), "pdf_invalid/file");
  const std::string xref_stream =
      "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\n"
      "endobj\nstartxref\n9\n%%EOF\n";
  EXPECT_EQ(code(xref_stream), "pdf_xref_stream_unsupported/file");
  auto once = SignPdf(SamplePdf(), *signer_, Options());
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(code(*once), "pdf_already_has_form/file");
  std::string encrypted = SamplePdf();
  const size_t t = encrypted.rfind("/Root");
  encrypted.insert(t, "/Encrypt 3 0 R ");
  encrypted.replace(encrypted.rfind("startxref"), std::string::npos,
                    "startxref\n" + std::to_string(encrypted.rfind("xref\n0 ")) + "\n%%EOF\n");
  EXPECT_EQ(code(encrypted), "pdf_encrypted/file");
}

TEST_F(PadesTest, DemoAuthorityIssuesAgencyCertificatesOnce) {
  EXPECT_EQ(signer_->subject, kAgencyName);
  ASSERT_EQ(signer_->chain.size(), 1u);
  X509* ca = signer_->chain[0].get();
  EXPECT_EQ(X509_check_issued(ca, signer_->cert.get()), X509_V_OK);
  EXPECT_EQ(X509_check_issued(ca, ca), X509_V_OK);  // the self-signed root
  EXPECT_EQ(X509_verify(signer_->cert.get(), X509_get0_pubkey(ca)), 1);
  EXPECT_TRUE(std::filesystem::exists(*dir_ / "ca.crt"));
  EXPECT_EQ(std::filesystem::status(*dir_ / "H01.01.p12").permissions() &
                std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  // A second start keeps the keys (and a new agency gets its own).
  auto again = EnsureDemoSigningKeys(dir_->string(), {{"H01.01", kAgencyName}, {"H01", "Tỉnh"}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *password_);
  auto reloaded = LoadPkcs12((*dir_ / "H01.01.p12").string(), *again);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(reloaded->cert_sha256, signer_->cert_sha256);
  EXPECT_TRUE(std::filesystem::exists(*dir_ / "H01.p12"));
  auto wrong = LoadPkcs12((*dir_ / "H01.01.p12").string(), "not the password");
  EXPECT_FALSE(wrong.ok());
}

}  // namespace
}  // namespace motcua::forms
