// The parcels sent by post (decision 0018) as the pages show them: the staff and applicant's
// dossier page (with each event's post office) and the public lookup (tracking number and
// event labels only, never an address or a name).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string_view>

namespace motcua::web {

// From the dossier's JSON view (`postal_shipments`): [{direction, tracking_number, status,
// has_events, events: [{at, label, location}]}] in `locale`; `details` adds the post office.
boost::json::array PostalForPage(std::string_view locale, const boost::json::object& d,
                                 bool details);

}  // namespace motcua::web
