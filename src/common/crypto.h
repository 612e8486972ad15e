// Password hashing and random secrets (libsodium).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace motcua {

// Must be called once before any other function here (idempotent, thread-safe).
void InitCrypto();

// Argon2id hash in the PHC string format ($argon2id$v=19$...), salted.
Result<std::string> HashPassword(std::string_view password);
// Constant-time check of `password` against a hash made by HashPassword.
bool VerifyPassword(std::string_view password, const std::string& hash);

// `bytes` random bytes as URL-safe base64 without padding.
std::string RandomToken(size_t bytes = 32);
// Lower-case hex SHA-256.
std::string Sha256Hex(std::string_view data);
// `bytes` random bytes as lower-case hex.
std::string RandomHex(size_t bytes);
// Lower-case hex BLAKE2b (crypto_generichash) of `data`, `bytes` long (16..64). Unkeyed: callers
// separate their uses by prefixing `data` with a purpose string.
std::string GenericHashHex(std::string_view data, size_t bytes = 32);

// Lower-case hex HMAC-SHA512 of `data` under `key` (any length; the payment gateway's signature).
std::string HmacSha512Hex(std::string_view key, std::string_view data);
// Lower-case hex HMAC-SHA256 of `data` under `key` (any length; the SMS gateway's and the postal
// carrier's signatures).
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// Constant-time equality of two strings (lengths may leak).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace motcua
