// The message catalogue: reason code -> Vietnamese and English text shown to users.
#pragma once

#include <string>
#include <string_view>

namespace motcua {

// Returns the text for `reason` in `locale` ("vi" default, "en"); a generic text when unknown.
std::string LookupMessage(std::string_view reason, std::string_view locale);

}  // namespace motcua
