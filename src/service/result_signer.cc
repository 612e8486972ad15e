#include "service/result_signer.h"

#include <filesystem>

namespace motcua::service {

Result<std::unique_ptr<ResultSigner>> ResultSigner::Load(const ResultSignerOptions& options) {
  auto signer = std::make_unique<ResultSigner>();
  if (!options.p12.empty()) {
    MOTCUA_ASSIGN_OR_RETURN(auto id, forms::LoadPkcs12(options.p12, options.password));
    signer->single_ = std::move(id);
  }
  if (!options.dir.empty()) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(options.dir, ec)) {
      const auto& path = entry.path();
      if (path.extension() != ".p12" || path.stem() == "ca") continue;
      MOTCUA_ASSIGN_OR_RETURN(auto id, forms::LoadPkcs12(path.string(), options.password));
      signer->by_agency_.emplace(path.stem().string(), std::move(id));
    }
    if (ec) return Status::Internal("read " + options.dir + ": " + ec.message());
  }
  return signer;
}

std::optional<ResultSigner::Choice> ResultSigner::For(
    const std::vector<std::string>& agency_codes) const {
  for (const std::string& code : agency_codes)
    if (auto it = by_agency_.find(code); it != by_agency_.end()) return Choice{&it->second, code};
  if (single_) return Choice{&*single_, agency_codes.empty() ? std::string() : agency_codes[0]};
  return std::nullopt;
}

Result<SignedPdf> ResultSigner::Sign(std::string_view pdf,
                                     const std::vector<std::string>& agency_codes,
                                     const forms::PadesOptions& options) const {
  auto choice = For(agency_codes);
  if (!choice) return Status::Validation("signing_key_missing", "result_file");
  MOTCUA_ASSIGN_OR_RETURN(std::string bytes, forms::SignPdf(pdf, *choice->identity, options));
  return SignedPdf{std::move(bytes), choice->agency_code, choice->identity};
}

}  // namespace motcua::service
