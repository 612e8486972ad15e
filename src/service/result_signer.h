// The agencies' signing keys for electronic results (decision 0017): one PKCS#12 file per
// agency code in a directory (<code>.p12), or one file for every agency. An agency without its
// own key signs with its nearest ancestor's (a department's result under the province's key
// when only the province has one).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "forms/pades.h"
#include "forms/signing_identity.h"

namespace motcua::service {

struct ResultSignerOptions {
  std::string dir;       // <agency_code>.p12 files (ca.p12 is skipped: the demo CA's own key)
  std::string p12;       // one file for every agency
  std::string password;  // of the PKCS#12 files
};

struct SignedPdf {
  std::string bytes;
  std::string agency_code;  // whose key signed
  const forms::SigningIdentity* identity = nullptr;
};

class ResultSigner {
 public:
  // Reads every key. Internal naming the file when one cannot be read.
  static Result<std::unique_ptr<ResultSigner>> Load(const ResultSignerOptions& options);

  // The key of the first agency of `agency_codes` (the agency, then its ancestors) that has
  // one, else the single key; nullopt when none.
  struct Choice {
    const forms::SigningIdentity* identity;
    std::string agency_code;
  };
  std::optional<Choice> For(const std::vector<std::string>& agency_codes) const;

  // Signs `pdf` (forms::SignPdf) with the key For(agency_codes). Validation "signing_key_missing"
  // when no key applies.
  Result<SignedPdf> Sign(std::string_view pdf, const std::vector<std::string>& agency_codes,
                         const forms::PadesOptions& options) const;

  size_t key_count() const { return by_agency_.size() + (single_ ? 1 : 0); }

 private:
  std::map<std::string, forms::SigningIdentity, std::less<>> by_agency_;
  std::optional<forms::SigningIdentity> single_;
};

}  // namespace motcua::service
