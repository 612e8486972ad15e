// Messages of the notification screens (issue 16): the deliveries on the staff dossier page,
// the citizen's channel choices and the unsubscribe page. Vietnamese first, English second.
#include "web/i18n.h"

namespace motcua::web {
namespace {

// clang-format off
constexpr MessageText kNotificationMessages[] = {
  {"nt_title", "Thông báo đã gửi người nộp", "Notifications to the applicant"},
  {"nt_none", "Chưa có thông báo nào cho hồ sơ này.", "No notification for this dossier yet."},
  {"nt_event", "Sự kiện", "Event"},
  {"nt_channel", "Kênh", "Channel"},
  {"nt_recipient", "Người nhận", "Recipient"},
  {"nt_status", "Trạng thái", "Status"},
  {"nt_attempts", "Số lần gửi", "Attempts"},
  {"nt_created", "Tạo lúc", "Created"},
  {"nt_sent", "Gửi được lúc", "Delivered"},
  {"nt_error", "Lỗi gần nhất", "Last error"},
  {"nt_next", "Gửi lại lúc", "Next attempt"},
  {"nt_event_received", "Đã tiếp nhận", "Received"},
  {"nt_event_supplement_requested", "Yêu cầu bổ sung", "Supplement requested"},
  {"nt_event_fee_due", "Đề nghị nộp phí, lệ phí", "Fee due"},
  {"nt_event_result_ready", "Đã có kết quả", "Result ready"},
  {"nt_event_returned", "Đã trả kết quả", "Result returned"},
  {"nt_event_overdue_apology", "Xin lỗi, hẹn lại (Mẫu 04)", "Apology, new date (form 04)"},
  {"nt_event_complaint_answered", "Trả lời phản ánh, kiến nghị", "Complaint answered"},
  {"nt_channel_email", "Thư điện tử", "E-mail"},
  {"nt_channel_sms", "SMS", "SMS"},
  {"nt_channel_zalo", "Zalo", "Zalo"},
  {"nt_status_queued", "Chờ gửi", "Queued"},
  {"nt_status_failed", "Lỗi, sẽ gửi lại", "Failed, will retry"},
  {"nt_status_sent", "Đã gửi", "Sent"},
  {"nt_status_dead", "Không gửi được", "Undeliverable"},
  {"nt_status_skipped", "Người nhận đã từ chối nhận", "Recipient opted out"},
  // The citizen's choices.
  {"nt_prefs_title", "Nhận thông báo qua", "Receive notifications by"},
  {"nt_prefs_hint", "Thông báo về hồ sơ bạn nộp trực tuyến (tiếp nhận, bổ sung, kết quả...) gửi đến địa chỉ thư điện tử và số điện thoại khai trong hồ sơ. Không tin nhắn SMS nào được gửi trong khung giờ nghỉ đêm.", "Notifications about the dossiers you submit online (reception, supplements, results...) go to the e-mail address and phone number given in the dossier. No SMS is sent at night."},
  {"nt_prefs_email", "Thư điện tử", "E-mail"},
  {"nt_prefs_sms", "Tin nhắn SMS", "SMS"},
  {"nt_prefs_zalo", "Zalo", "Zalo"},
  {"nt_prefs_save", "Lưu lựa chọn", "Save my choices"},
  {"nt_prefs_saved", "Đã lưu lựa chọn nhận thông báo.", "Your notification choices were saved."},
  // Unsubscribe.
  {"nt_unsub_title", "Ngừng nhận thư thông báo", "Stop notification e-mails"},
  {"nt_unsub_confirm", "Ngừng gửi thư thông báo về hồ sơ đến địa chỉ", "Stop sending dossier notification e-mails to"},
  {"nt_unsub_button", "Ngừng nhận thư", "Stop the e-mails"},
  {"nt_unsub_done", "Đã ngừng gửi thư thông báo đến địa chỉ này. Bạn vẫn tra cứu được hồ sơ trên cổng dịch vụ công.", "No more notification e-mails will be sent to this address. You can still look your dossiers up on the portal."},
};
// clang-format on

}  // namespace

std::span<const MessageText> NotificationMessages() { return kNotificationMessages; }

}  // namespace motcua::web
