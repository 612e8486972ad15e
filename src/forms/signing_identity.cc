#include "forms/signing_identity.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace motcua::forms {
namespace {

std::string OpenSslError(std::string_view what) {
  unsigned long e = ERR_get_error();
  char buf[256] = {0};
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return fmt::format("{}: {}", what, e ? buf : "unknown OpenSSL error");
}

std::shared_ptr<X509> Own(X509* x) { return std::shared_ptr<X509>(x, X509_free); }
std::shared_ptr<EVP_PKEY> Own(EVP_PKEY* k) { return std::shared_ptr<EVP_PKEY>(k, EVP_PKEY_free); }

std::string Hex(const unsigned char* p, size_t n, bool upper) {
  static constexpr char kLower[] = "0123456789abcdef";
  static constexpr char kUpper[] = "0123456789ABCDEF";
  const char* digits = upper ? kUpper : kLower;
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0xF];
  }
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Status::Internal("cannot read " + path);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Writes `bytes` to `path` (mode 0600) through a temporary file and a rename.
Status WritePrivateFile(const std::string& path, std::string_view bytes) {
  // Per process: several servers may share the folder (their key creation is serialised by the
  // caller, this keeps a stray one from renaming another's half-written file).
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("open " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::Internal("write " + tmp + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::Internal("rename " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

std::string CommonName(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (i < 0) return {};
  ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
  unsigned char* utf8 = nullptr;
  int n = ASN1_STRING_to_UTF8(&utf8, s);
  if (n < 0) return {};
  std::string out(reinterpret_cast<char*>(utf8), static_cast<size_t>(n));
  OPENSSL_free(utf8);
  return out;
}

Result<SigningIdentity> Describe(std::shared_ptr<EVP_PKEY> key, std::shared_ptr<X509> cert,
                                 std::vector<std::shared_ptr<X509>> chain) {
  SigningIdentity id;
  id.subject = CommonName(cert.get());
  BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr);
  if (!bn) return Status::Internal(OpenSslError("certificate serial"));
  char* hex = BN_bn2hex(bn);
  id.serial_hex = hex ? hex : "";
  OPENSSL_free(hex);
  BN_free(bn);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (!X509_digest(cert.get(), EVP_sha256(), md, &md_len))
    return Status::Internal(OpenSslError("certificate fingerprint"));
  id.cert_sha256 = Hex(md, md_len, false);
  id.key = std::move(key);
  id.cert = std::move(cert);
  id.chain = std::move(chain);
  return id;
}

// Adds the extension `value` (openssl.cnf syntax) of `nid` to `cert`, issued by `issuer`.
Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) return Status::Internal(OpenSslError("certificate extension"));
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok ? Status::Ok() : Status::Internal(OpenSslError("add extension"));
}

// A certificate for `key` with subject CN/O (UTF-8), signed by `issuer_key` (self-signed when
// `issuer` is null), valid `days` from an hour ago.
Result<std::shared_ptr<X509>> Issue(EVP_PKEY* key, const std::string& cn, const std::string& org,
                                    X509* issuer, EVP_PKEY* issuer_key, int days, bool ca) {
  auto cert = Own(X509_new());
  X509* x = cert.get();
  X509_set_version(x, 2);
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return Status::Internal("random serial");
  serial[0] &= 0x7F;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), static_cast<long>(days) * 86400);
  X509_NAME* name = X509_get_subject_name(x);
  auto add = [&](const char* field, const std::string& v) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(v.data()),
                                      static_cast<int>(v.size()), -1, 0) == 1;
  };
  if (!add("C", "VN") || !add("O", org) || !add("CN", cn))
    return Status::Internal(OpenSslError("certificate name"));
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(x, key);
  X509* iss = issuer ? issuer : x;
  MOTCUA_RETURN_IF_ERROR(
      AddExtension(x, iss, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE"));
  MOTCUA_RETURN_IF_ERROR(AddExtension(
      x, iss, NID_key_usage,
      ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation"));
  MOTCUA_RETURN_IF_ERROR(AddExtension(x, iss, NID_subject_key_identifier, "hash"));
  MOTCUA_RETURN_IF_ERROR(AddExtension(x, iss, NID_authority_key_identifier, "keyid:always"));
  if (!ca) MOTCUA_RETURN_IF_ERROR(AddExtension(x, iss, NID_ext_key_usage, "emailProtection"));
  if (!X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()))
    return Status::Internal(OpenSslError("sign certificate"));
  return cert;
}

Status WritePkcs12(const std::string& path, const std::string& password,
                   const std::string& friendly, EVP_PKEY* key, X509* cert, X509* ca) {
  STACK_OF(X509)* chain = sk_X509_new_null();
  if (ca) sk_X509_push(chain, ca);
  PKCS12* p12 = PKCS12_create(password.c_str(), friendly.c_str(), key, cert, chain, 0, 0, 0, 0, 0);
  sk_X509_free(chain);
  if (!p12) return Status::Internal(OpenSslError("PKCS12_create"));
  unsigned char* der = nullptr;
  int n = i2d_PKCS12(p12, &der);
  PKCS12_free(p12);
  if (n <= 0) return Status::Internal(OpenSslError("i2d_PKCS12"));
  Status st = WritePrivateFile(path, std::string_view(reinterpret_cast<char*>(der), n));
  OPENSSL_free(der);
  return st;
}

}  // namespace

std::string CertificatePem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  return out;
}

