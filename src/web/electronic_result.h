// The electronic result of a dossier as pages show it (decision 0017): who signed the PDF, when,
// and the certificate's fingerprint, with a short text on how to check the signature. The public
// lookup shows the same box without the download link; nothing in it is personal data.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "web/site.h"

namespace motcua::web {

// From the dossier's JSON ("electronic_result"): {signer, signed_at, fingerprint, serial, href}
// (href "/ho-so/<code>/ket-qua.pdf" only `with_download`), or false when there is none.
boost::json::value ElectronicResultBox(const Page& page, const boost::json::object& d,
                                       bool with_download);

// "AB:CD:…" for a lower-case hex fingerprint, as certificate viewers print it.
std::string FingerprintText(const std::string& hex);

}  // namespace motcua::web
