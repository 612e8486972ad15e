// Additions to the dossier page for officers' daily work (issue 17): the specialist a leader
// names at an assignment step, reprints of the notices the dossier has produced, and the live
// deadline countdown's data. Kept apart from dossier_pages.cc, which renders the page.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <string>

#include "web/site.h"

namespace motcua::web {

// The specialists the signed-in leader may name for the step after the dossier's current one
// (`d` is the dossier's full JSON view): empty unless the current step is a leader's and the
// next one a specialist's. Each: {username, label}. The service checks the choice again.
boost::json::array SpecialistChoices(const Site& site, const Page& page,
                                     const boost::json::object& d);

// The time left until the dossier's due instant (`due_at` as the API's ISO text) at `now`, for
// the page's countdown: {due_unix, now_unix, text, overdue}, or null when there is no running
// deadline. The text ("Còn 2 ngày 03 giờ 15 phút", "Quá hạn 4 giờ 05 phút") is calendar time, the
// same wording countdown.js keeps up to date in the browser.
boost::json::value Countdown(const Page& page, const boost::json::object& d, int64_t now);

// The applicant of a submission form as the API's JSON (domain::ApplicantFromJson): a citizen
// (full_name, id_number, date_of_birth, phone, email, address) or, when applicant_type is
// "organisation", a business: its registered name (full_name), tax code (tax_code), contact
// fields, and its representative (rep_full_name, rep_id_number, rep_position). Empty fields are
// left out; the domain validates the rest (tax code check digit, representative required).
boost::json::object ApplicantJsonFromForm(const std::multimap<std::string, std::string>& form);

}  // namespace motcua::web
