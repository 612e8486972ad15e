// The web pages' message table: Vietnamese first, English second.
#pragma once

#include <boost/json/object.hpp>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/role.h"

namespace motcua::web {

struct MessageText {
  const char* key;
  const char* vi;
  const char* en;
};
// The messages of the officers' screens (complaints inbox, evaluation, exports), in a table of
// their own (i18n_officer.cc); Messages() includes them.
std::span<const MessageText> OfficerMessages();
// The notification screens' messages (i18n_notifications.cc); Messages() includes them.
std::span<const MessageText> NotificationMessages();
// The fees and payment screens' messages (i18n_payment.cc); Messages() includes them.
std::span<const MessageText> PaymentMessages();

// Every message of `locale` ("vi" or "en") as {key: text}, for templates ({{t.key}}).
const boost::json::object& Messages(std::string_view locale);
// One message; the key itself when unknown (so a missing text is visible, not blank).
std::string Message(std::string_view locale, std::string_view key);
std::string RoleLabel(std::string_view locale, domain::Role role);

// Labels of the domain's names in the page's language (Vietnamese by default). Each takes the
// stored name ("in_process", "request_supplement", "on_time", "online") and returns the name
// itself when it is unknown, so nothing shows blank.
std::string StateLabel(std::string_view locale, std::string_view state);
std::string ActionLabel(std::string_view locale, std::string_view action);  // + submit, register
std::string TimelinessLabel(std::string_view locale, std::string_view timeliness);
// Dossier channels (counter, online, postal) and feedback channels (kiosk, portal, paper).
std::string ChannelLabel(std::string_view locale, std::string_view channel);

// The label a form shows for a service field name ("reason" -> "Lý do"; "applicant.id_number" ->
// "Số căn cước công dân"); empty when unknown, so that a code name never reaches the page.
std::string FieldLabel(std::string_view locale, std::string_view field);
// A failed call's message for the page, naming the field in words when it is known:
// "Vui lòng nhập lý do." / "Thiếu thông tin bắt buộc. (Ngày hẹn trả mới)".
std::string ErrorWithField(std::string_view locale, const Status& status);

}  // namespace motcua::web