Result<SigningIdentity> LoadPkcs12(const std::string& path, const std::string& password) {
  MOTCUA_ASSIGN_OR_RETURN(std::string bytes, ReadFile(path));
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  PKCS12* p12 = d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size()));
  if (!p12) return Status::Internal(OpenSslError("read PKCS#12 " + path));
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  const int ok = PKCS12_parse(p12, password.c_str(), &key, &cert, &ca);
  PKCS12_free(p12);
  if (!ok) return Status::Internal(OpenSslError("PKCS12_parse " + path));
  std::vector<std::shared_ptr<X509>> chain;
  for (int i = 0; ca && i < sk_X509_num(ca); ++i) chain.push_back(Own(sk_X509_value(ca, i)));
  sk_X509_free(ca);  // the certificates now belong to `chain`
  if (!key || !cert) {
    EVP_PKEY_free(key);
    X509_free(cert);
    return Status::Internal(path + ": no private key and certificate");
  }
  return Describe(Own(key), Own(cert), std::move(chain));
}

Result<std::string> EnsureDemoSigningKeys(const std::string& dir,
                                          const std::vector<DemoSigner>& signers) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Internal("create " + dir + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  const std::string password_path = dir + "/password";
  std::string password;
  if (std::filesystem::exists(password_path)) {
    MOTCUA_ASSIGN_OR_RETURN(password, ReadFile(password_path));
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r'))
      password.pop_back();
  } else {
    unsigned char raw[18];
    if (RAND_bytes(raw, sizeof raw) != 1) return Status::Internal("random password");
    password = Hex(raw, sizeof raw, false);
    MOTCUA_RETURN_IF_ERROR(WritePrivateFile(password_path, password + "\n"));
  }

  const std::string ca_p12 = dir + "/ca.p12";
  std::shared_ptr<EVP_PKEY> ca_key;
  std::shared_ptr<X509> ca_cert;
  if (std::filesystem::exists(ca_p12)) {
    MOTCUA_ASSIGN_OR_RETURN(auto ca, LoadPkcs12(ca_p12, password));
    ca_key = ca.key;
    ca_cert = ca.cert;
  } else {
    ca_key = Own(EVP_EC_gen("P-256"));
    if (!ca_key) return Status::Internal(OpenSslError("CA key"));
    MOTCUA_ASSIGN_OR_RETURN(ca_cert, Issue(ca_key.get(), "MotCua Demo CA", "MotCua (demo)", nullptr,
                                           nullptr, 3650, true));
    MOTCUA_RETURN_IF_ERROR(
        WritePkcs12(ca_p12, password, "MotCua Demo CA", ca_key.get(), ca_cert.get(), nullptr));
  }
  const std::string ca_pem = dir + "/ca.crt";
  if (!std::filesystem::exists(ca_pem))
    MOTCUA_RETURN_IF_ERROR(WritePrivateFile(ca_pem, CertificatePem(ca_cert.get())));
  ::chmod(ca_pem.c_str(), 0644);  // public: it is what readers are told to trust

  for (const DemoSigner& s : signers) {
    const std::string path = dir + "/" + s.file_stem + ".p12";
    if (std::filesystem::exists(path)) continue;
    auto key = Own(EVP_EC_gen("P-256"));
    if (!key) return Status::Internal(OpenSslError("agency key"));
    MOTCUA_ASSIGN_OR_RETURN(auto cert, Issue(key.get(), s.common_name, s.common_name, ca_cert.get(),
                                             ca_key.get(), 1095, false));
    MOTCUA_RETURN_IF_ERROR(
        WritePkcs12(path, password, s.common_name, key.get(), cert.get(), ca_cert.get()));
  }
  return password;
}

}  // namespace motcua::forms
