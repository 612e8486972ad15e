// E-mail addresses of user accounts (địa chỉ thư điện tử), for forgotten-password links.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace motcua::domain {

// Trims surrounding blanks and lower-cases the address, or nullopt when it is not a plain
// `local@domain.tld` address of printable ASCII (at most 254 characters). Deliberately narrower
// than RFC 5321: no quoted local parts, comments or spaces, and never CR/LF, since the address
// ends up in an SMTP envelope and a mail header.
std::optional<std::string> NormaliseEmail(std::string_view raw);

}  // namespace motcua::domain
