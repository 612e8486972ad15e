// The agency's signing key and certificate (X.509), read from a PKCS#12 file, and the demo
// certificate authority that `serve --demo` makes so that results can be signed out of the box.
// OpenSSL types stay behind shared pointers with their OpenSSL deleters.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace motcua::forms {

struct SigningIdentity {
  std::shared_ptr<EVP_PKEY> key;
  std::shared_ptr<X509> cert;
  std::vector<std::shared_ptr<X509>> chain;  // issuers from the PKCS#12 file, may be empty
  std::string subject;                       // the certificate's CN (UTF-8)
  std::string serial_hex;                    // upper-case hex
  std::string cert_sha256;                   // fingerprint of the DER certificate, lower-case hex
};

// Reads a PKCS#12 file (key, certificate, optional CA chain). Internal with OpenSSL's reason
// when the file is missing, the password wrong or the file holds no key and certificate.
Result<SigningIdentity> LoadPkcs12(const std::string& path, const std::string& password);

// One certificate to issue under the demo CA.
struct DemoSigner {
  std::string file_stem;    // <file_stem>.p12, the agency code
  std::string common_name;  // the agency's name, UTF-8 (Vietnamese)
};

// Makes, in `dir` and only for what is missing: the self-signed root "MotCua Demo CA"
// (ca.crt in PEM for PDF readers and pdfsig, ca.p12 holding its key), a random password in
// `password` (mode 0600) unless the file exists, and one ECDSA P-256 certificate per signer
// (<file_stem>.p12 with the CA in its chain, O = the agency's name). Files are written to a
// temporary name and renamed, mode 0600. Returns the password.
Result<std::string> EnsureDemoSigningKeys(const std::string& dir,
                                          const std::vector<DemoSigner>& signers);

// The PEM text of a certificate (for tests and for showing the CA).
std::string CertificatePem(X509* cert);

}  // namespace motcua::forms
