#include "domain/notification_template.h"

#include <boost/json.hpp>
#include <set>

namespace motcua::domain {
namespace {

namespace json = boost::json;

const std::set<std::string>& KnownPlaceholders() {
  static const std::set<std::string> known = {"code",     "procedure",    "agency",
                                              "due_date", "new_due_date", "reason",
                                              "name",     "lookup_url",   "answer"};
  return known;
}

// The longest values a placeholder of an SMS takes, to check at load that a template fits:
// a dossier code of a 13-character agency identifier and five sequence digits, a date.
const NotificationValues& LongestSmsValues() {
  static const NotificationValues v = {{"code", "000.00.15.H12-250714-10042"},
                                       {"due_date", "31/12/2026"},
                                       {"new_due_date", "31/12/2026"}};
  return v;
}

// Decodes one UTF-8 sequence at s[i]; advances i. Invalid bytes decode as U+FFFD.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int extra = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
  if (extra < 0 || i + extra >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k <= extra; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += extra + 1;
  return cp;
}

// Each Vietnamese letter with a diacritic, grouped by its base letter.
const std::map<char32_t, char>& BaseLetters() {
  static const auto* table = [] {
    auto* m = new std::map<char32_t, char>();
    const std::pair<const char*, char> groups[] = {{"àáảãạăằắẳẵặâầấẩẫậ", 'a'},
                                                   {"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'},
                                                   {"èéẻẽẹêềếểễệ", 'e'},
                                                   {"ÈÉẺẼẸÊỀẾỂỄỆ", 'E'},
                                                   {"ìíỉĩị", 'i'},
                                                   {"ÌÍỈĨỊ", 'I'},
                                                   {"òóỏõọôồốổỗộơờớởỡợ", 'o'},
                                                   {"ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'},
                                                   {"ùúủũụưừứửữự", 'u'},
                                                   {"ÙÚỦŨỤƯỪỨỬỮỰ", 'U'},
                                                   {"ỳýỷỹỵ", 'y'},
                                                   {"ỲÝỶỸỴ", 'Y'},
                                                   {"đ", 'd'},
                                                   {"Đ", 'D'}};
    for (const auto& [letters, base] : groups) {
      std::string_view s(letters);
      for (size_t i = 0; i < s.size();) (*m)[NextCodePoint(s, i)] = base;
    }
    return m;
  }();
  return *table;
}

// GSM 03.38 basic character set (by code point) and the extension table (two septets each).
const std::set<char32_t>& Gsm7Basic() {
  static const auto* set = [] {
    auto* s = new std::set<char32_t>();
    std::string_view basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
        "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    for (size_t i = 0; i < basic.size();) s->insert(NextCodePoint(basic, i));
    return s;
  }();
  return *set;
}

bool Gsm7Extension(char32_t c) {
  return c == U'^' || c == U'{' || c == U'}' || c == U'\\' || c == U'[' || c == U'~' || c == U']' ||
         c == U'|' || c == U'€' || c == U'\f';
}

std::string Shorten(const std::string& text, size_t max_chars) {
  if (text.size() <= max_chars) return text;
  if (max_chars < 4) return std::string();
  std::string out = text.substr(0, max_chars - 3);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "...";
}

Result<std::string> GetString(const json::object& o, std::string_view key,
                              const std::string& where) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string() || v->get_string().empty())
    return Status::Validation("invalid_template", where + "." + std::string(key));
  return std::string(v->get_string());
}

Status CheckPlaceholders(std::string_view text, const std::string& where) {
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    size_t end = text.find("}}", pos);
    if (end == std::string_view::npos) return Status::Validation("invalid_template", where);
    std::string name(text.substr(pos + 2, end - pos - 2));
    if (!KnownPlaceholders().count(name))
      return Status::Validation("unknown_placeholder", where + ": " + name);
    pos = end + 2;
  }
  return Status::Ok();
}

}  // namespace

