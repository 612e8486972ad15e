#include "web/pages.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/crypto.h"
#include "web/page_registry.h"
#include "web/payment_pages.h"
#include "web/site.h"

namespace motcua::web {
namespace {

// Short content hashes of the static files, for ?v= cache-busting URLs.
std::map<std::string, std::string> HashAssets(const std::string& root) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string rel = std::filesystem::relative(e.path(), root, ec).generic_string();
    out[rel] = Sha256Hex(ss.str()).substr(0, 12);
  }
  return out;
}

}  // namespace

Status RegisterPages(http::Router& router, api::ApiServices& services,
                     const std::string& data_dir) {
  std::string base = data_dir.empty() ? std::string(".") : data_dir;
  auto templates = Templates::Load(base + "/web/templates");
  if (!templates.ok()) return templates.status();
  // Lives as long as the process: the handlers keep a pointer to it.
  static std::vector<std::unique_ptr<Site>> sites;
  auto site = std::make_unique<Site>();
  site->services = &services;
  site->router = &router;
  site->templates = std::move(templates).value();
  site->asset_versions = HashAssets(base + "/web/static");
  RegisterPublicPages(router, *site);
  RegisterAccountPages(router, *site);
  RegisterStaffPages(router, *site);
  RegisterReportPages(router, *site);
  RegisterAdminPages(router, *site);
  RegisterAuditPage(router, *site);
  if (services.notifications) RegisterNotificationPages(router, *site);
  if (services.workload) RegisterWorkloadPage(router, *site);
  if (services.dossiers) RegisterDossierPages(router, *site);
  if (services.life_events) RegisterLifeEventPages(router, *site);
  if (services.reports) RegisterFeedbackPages(router, *site);
  if (services.reports) RegisterComplaintInboxPages(router, *site);
  if (services.reports) RegisterEvaluationPages(router, *site);
  if (services.payments) RegisterPaymentPages(router, *site);
  sites.push_back(std::move(site));
  return Status::Ok();
}

}  // namespace motcua::web
