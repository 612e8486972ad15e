// What a citizen is told at each event of a dossier (issue 16): the templates are data
// (data/notifications/templates.json): an e-mail in Vietnamese with diacritics, an SMS without
// them that fits one GSM-7 message (160 characters), and a Zalo ZNS template id with the names
// of its parameters. Rendering is pure; it refuses any text carrying something shaped like an
// identity number, so no message can leak one whatever a template or a value says.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace motcua::domain {

enum class NotificationEvent {
  kReceived,             // đã tiếp nhận: with the code and the due date
  kSupplementRequested,  // yêu cầu bổ sung
  kFeeDue,               // yêu cầu thực hiện nghĩa vụ tài chính
  kResultReady,          // đã có kết quả
  kReturned,             // đã trả kết quả
  kOverdueApology,       // gia hạn, xin lỗi (Mẫu 04)
  kComplaintAnswered,    // phản ánh, kiến nghị đã được trả lời
};

inline constexpr std::array<NotificationEvent, 7> kAllNotificationEvents = {
    NotificationEvent::kReceived,
    NotificationEvent::kSupplementRequested,
    NotificationEvent::kFeeDue,
    NotificationEvent::kResultReady,
    NotificationEvent::kReturned,
    NotificationEvent::kOverdueApology,
    NotificationEvent::kComplaintAnswered,
};

// "received", "supplement_requested", "fee_due", "result_ready", "returned",
// "overdue_apology", "complaint_answered".
std::string_view NotificationEventName(NotificationEvent event);
std::optional<NotificationEvent> ParseNotificationEvent(std::string_view name);

// The placeholders a template may use, as {{name}}: code, procedure, agency, due_date,
// new_due_date, reason, name (the applicant's name: e-mail only), lookup_url, answer.
using NotificationValues = std::map<std::string, std::string>;

struct NotificationTemplate {
  std::string email_subject;
  std::string email_body;
  std::string sms;  // unaccented GSM-7 text
  std::string zalo_template_id;
  std::vector<std::string> zalo_params;  // placeholder names sent as template_data
};

struct RenderedNotification {
  std::string email_subject;
  std::string email_body;
  std::string sms;
  std::string zalo_template_id;
  std::map<std::string, std::string> zalo_data;
};

class NotificationTemplates {
 public:
  // Parses {"events": {"<event>": {"email": {"subject", "body"}, "sms": "...", "zalo":
  // {"template_id", "params": [...]}}}}. Every event must be there; every placeholder known;
  // the SMS text GSM-7 without accents and within 160 characters with the longest values.
  static Result<NotificationTemplates> Parse(std::string_view json_text);

  const NotificationTemplate& For(NotificationEvent event) const;

 private:
  std::map<NotificationEvent, NotificationTemplate> templates_;
};

inline constexpr size_t kSmsMaxCharacters = 160;

// Renders every variant. The SMS takes the values without accents; a too long "procedure" or
// "agency" value is shortened with "..." so that the SMS fits 160 GSM-7 characters. Failures:
// Validation "sms_too_long", "id_number_in_message" (a run of 9 or more digits in any variant).
Result<RenderedNotification> RenderNotification(const NotificationTemplate& t,
                                                const NotificationValues& values);

// Replaces {{name}} by values[name] (missing: empty).
std::string FillPlaceholders(std::string_view text, const NotificationValues& values);

// Vietnamese text without diacritics ("Hồ sơ đã được tiếp nhận" -> "Ho so da duoc tiep nhan");
// typographic dashes and quotes become ASCII; any other character outside ASCII becomes '?'.
std::string Unaccent(std::string_view utf8);

// The number of GSM 03.38 septets (characters of the extension table count two), or nullopt
// when some character has no GSM-7 encoding.
std::optional<size_t> Gsm7Length(std::string_view utf8);

// True when the text holds a run of 9 or more digits (single blanks between them ignored):
// the shape of an identity number (CMND 9 digits, CCCD 12), which no message may carry.
bool ContainsIdNumber(std::string_view text);

}  // namespace motcua::domain
