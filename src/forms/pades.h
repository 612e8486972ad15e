// PAdES signatures (ETSI EN 319 142, baseline B-B) on PDF documents: an incremental update
// appends a signature dictionary (/Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached), an
// invisible signature widget on the first page and the catalogue's /AcroForm, then the detached
// CMS SignedData (OpenSSL CMS_sign with CMS_CADES: signing-certificate-v2 attribute) over the
// /ByteRange, i.e. every byte of the file except the /Contents hex string.
//
// Input PDFs must use a classic cross-reference table (ours do, see pdf_writer.h; so do most
// office suites' exports). Documents whose last cross-reference section is a stream (PDF 1.5
// compressed xref), encrypted documents and documents that already carry an interactive form
// or a signature are refused with a Validation status rather than rewritten (decision 0017).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "forms/signing_identity.h"

namespace motcua::forms {

struct PadesOptions {
  int64_t signing_time = 0;  // Unix seconds, shown as /M in Vietnam time
  std::string reason;        // UTF-8, e.g. "Kết quả giải quyết hồ sơ 000.00.00.H01-..."
  std::string location;      // UTF-8, the agency
  std::string name;          // UTF-8, the signer (the agency's name)
};

// Bytes reserved for the DER CMS in /Contents (hex: twice as many characters).
inline constexpr size_t kPadesContentsBytes = 16384;

// The signed document: `pdf` unchanged followed by the incremental update. Validation
// "pdf_invalid" (field "file") when the PDF cannot be read, "pdf_xref_stream_unsupported",
// "pdf_encrypted" or "pdf_already_has_form" for the documents refused above; Internal when
// OpenSSL fails.
Result<std::string> SignPdf(std::string_view pdf, const SigningIdentity& signer,
                            const PadesOptions& options);

// Where the signature of a document signed by SignPdf sits: the /ByteRange numbers and the
// DER CMS from /Contents (the last signature in the file). For checks and tests.
struct PadesSignatureBytes {
  int64_t byte_range[4] = {0, 0, 0, 0};
  std::string cms_der;
};
Result<PadesSignatureBytes> FindPadesSignature(std::string_view signed_pdf);

}  // namespace motcua::forms
