// The official forms of real dossiers (issue 7): builds the forms::FormRequest of Mẫu 01–07 for a
// dossier from the database, in one read transaction, and renders it (src/forms/). The forms layer
// reads no database; this service decides who may print what and what goes on the paper.
//
// Who may print a dossier's forms: staff whose agency subtree covers the receiving agency or an
// agency that held one of its steps, and the citizen who submitted it (PermissionDenied
// "agency_scope" / "not_applicant"). The register (sổ theo dõi hồ sơ) of an agency: staff whose
// subtree covers that agency.
//
// Which forms a dossier has depends on what happened to it (NotFound "form_not_applicable"
// otherwise): the receipt once received; the supplement request (Mẫu 02) after a request for
// supplement at reception or during processing; the refusal (Mẫu 03) after a refusal; the apology
// (Mẫu 04) after the extension; the stop notice (Mẫu 05 of 2025) after a stop; the control sheet
// once received. The form number is read in the regime of the dossier's reception date
// (forms::RegimeFor), so "05" is the stop notice of a 2025 dossier and the control sheet of a
// 2018 one; a number the regime lacks is NotFound "form_not_found".
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/local_date.h"
#include "forms/form_data.h"
#include "service/principal.h"
#include "storage/database.h"

namespace motcua::service {

struct FormsServiceOptions {
  // The public site the QR code points to: "<public_url>/tra-cuu/<code>" (no trailing slash).
  std::string public_url = "http://localhost:8080";
  // Longest register period in days and most rows in one register.
  int max_register_days = 366;
  int max_register_rows = 50000;
  int register_page_size = 500;  // rows read per query
};

enum class FormFormat { kPdf, kHtml, kXlsx };

// A rendered document ready to send.
struct RenderedForm {
  std::string content_type;  // "application/pdf", "text/html; charset=utf-8", XLSX
  std::string file_name;     // ASCII, e.g. "mau-01-000.00.01.H99-250714-0001.pdf"
  std::string bytes;
};

// A form the dossier has now: its number in the dossier's regime ("01"), kind and title.
struct AvailableForm {
  std::string number;
  forms::FormKind kind;
  std::string title;
};

class FormsService {
 public:
  FormsService(storage::Database& db, const Clock& clock, FormsServiceOptions options = {});

  // The request for form `number` ("01".."07", "1".."7") of dossier `code`.
  // NotFound "dossier_not_found", "form_not_found", "form_not_applicable"; PermissionDenied.
  Result<forms::FormRequest> DossierForm(const Principal& caller, const std::string& code,
                                         std::string_view number);
  // The forms dossier `code` has in its present state, in form-number order (what the dossier
  // page offers to print); the same access rules and NotFound/PermissionDenied as DossierForm.
  Result<std::vector<AvailableForm>> AvailableForms(const Principal& caller,
                                                    const std::string& code);
  // The same rendered as PDF or HTML.
  Result<RenderedForm> RenderDossierForm(const Principal& caller, const std::string& code,
                                         std::string_view number, FormFormat format);

  // The register of the agency with code `agency_code` for the days from..to (inclusive):
  // dossiers that agency received, in reception order. NotFound "agency_not_found";
  // Validation "invalid_date_range" (to before from), "register_range_too_long",
  // "register_too_large"; PermissionDenied "agency_scope".
  Result<forms::FormRequest> Register(const Principal& caller, const std::string& agency_code,
                                      domain::LocalDate from, domain::LocalDate to);
  // The same rendered as PDF or XLSX.
  Result<RenderedForm> RenderRegister(const Principal& caller, const std::string& agency_code,
                                      domain::LocalDate from, domain::LocalDate to,
                                      FormFormat format);

  // The public status page of a dossier, encoded in the receipt's QR code.
  std::string LookupUrl(std::string_view code) const;
  // Replaces options.public_url (at start-up, once the port is bound). Thread-safe.
  void SetPublicUrl(std::string public_url);

 private:
  storage::Database& db_;
  const Clock& clock_;
  FormsServiceOptions options_;
  mutable std::mutex url_mu_;  // guards options_.public_url
};

// Upper-cases Vietnamese UTF-8 text (precomposed letters with their marks, đ); other characters
// are kept. "Ủy ban nhân dân tỉnh" -> "ỦY BAN NHÂN DÂN TỈNH".
std::string UpperVietnamese(std::string_view text);

}  // namespace motcua::service
