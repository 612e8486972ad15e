// Fees and payment on the web (issue 16): the fee box of the dossier page, the fee request and
// the counter payment (staff), online payment through the gateway (citizen), the gateway's
// return and IPN, the e-receipt download and its public check, refunds and the reconciliation.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "http/router.h"
#include "web/site.h"

namespace motcua::web {

// What the staff's fee request form shows after "Tính lại" (recompute), kept across the render.
struct FeeFormInput {
  int pages = 1;
  int copies = 1;
  std::string exemption;
  std::string exemption_reason;
  bool preview = false;
};

// The dossier page's "Phí, lệ phí" box for `d` (the dossier as DossierService::Get returned it
// to this user), or false when there is nothing to show.
boost::json::value PaymentBox(const Site& site, const Page& page, const boost::json::object& d,
                              const FeeFormInput* form = nullptr);

void RegisterPaymentPages(http::Router& router, const Site& site);

// dossier_pages.cc: the dossier page with an error or a notice, and the fee form as typed.
http::Response RenderDossierPage(const Site& site, const Page& page, const std::string& code,
                                 const std::string& error, const std::string& notice, int status,
                                 const FeeFormInput* fee_form = nullptr);

}  // namespace motcua::web
