#include "forms/pades.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "forms/text_vi.h"

namespace motcua::forms {
namespace {

constexpr size_t npos = std::string_view::npos;

// ---- Reading the few objects we change (catalogue, first page, its /Annots). ----------------

bool IsWs(char c) { return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }
bool IsDelim(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

size_t SkipWs(std::string_view s, size_t i) {
  while (i < s.size()) {
    if (IsWs(s[i])) {
      ++i;
    } else if (s[i] == '%') {
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
    } else {
      break;
    }
  }
  return i;
}

size_t SkipRegular(std::string_view s, size_t i) {
  while (i < s.size() && !IsWs(s[i]) && !IsDelim(s[i])) ++i;
  return i;
}

std::optional<int64_t> Integer(std::string_view t) {
  int64_t v = 0;
  if (t.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

// The end of the PDF value that starts at `i` (no leading blanks), or npos.
size_t SkipValue(std::string_view s, size_t i, int depth = 0) {
  if (depth > 64 || i >= s.size()) return npos;
  const char c = s[i];
  if (c == '<' && i + 1 < s.size() && s[i + 1] == '<') {
    i += 2;
    for (;;) {
      i = SkipWs(s, i);
      if (i + 1 >= s.size()) return npos;
      if (s[i] == '>' && s[i + 1] == '>') return i + 2;
      if (s[i] != '/') return npos;
      i = SkipRegular(s, i + 1);
      i = SkipValue(s, SkipWs(s, i), depth + 1);
      if (i == npos) return npos;
    }
  }
  if (c == '<') {
    size_t e = s.find('>', i);
    return e == npos ? npos : e + 1;
  }
  if (c == '[') {
    ++i;
    for (;;) {
      i = SkipWs(s, i);
      if (i >= s.size()) return npos;
      if (s[i] == ']') return i + 1;
      i = SkipValue(s, i, depth + 1);
      if (i == npos) return npos;
    }
  }
  if (c == '(') {
    int nest = 0;
    for (; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
      } else if (s[i] == '(') {
        ++nest;
      } else if (s[i] == ')' && --nest == 0) {
        return i + 1;
      }
    }
    return npos;
  }
  if (c == '/') return SkipRegular(s, i + 1);
  const size_t e = SkipRegular(s, i);
  if (e == i) return npos;
  // "12 0 R" is one value.
  if (Integer(s.substr(i, e - i))) {
    const size_t j = SkipWs(s, e);
    const size_t k = SkipRegular(s, j);
    if (k > j && Integer(s.substr(j, k - j))) {
      const size_t m = SkipWs(s, k);
      if (m < s.size() && s[m] == 'R' && (m + 1 == s.size() || IsWs(s[m + 1]) || IsDelim(s[m + 1])))
        return m + 1;
    }
  }
  return e;
}

using Dict = std::vector<std::pair<std::string, std::string>>;  // "/Key", raw value

std::optional<Dict> ParseDict(std::string_view s) {
  size_t i = SkipWs(s, 0);
  if (s.substr(i, 2) != "<<") return std::nullopt;
  i += 2;
  Dict d;
  for (;;) {
    i = SkipWs(s, i);
    if (i + 1 >= s.size()) return std::nullopt;
    if (s[i] == '>' && s[i + 1] == '>') return d;
    if (s[i] != '/') return std::nullopt;
    const size_t k = SkipRegular(s, i + 1);
    const size_t v = SkipWs(s, k);
    const size_t e = SkipValue(s, v);
    if (e == npos) return std::nullopt;
    d.emplace_back(std::string(s.substr(i, k - i)), std::string(s.substr(v, e - v)));
    i = e;
  }
}

const std::string* Get(const Dict& d, std::string_view key) {
  for (const auto& [k, v] : d)
    if (k == key) return &v;
  return nullptr;
}

void Set(Dict& d, std::string_view key, std::string value) {
  for (auto& [k, v] : d)
    if (k == key) {
      v = std::move(value);
      return;
    }
  d.emplace_back(std::string(key), std::move(value));
}

std::string DictText(const Dict& d) {
  std::string out = "<<";
  for (const auto& [k, v] : d) {
    out += ' ';
    out += k;
    out += ' ';
    out += v;
  }
  out += " >>";
  return out;
}

struct Ref {
  int64_t num = 0;
  int64_t gen = 0;
};

std::optional<Ref> ParseRef(std::string_view v) {
  size_t i = SkipWs(v, 0);
  size_t e = SkipRegular(v, i);
  auto num = Integer(v.substr(i, e - i));
  i = SkipWs(v, e);
  e = SkipRegular(v, i);
  auto gen = Integer(v.substr(i, e - i));
  i = SkipWs(v, e);
  if (!num || !gen || i >= v.size() || v[i] != 'R') return std::nullopt;
  return Ref{*num, *gen};
}

Status Invalid(std::string reason = "pdf_invalid") {
  return Status::Validation(std::move(reason), "file");
}

// The objects of a PDF with classic cross-reference tables, newest section first.
class PdfIndex {
 public:
  static Result<PdfIndex> Read(std::string_view pdf) {
    PdfIndex x;
    x.s_ = pdf;
    const size_t sx = pdf.rfind("startxref");
    if (sx == npos || pdf.size() - sx > 4096) return Invalid();
    size_t i = SkipWs(pdf, sx + 9);
    auto off = Integer(pdf.substr(i, SkipRegular(pdf, i) - i));
    if (!off || *off < 0 || static_cast<size_t>(*off) >= pdf.size()) return Invalid();
    x.last_xref_ = *off;
    std::set<int64_t> seen;
    int64_t at = *off;
    for (int section = 0;; ++section) {
      if (section > 256 || !seen.insert(at).second) return Invalid();
      MOTCUA_ASSIGN_OR_RETURN(Dict trailer, x.ReadSection(static_cast<size_t>(at)));
      if (section == 0) x.trailer_ = trailer;
      const std::string* prev = Get(trailer, "/Prev");
      if (!prev) break;
      auto p = Integer(*prev);
      if (!p || *p < 0 || static_cast<size_t>(*p) >= pdf.size()) return Invalid();
      at = *p;
    }
    return x;
  }

  const Dict& trailer() const { return trailer_; }
  int64_t last_xref() const { return last_xref_; }

  // The raw value of object `r` ("<< ... >>", "[ ... ]").
  Result<std::string> Object(Ref r) const {
    auto it = offsets_.find(r.num);
    if (it == offsets_.end() || it->second.second != r.gen) return Invalid();
    size_t i = SkipWs(s_, it->second.first);
    size_t e = SkipRegular(s_, i);
    if (Integer(s_.substr(i, e - i)) != r.num) return Invalid();
    i = SkipWs(s_, e);
    e = SkipRegular(s_, i);
    i = SkipWs(s_, e);
    if (s_.substr(i, 3) != "obj") return Invalid();
    i = SkipWs(s_, i + 3);
    e = SkipValue(s_, i);
    if (e == npos) return Invalid();
    return std::string(s_.substr(i, e - i));
  }

  Result<Dict> DictObject(Ref r) const {
    MOTCUA_ASSIGN_OR_RETURN(std::string raw, Object(r));
    auto d = ParseDict(raw);
    if (!d) return Invalid();
    return *d;
  }

 private:
  std::optional<int64_t> NextInt(size_t* i) const {
    *i = SkipWs(s_, *i);
    size_t e = SkipRegular(s_, *i);
    auto v = Integer(s_.substr(*i, e - *i));
    *i = e;
    return v;
  }

  Result<Dict> ReadSection(size_t at) {
    size_t i = SkipWs(s_, at);
    if (s_.substr(i, 4) != "xref") {
      // "N G obj << /Type /XRef ..." : a cross-reference stream (PDF 1.5).
      size_t j = i;
      if (NextInt(&j) && NextInt(&j) && s_.substr(SkipWs(s_, j), 3) == "obj")
        return Invalid("pdf_xref_stream_unsupported");
      return Invalid();
    }
    i += 4;
    for (;;) {
      i = SkipWs(s_, i);
      if (s_.substr(i, 7) == "trailer") break;
      auto first = NextInt(&i);
      auto count = NextInt(&i);
      if (!first || !count || *first < 0 || *count < 0 || *count > 10'000'000) return Invalid();
      for (int64_t k = 0; k < *count; ++k) {
        auto off = NextInt(&i);
        auto gen = NextInt(&i);
        i = SkipWs(s_, i);
        if (!off || !gen || i >= s_.size()) return Invalid();
        const char type = s_[i++];
        if (type != 'n' && type != 'f') return Invalid();
        if (type == 'n' && *off > 0 && static_cast<size_t>(*off) < s_.size())
          offsets_.emplace(*first + k, std::make_pair(static_cast<size_t>(*off), *gen));
      }
    }
    i = SkipWs(s_, i + 7);
    const size_t e = SkipValue(s_, i);
    if (e == npos) return Invalid();
    auto d = ParseDict(s_.substr(i, e - i));
    if (!d) return Invalid();
    return *d;
  }

  std::string_view s_;
  std::map<int64_t, std::pair<size_t, int64_t>> offsets_;  // newest wins (emplace keeps first)
  Dict trailer_;
  int64_t last_xref_ = 0;
};

// ---- Writing the update. -------------------------------------------------------------------

std::string TextString(std::string_view utf8) {
  std::string out = "<FEFF";
  for (size_t i = 0; i < utf8.size();) {
    char32_t c = NextCodePoint(utf8, &i);
    if (c >= 0x10000) {
      c -= 0x10000;
      fmt::format_to(std::back_inserter(out), "{:04X}{:04X}", 0xD800 + (c >> 10),
                     0xDC00 + (c & 0x3FF));
    } else {
      fmt::format_to(std::back_inserter(out), "{:04X}", static_cast<uint32_t>(c));
    }
  }
  out += '>';
  return out;
}

std::string PdfDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("(D:{:04}{:02}{:02}{:02}{:02}{:02}+07'00')", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string RandomHexId() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  std::string out;
  for (unsigned char c : b) fmt::format_to(std::back_inserter(out), "{:02X}", c);
  return out;
}

std::string OpenSslError(std::string_view what) {
  unsigned long e = ERR_get_error();
  char buf[256] = {0};
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  ERR_clear_error();
  return fmt::format("{}: {}", what, e ? buf : "unknown OpenSSL error");
}

Result<std::string> DetachedCms(std::string_view data, const SigningIdentity& signer) {
  BIO* in = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
  STACK_OF(X509)* certs = sk_X509_new_null();
  for (const auto& c : signer.chain) sk_X509_push(certs, c.get());
  CMS_ContentInfo* cms = CMS_sign(signer.cert.get(), signer.key.get(), certs, in,
                                  CMS_DETACHED | CMS_BINARY | CMS_CADES | CMS_NOSMIMECAP);
  sk_X509_free(certs);
  BIO_free(in);
  if (!cms) return Status::Internal(OpenSslError("CMS_sign"));
  unsigned char* der = nullptr;
  const int n = i2d_CMS_ContentInfo(cms, &der);
  CMS_ContentInfo_free(cms);
  if (n <= 0) return Status::Internal(OpenSslError("i2d_CMS_ContentInfo"));
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return out;
}

constexpr std::string_view kByteRangePlaceholder = "[0 0000000000 0000000000 0000000000]";

}  // namespace

Result<std::string> SignPdf(std::string_view pdf, const SigningIdentity& signer,
                            const PadesOptions& options) {
  if (!signer.key || !signer.cert) return Status::Internal("signing identity without key");
  if (pdf.substr(0, 5) != "%PDF-") return Invalid();
  MOTCUA_ASSIGN_OR_RETURN(PdfIndex index, PdfIndex::Read(pdf));
  const Dict& trailer = index.trailer();
  if (Get(trailer, "/Encrypt")) return Invalid("pdf_encrypted");
  const std::string* root_v = Get(trailer, "/Root");
  const std::string* size_v = Get(trailer, "/Size");
  auto root = root_v ? ParseRef(*root_v) : std::nullopt;
  auto size = size_v ? Integer(*size_v) : std::nullopt;
  if (!root || !size || *size <= 0) return Invalid();
  MOTCUA_ASSIGN_OR_RETURN(Dict catalog, index.DictObject(*root));
  if (Get(catalog, "/AcroForm")) return Invalid("pdf_already_has_form");

  // The first page: down the page tree by the first kid.
  const std::string* pages_v = Get(catalog, "/Pages");
  auto node = pages_v ? ParseRef(*pages_v) : std::nullopt;
  if (!node) return Invalid();
  Dict page;
  for (int depth = 0;; ++depth) {
    if (depth > 32) return Invalid();
    MOTCUA_ASSIGN_OR_RETURN(page, index.DictObject(*node));
    const std::string* type = Get(page, "/Type");
    if (type && *type == "/Page") break;
    const std::string* kids = Get(page, "/Kids");
    if (!kids) return Invalid();
    std::string kids_raw = *kids;
    if (auto r = ParseRef(kids_raw); r && kids_raw.front() != '[') {
      MOTCUA_ASSIGN_OR_RETURN(kids_raw, index.Object(*r));
    }
    if (kids_raw.empty() || kids_raw.front() != '[') return Invalid();
    node = ParseRef(std::string_view(kids_raw).substr(1));
    if (!node) return Invalid();
  }
  const Ref page_ref = *node;

  const int64_t sig_id = *size, widget_id = *size + 1;
  int64_t next_id = *size + 2;
  std::string out(pdf);
  if (out.back() != '\n') out += '\n';
  std::vector<std::pair<Ref, size_t>> written;  // object, offset
  auto begin = [&](Ref r) {
    written.emplace_back(r, out.size());
    fmt::format_to(std::back_inserter(out), "{} {} obj\n", r.num, r.gen);
  };

  // The signature dictionary, with its placeholders.
  begin({sig_id, 0});
  out += "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ";
  const size_t byte_range_at = out.size();
  out += kByteRangePlaceholder;
  out += " /Contents ";
  const size_t contents_at = out.size();
  out += '<';
  out.append(kPadesContentsBytes * 2, '0');
  out += '>';
  out += " /M " + PdfDate(options.signing_time);
  if (!options.name.empty()) out += " /Name " + TextString(options.name);
  if (!options.reason.empty()) out += " /Reason " + TextString(options.reason);
  if (!options.location.empty()) out += " /Location " + TextString(options.location);
  out += " >>\nendobj\n";

  // An invisible widget (zero rectangle, printable and locked) on the first page.
  begin({widget_id, 0});
  fmt::format_to(std::back_inserter(out),
                 "<< /Type /Annot /Subtype /Widget /FT /Sig /T {} /V {} 0 R /F 132 "
                 "/Rect [0 0 0 0] /P {} {} R >>\nendobj\n",
                 TextString("Chữ ký số"), sig_id, page_ref.num, page_ref.gen);

  const std::string widget_ref = fmt::format("{} 0 R", widget_id);
  if (const std::string* a = Get(page, "/Annots")) {
    if (!a->empty() && a->front() == '[') {
      std::string arr = *a;
      arr.insert(arr.rfind(']'), " " + widget_ref + " ");
      Set(page, "/Annots", arr);
    } else if (auto r = ParseRef(*a)) {
      MOTCUA_ASSIGN_OR_RETURN(std::string arr, index.Object(*r));
      if (arr.empty() || arr.front() != '[') return Invalid();
      arr.insert(arr.rfind(']'), " " + widget_ref + " ");
      begin(*r);
      out += arr + "\nendobj\n";
    } else {
      return Invalid();
    }
  } else {
    Set(page, "/Annots", "[" + widget_ref + "]");
  }
  begin(page_ref);
  out += DictText(page) + "\nendobj\n";

  Set(catalog, "/AcroForm", fmt::format("<< /Fields [{}] /SigFlags 3 >>", widget_ref));
  begin(*root);
  out += DictText(catalog) + "\nendobj\n";

  // The cross-reference section of the update: one subsection per object.
  std::sort(written.begin(), written.end(),
            [](const auto& a, const auto& b) { return a.first.num < b.first.num; });
  const size_t xref_at = out.size();
  out += "xref\n";
  for (const auto& [r, off] : written)
    fmt::format_to(std::back_inserter(out), "{} 1\n{:010d} {:05d} n \n", r.num, off, r.gen);
  Dict new_trailer{{"/Size", std::to_string(next_id)},
                   {"/Root", *root_v},
                   {"/Prev", std::to_string(index.last_xref())}};
  if (const std::string* info = Get(trailer, "/Info")) new_trailer.emplace_back("/Info", *info);
  // The first identifier stays (same document), the second changes with each update.
  std::string first_id = "<" + RandomHexId() + ">";
  if (const std::string* id = Get(trailer, "/ID"); id && id->size() > 2 && id->front() == '[') {
    const size_t s = SkipWs(*id, 1);
    const size_t e = SkipValue(*id, s);
    if (e != npos) first_id = id->substr(s, e - s);
  }
  new_trailer.emplace_back("/ID", "[" + first_id + " <" + RandomHexId() + ">]");
  fmt::format_to(std::back_inserter(out), "trailer\n{}\nstartxref\n{}\n%%EOF\n",
                 DictText(new_trailer), xref_at);

  // Fill in /ByteRange, then sign everything but the /Contents string.
  const size_t after_contents = contents_at + 2 + kPadesContentsBytes * 2;
  std::string range =
      fmt::format("[0 {} {} {}]", contents_at, after_contents, out.size() - after_contents);
  if (range.size() > kByteRangePlaceholder.size()) return Status::Internal("byte range too long");
  range.append(kByteRangePlaceholder.size() - range.size(), ' ');
  out.replace(byte_range_at, range.size(), range);
  std::string signed_bytes;
  signed_bytes.reserve(out.size() - kPadesContentsBytes * 2);
  signed_bytes.append(out, 0, contents_at);
  signed_bytes.append(out, after_contents, npos);
  MOTCUA_ASSIGN_OR_RETURN(std::string cms, DetachedCms(signed_bytes, signer));
  if (cms.size() > kPadesContentsBytes) return Status::Internal("CMS larger than its placeholder");
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (size_t i = 0; i < cms.size(); ++i) {
    const auto b = static_cast<unsigned char>(cms[i]);
    out[contents_at + 1 + 2 * i] = kHex[b >> 4];
    out[contents_at + 2 + 2 * i] = kHex[b & 0xF];
  }
  return out;
}

Result<PadesSignatureBytes> FindPadesSignature(std::string_view pdf) {
  const size_t at = pdf.rfind("/ByteRange");
  if (at == npos) return Invalid("pdf_not_signed");
  size_t i = SkipWs(pdf, at + 10);
  if (i >= pdf.size() || pdf[i] != '[') return Invalid();
  ++i;
  PadesSignatureBytes out;
  for (int k = 0; k < 4; ++k) {
    i = SkipWs(pdf, i);
    const size_t e = SkipRegular(pdf, i);
    auto v = Integer(pdf.substr(i, e - i));
    if (!v || *v < 0) return Invalid();
    out.byte_range[k] = *v;
    i = e;
  }
  const auto lt = static_cast<size_t>(out.byte_range[1]);
  const auto gt = static_cast<size_t>(out.byte_range[2]);
  if (gt <= lt + 1 || gt > pdf.size() || pdf[lt] != '<' || pdf[gt - 1] != '>') return Invalid();
  std::string der;
  for (size_t k = lt + 1; k + 1 < gt - 1; k += 2) {  // up to the closing '>'
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = nib(pdf[k]), lo = nib(pdf[k + 1]);
    if (hi < 0 || lo < 0) return Invalid();
    der += static_cast<char>(hi << 4 | lo);
  }
  // The DER structure says how long it is; the rest is the placeholder's zero padding.
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  CMS_ContentInfo* cms = d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size()));
  if (!cms) return Invalid();
  CMS_ContentInfo_free(cms);
  der.resize(static_cast<size_t>(p - reinterpret_cast<const unsigned char*>(der.data())));
  out.cms_der = std::move(der);
  return out;
}

}  // namespace motcua::forms