std::string_view NotificationEventName(NotificationEvent event) {
  switch (event) {
    case NotificationEvent::kReceived:
      return "received";
    case NotificationEvent::kSupplementRequested:
      return "supplement_requested";
    case NotificationEvent::kFeeDue:
      return "fee_due";
    case NotificationEvent::kResultReady:
      return "result_ready";
    case NotificationEvent::kReturned:
      return "returned";
    case NotificationEvent::kOverdueApology:
      return "overdue_apology";
    case NotificationEvent::kComplaintAnswered:
      return "complaint_answered";
  }
  return "";
}

std::optional<NotificationEvent> ParseNotificationEvent(std::string_view name) {
  for (NotificationEvent e : kAllNotificationEvents)
    if (NotificationEventName(e) == name) return e;
  return std::nullopt;
}

std::string FillPlaceholders(std::string_view text, const NotificationValues& values) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{", pos);
    size_t close = open == std::string_view::npos ? open : text.find("}}", open);
    if (close == std::string_view::npos) {
      out.append(text.substr(pos));
      return out;
    }
    out.append(text.substr(pos, open - pos));
    auto it = values.find(std::string(text.substr(open + 2, close - open - 2)));
    if (it != values.end()) out += it->second;
    pos = close + 2;
  }
}

std::string Unaccent(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto& bases = BaseLetters();
  for (size_t i = 0; i < utf8.size();) {
    char32_t c = NextCodePoint(utf8, i);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c >= 0x0300 && c <= 0x036F) {
      // combining marks (decomposed text): the base letter is already out
    } else if (auto it = bases.find(c); it != bases.end()) {
      out += it->second;
    } else if (c == U'–' || c == U'—') {
      out += '-';
    } else if (c == U'“' || c == U'”') {
      out += '"';
    } else if (c == U'‘' || c == U'’') {
      out += '\'';
    } else if (c == 0x00A0) {
      out += ' ';
    } else {
      out += '?';
    }
  }
  return out;
}

std::optional<size_t> Gsm7Length(std::string_view utf8) {
  size_t n = 0;
  for (size_t i = 0; i < utf8.size();) {
    char32_t c = NextCodePoint(utf8, i);
    if (Gsm7Basic().count(c)) {
      n += 1;
    } else if (Gsm7Extension(c)) {
      n += 2;
    } else {
      return std::nullopt;
    }
  }
  return n;
}

bool ContainsIdNumber(std::string_view text) {
  int run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      if (++run >= 9) return true;
    } else if (c == ' ' && run > 0 && i + 1 < text.size() && text[i + 1] >= '0' &&
               text[i + 1] <= '9') {
      // "0012 3456 7890": a blank between digit groups does not break the run
    } else {
      run = 0;
    }
  }
  return false;
}

Result<NotificationTemplates> NotificationTemplates::Parse(std::string_view json_text) {
  boost::system::error_code ec;
  json::value doc = json::parse(json_text, ec);
  if (ec || !doc.is_object()) return Status::Validation("invalid_json", "templates");
  const json::value* events = doc.get_object().if_contains("events");
  if (!events || !events->is_object()) return Status::Validation("invalid_template", "events");
  NotificationTemplates out;
  for (NotificationEvent e : kAllNotificationEvents) {
    const std::string where = "events." + std::string(NotificationEventName(e));
    const json::value* v = events->get_object().if_contains(NotificationEventName(e));
    if (!v || !v->is_object()) return Status::Validation("missing_template", where);
    const json::object& o = v->get_object();
    NotificationTemplate t;
    const json::value* email = o.if_contains("email");
    if (!email || !email->is_object())
      return Status::Validation("invalid_template", where + ".email");
    MOTCUA_ASSIGN_OR_RETURN(t.email_subject,
                            GetString(email->get_object(), "subject", where + ".email"));
    MOTCUA_ASSIGN_OR_RETURN(t.email_body, GetString(email->get_object(), "body", where + ".email"));
    MOTCUA_ASSIGN_OR_RETURN(t.sms, GetString(o, "sms", where));
    const json::value* zalo = o.if_contains("zalo");
    if (!zalo || !zalo->is_object()) return Status::Validation("invalid_template", where + ".zalo");
    MOTCUA_ASSIGN_OR_RETURN(t.zalo_template_id,
                            GetString(zalo->get_object(), "template_id", where + ".zalo"));
    if (const json::value* p = zalo->get_object().if_contains("params"); p && p->is_array()) {
      for (const auto& name : p->get_array()) {
        if (!name.is_string() || !KnownPlaceholders().count(std::string(name.get_string())))
          return Status::Validation("unknown_placeholder", where + ".zalo.params");
        t.zalo_params.emplace_back(name.get_string());
      }
    }
    MOTCUA_RETURN_IF_ERROR(CheckPlaceholders(t.email_subject, where + ".email.subject"));
    MOTCUA_RETURN_IF_ERROR(CheckPlaceholders(t.email_body, where + ".email.body"));
    MOTCUA_RETURN_IF_ERROR(CheckPlaceholders(t.sms, where + ".sms"));
    if (t.sms.find("{{name}}") != std::string::npos)
      return Status::Validation("name_in_sms", where + ".sms");
    if (Unaccent(t.sms) != t.sms || !Gsm7Length(t.sms))
      return Status::Validation("sms_not_gsm7", where + ".sms");
    // With the longest code and dates (and the shortenable names empty) the SMS must fit.
    std::string longest = FillPlaceholders(t.sms, LongestSmsValues());
    if (*Gsm7Length(longest) > kSmsMaxCharacters)
      return Status::Validation("sms_too_long", where + ".sms");
    out.templates_[e] = std::move(t);
  }
  return out;
}

