#include "common/crypto.h"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace motcua {

void InitCrypto() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  });
}

Result<std::string> HashPassword(std::string_view password) {
  InitCrypto();
  char out[crypto_pwhash_STRBYTES];
  // Interactive limits: ~64 MiB and a few passes keep a log-in well under 100 ms here while
  // making offline guessing expensive.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("argon2id hashing failed (out of memory)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  InitCrypto();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomToken(size_t bytes) {
  InitCrypto();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string Sha256Hex(std::string_view data) {
  InitCrypto();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

std::string RandomHex(size_t bytes) {
  InitCrypto();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.resize(bytes * 2);
  return hex;
}

std::string GenericHashHex(std::string_view data, size_t bytes) {
  InitCrypto();
  if (bytes < crypto_generichash_BYTES_MIN || bytes > crypto_generichash_BYTES_MAX)
    throw std::invalid_argument("GenericHashHex: length out of range");
  std::vector<unsigned char> digest(bytes);
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.resize(bytes * 2);
  return hex;
}

namespace {

// libsodium's streaming HMAC API, which takes keys of any length (its one-shot functions want
// exactly 32 bytes).
template <typename State, size_t kBytes, auto kInit, auto kUpdate, auto kFinal>
std::string HmacHex(std::string_view key, std::string_view data) {
  InitCrypto();
  State state;
  kInit(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  kUpdate(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  unsigned char mac[kBytes];
  kFinal(&state, mac);
  char hex[kBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string(hex);
}

}  // namespace

std::string HmacSha512Hex(std::string_view key, std::string_view data) {
  return HmacHex<crypto_auth_hmacsha512_state, crypto_auth_hmacsha512_BYTES,
                 crypto_auth_hmacsha512_init, crypto_auth_hmacsha512_update,
                 crypto_auth_hmacsha512_final>(key, data);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HmacHex<crypto_auth_hmacsha256_state, crypto_auth_hmacsha256_BYTES,
                 crypto_auth_hmacsha256_init, crypto_auth_hmacsha256_update,
                 crypto_auth_hmacsha256_final>(key, data);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace motcua