const NotificationTemplate& NotificationTemplates::For(NotificationEvent event) const {
  return templates_.at(event);
}

Result<RenderedNotification> RenderNotification(const NotificationTemplate& t,
                                                const NotificationValues& values) {
  RenderedNotification r;
  r.email_subject = FillPlaceholders(t.email_subject, values);
  r.email_body = FillPlaceholders(t.email_body, values);
  // The SMS: values without accents; the names that may be long give way to the limit.
  NotificationValues plain;
  for (const auto& [k, v] : values) {
    std::string text = Unaccent(v);
    for (char& c : text)  // the only ASCII characters GSM-7 lacks
      if (c == '`' || (static_cast<unsigned char>(c) < 0x20 && c != '\n'))
        c = c == '`' ? '\'' : ' ';
    plain[k] = std::move(text);
  }
  plain.erase("name");
  NotificationValues fixed = plain;
  fixed["procedure"].clear();
  fixed["agency"].clear();
  fixed["reason"].clear();
  fixed["answer"].clear();
  auto base = Gsm7Length(FillPlaceholders(t.sms, fixed));
  if (!base || *base > kSmsMaxCharacters) return Status::Validation("sms_too_long", "sms");
  size_t room = kSmsMaxCharacters - *base;
  for (const char* shortenable : {"agency", "procedure", "reason", "answer"}) {
    std::string tag = std::string("{{") + shortenable + "}}";
    size_t uses = 0;
    for (size_t p = t.sms.find(tag); p != std::string::npos; p = t.sms.find(tag, p + 1)) ++uses;
    if (uses == 0) continue;
    // GSM-7 extension characters count twice: measure, then shorten the ASCII text by bytes.
    std::string v = Shorten(plain[shortenable], room / uses);
    while (!v.empty() && Gsm7Length(v).value_or(SIZE_MAX) * uses > room)
      v = Shorten(v, v.size() - 1);
    fixed[shortenable] = v;
    room -= Gsm7Length(v).value_or(0) * uses;
  }
  r.sms = FillPlaceholders(t.sms, fixed);
  auto length = Gsm7Length(r.sms);
  if (!length || *length > kSmsMaxCharacters) return Status::Validation("sms_too_long", "sms");
  r.zalo_template_id = t.zalo_template_id;
  for (const auto& name : t.zalo_params) {
    auto it = values.find(name);
    r.zalo_data[name] = it == values.end() ? std::string() : it->second;
  }
  bool leak = ContainsIdNumber(r.email_subject) || ContainsIdNumber(r.email_body) ||
              ContainsIdNumber(r.sms);
  for (const auto& [k, v] : r.zalo_data) leak = leak || ContainsIdNumber(v);
  if (leak) return Status::Validation("id_number_in_message", "values");
  return r;
}

}  // namespace motcua::domain
