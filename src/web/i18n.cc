#include "web/i18n.h"

#include <boost/json.hpp>

#include "domain/dossier_state.h"
#include "domain/timeliness.h"

namespace motcua::web {
namespace {

namespace json = boost::json;

struct Entry {
  const char* key;
  const char* vi;
  const char* en;
};

// clang-format off
constexpr Entry kMessages[] = {
  {"site_name", "Hệ thống thông tin giải quyết thủ tục hành chính một cửa", "One-stop administrative procedure system"},
  {"site_short", "MotCua", "MotCua"},
  {"skip_to_content", "Bỏ qua, đến nội dung chính", "Skip to main content"},
  {"nav_label", "Điều hướng chính", "Main navigation"},
  {"nav_home", "Trang chủ", "Home"},
  {"nav_catalogue", "Thủ tục hành chính", "Procedures"},
  {"nav_lookup", "Tra cứu hồ sơ", "Track a dossier"},
  {"nav_my", "Hồ sơ của tôi", "My dossiers"},
  {"nav_counter", "Quầy tiếp nhận", "Reception counter"},
  {"nav_backoffice", "Xử lý hồ sơ", "Work queues"},
  {"nav_dashboard", "Điều hành", "Dashboard"},
  {"nav_admin", "Quản trị", "Administration"},
  {"login", "Đăng nhập", "Log in"},
  {"logout", "Đăng xuất", "Log out"},
  {"register", "Đăng ký tài khoản", "Create an account"},
  {"footer", "MotCua — phần mềm mã nguồn mở phục vụ cơ chế một cửa, một cửa liên thông.", "MotCua — open-source software for the one-stop mechanism."},
  {"back_home", "Về trang chủ", "Back to the home page"},
  {"error_title", "Có lỗi", "Error"},
  {"not_found", "Không tìm thấy trang bạn yêu cầu.", "The page you asked for was not found."},
  {"forbidden", "Bạn không có quyền truy cập trang này.", "You may not open this page."},
  {"csrf_failed", "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.", "The form expired or is not valid. Reload the page and try again."},
  {"home_title", "Dịch vụ công một cửa", "One-stop public services"},
  {"home_intro", "Tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến, theo dõi tiến độ giải quyết và đánh giá mức độ hài lòng.", "Find administrative procedures, apply online, track your dossier and rate the service."},
  {"search_label", "Tìm thủ tục hành chính", "Find a procedure"},
  {"search_placeholder", "Ví dụ: đăng ký khai sinh, làm sổ đỏ, bố mất cần làm gì", "For example: đăng ký khai sinh (birth registration)"},
  {"search", "Tìm kiếm", "Search"},
  {"lookup", "Tra cứu", "Look up"},
  {"lookup_title", "Tra cứu hồ sơ", "Track a dossier"},
  {"lookup_intro", "Nhập mã hồ sơ ghi trên giấy tiếp nhận để xem tình trạng giải quyết.", "Enter the code printed on your receipt to see the dossier's status."},
  {"lookup_hint", "Mã hồ sơ có dạng: mã cơ quan-năm tháng ngày-số thứ tự. Thông tin cá nhân được che một phần.", "A dossier code reads agency code-YYMMDD-sequence. Personal data is partly masked."},
  {"lookup_not_found", "Không tìm thấy hồ sơ có mã này. Vui lòng kiểm tra lại mã trên giấy tiếp nhận.", "No dossier has this code. Check the code on your receipt."},
  {"lookup_unavailable", "Chức năng tra cứu hồ sơ chưa sẵn sàng trên máy chủ này.", "Dossier tracking is not available on this server yet."},
  {"lookup_rate_limited", "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.", "Too many look-ups. Please try again in a few minutes."},
  {"dossier_code", "Mã hồ sơ", "Dossier code"},
  {"dossier", "Hồ sơ", "Dossier"},
  {"procedure", "Thủ tục", "Procedure"},
  {"applicant", "Người nộp", "Applicant"},
  {"status", "Tình trạng", "Status"},
  {"received_at", "Ngày tiếp nhận", "Received"},
  {"due_at", "Ngày hẹn trả kết quả", "Due"},
  {"current_agency", "Cơ quan đang giải quyết", "Agency now handling it"},
  {"progress", "Quá trình giải quyết", "Progress"},
  {"stats_title", "Công khai thủ tục", "Published procedures"},
  {"stats_procedures", "thủ tục hành chính đang có hiệu lực", "procedures in force"},
  {"stats_online", "thủ tục có dịch vụ công trực tuyến", "procedures available online"},
  {"stats_fields", "lĩnh vực", "fields"},
  {"browse_fields", "Thủ tục theo lĩnh vực", "Procedures by field"},
  {"catalogue_title", "Thủ tục hành chính", "Administrative procedures"},
  {"field", "Lĩnh vực", "Field"},
  {"all_fields", "Tất cả lĩnh vực", "All fields"},
  {"agency", "Cơ quan", "Agency"},
  {"all_agencies", "Tất cả cơ quan", "All agencies"},
  {"no_results", "Không có thủ tục nào phù hợp. Hãy thử từ khóa ngắn hơn.", "No procedure matches. Try fewer words."},
  {"search_why", "Vì sao khớp", "Why it matched"},
  {"search_ignored", "Đã bỏ qua các từ không chỉ thủ tục: {words}", "Words that name no procedure were left out: {words}"},
  {"search_life_event", "Tình huống: {event}. Các thủ tục thường cần:", "Situation: {event}. Procedures usually needed:"},
  {"results_summary", "Tìm thấy {total} thủ tục", "{total} procedures found"},
  {"pages", "Trang kết quả", "Result pages"},
  {"prev_page", "Trang trước", "Previous page"},
  {"next_page", "Trang sau", "Next page"},
  {"procedure_code", "Mã thủ tục", "Procedure code"},
  {"version", "phiên bản", "version"},
  {"retired", "Đã bãi bỏ", "Repealed"},
  {"print", "In trang này", "Print this page"},
  {"submit_online", "Nộp hồ sơ trực tuyến", "Apply online"},
  {"level", "Cấp thực hiện", "Level"},
  {"competent_agency", "Cơ quan có thẩm quyền", "Competent agency"},
  {"implementing_agencies", "Cơ quan thực hiện", "Implementing agencies"},
  {"time_limit", "Thời hạn giải quyết", "Time limit"},
  {"online_level", "Dịch vụ công trực tuyến", "Online service"},
  {"channels", "Cách thức thực hiện", "How to apply"},
  {"ch_in_person", "Trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả", "In person at the one-stop counter"},
  {"ch_postal_submission", "Nộp hồ sơ qua dịch vụ bưu chính công ích", "Submit by public postal service"},
  {"ch_postal_return", "Nhận kết quả qua dịch vụ bưu chính công ích", "Receive the result by post"},
  {"ch_online", "Trực tuyến trên Cổng dịch vụ công", "Online on the public service portal"},
  {"ch_decided_at_centre", "Giải quyết ngay tại Trung tâm Phục vụ hành chính công", "Decided on the spot at the service centre"},
  {"ch_inter_agency", "Thủ tục liên thông (nhiều cơ quan cùng giải quyết)", "Inter-agency procedure"},
  {"result", "Kết quả", "Result"},
  {"applicants", "Đối tượng thực hiện", "Who may apply"},
  {"applicant_citizen", "Công dân Việt Nam, người nước ngoài", "Individuals"},
  {"applicant_organisation", "Tổ chức, doanh nghiệp", "Organisations and businesses"},
  {"components", "Thành phần hồ sơ", "Documents to provide"},
  {"component", "Giấy tờ", "Document"},
  {"originals", "Bản chính", "Originals"},
  {"copies", "Bản sao", "Copies"},
  {"template_form", "Mẫu đơn, tờ khai", "Form"},
  {"optional", "nếu có", "if any"},
  {"fees", "Phí, lệ phí", "Fees"},
  {"exemptions", "Miễn, giảm", "Exemptions"},
  {"no_fee", "Không thu phí, lệ phí.", "No fee."},
  {"fee_free", "Miễn phí", "Free"},
  {"not_published", "Chưa công bố", "Not published"},
  {"fee_per_page", "/trang", " per page"},
  {"fee_per_copy", "/bản", " per copy"},
  {"fee_set_by_province", "Do HĐND tỉnh quy định", "Set by the provincial council"},
  {"chs_in_person", "Trực tiếp", "In person"},
  {"chs_postal", "Dịch vụ bưu chính", "By post"},
  {"chs_online", "Trực tuyến", "Online"},
  {"channels_fees_time", "Thời hạn, phí và lệ phí theo hình thức nộp", "Time limit and fees by channel"},
  {"submit_channel", "Hình thức nộp", "Channel"},
  {"cases_title", "Thời hạn theo từng trường hợp", "Time limit per case"},
  {"case_code", "Trường hợp", "Case"},
  {"case_description", "Mô tả", "Description"},
  {"legal_number", "Số hiệu", "Number"},
  {"legal_title", "Tên văn bản", "Title"},
  {"download_template", "Tải mẫu", "Download the form"},
  {"workflow", "Quy trình nội bộ", "Internal workflow"},
  {"step", "Bước", "Step"},
  {"step_agency", "Đơn vị thực hiện", "Handled by"},
  {"quota", "Thời gian", "Time"},
  {"hours", "giờ làm việc", "working hours"},
  {"legal_bases", "Căn cứ pháp lý", "Legal basis"},
  {"effective_from", "Áp dụng từ ngày", "In force from"},
  {"wf_reception", "Bộ phận Tiếp nhận và Trả kết quả", "One-stop reception point"},
  {"wf_competent", "Cơ quan có thẩm quyền", "Competent agency"},
  {"wf_department", "Sở, ngành chuyên môn", "Specialised department"},
  {"wf_commune", "Ủy ban nhân dân cấp xã", "Commune People's Committee"},
  {"login_title", "Đăng nhập", "Log in"},
  {"username", "Tên đăng nhập", "User name"},
  {"password", "Mật khẩu", "Password"},
  {"no_account", "Chưa có tài khoản?", "No account yet?"},
  {"register_title", "Đăng ký tài khoản công dân", "Create a citizen account"},
  {"full_name", "Họ và tên", "Full name"},
  {"password_hint", "Ít nhất 8 ký tự.", "At least 8 characters."},
  {"registered", "Đăng ký thành công. Mời bạn đăng nhập.", "Your account was created. Please log in."},
  {"email", "Thư điện tử", "E-mail"},
  {"email_hint", "Không bắt buộc; dùng để lấy lại mật khẩu khi quên.", "Optional; used to recover a forgotten password."},
  {"email_save", "Lưu địa chỉ thư", "Save the address"},
  {"email_saved", "Đã lưu địa chỉ thư điện tử.", "The e-mail address was saved."},
  {"email_none", "Chưa có địa chỉ thư điện tử: bạn sẽ không lấy lại được mật khẩu khi quên.", "No e-mail address: a forgotten password cannot be recovered."},
  {"forgot_link", "Quên mật khẩu?", "Forgot your password?"},
  {"forgot_title", "Lấy lại mật khẩu", "Recover your password"},
  {"forgot_intro", "Nhập tên đăng nhập hoặc địa chỉ thư điện tử của tài khoản. Chúng tôi sẽ gửi thư kèm liên kết đặt mật khẩu mới, dùng được một lần trong 30 phút.", "Enter the account's user name or e-mail address. We will e-mail a link to set a new password, usable once within 30 minutes."},
  {"username_or_email", "Tên đăng nhập hoặc thư điện tử", "User name or e-mail"},
  {"forgot_send", "Gửi liên kết", "Send the link"},
  {"forgot_sent", "Nếu tài khoản tồn tại và có địa chỉ thư điện tử, chúng tôi đã gửi thư kèm liên kết đặt lại mật khẩu. Liên kết dùng được một lần trong 30 phút.", "If the account exists and has an e-mail address, we have sent a link to reset the password. The link works once within 30 minutes."},
  {"reset_title", "Đặt mật khẩu mới", "Set a new password"},
  {"new_password", "Mật khẩu mới", "New password"},
  {"reset_submit", "Lưu mật khẩu mới", "Save the new password"},
  {"password_changed", "Đã đặt mật khẩu mới. Mời bạn đăng nhập.", "Your new password is set. Please log in."},
  {"kiosk_title", "Ki-ốt tra cứu dịch vụ công", "Public service kiosk"},
  {"kiosk_welcome", "Xin chào! Quý khách cần tra cứu thông tin gì?", "Welcome! What would you like to look up?"},
  {"kiosk_home", "Về màn hình chính", "Back to start"},
  {"kiosk_idle", "Màn hình tự động trở về trang chính sau 2 phút không sử dụng.", "The screen returns to the start after 2 minutes without use."},
  {"account_title", "Tài khoản của tôi", "My account"},
  {"my_dossiers", "Hồ sơ của tôi", "My dossiers"},
  {"no_dossiers", "Bạn chưa có hồ sơ nào.", "You have no dossiers yet."},
  {"feature_pending", "Chức năng này sẽ hoạt động khi dịch vụ quản lý hồ sơ được triển khai trên máy chủ.", "This works once the dossier service is deployed on the server."},
  {"counter_title", "Quầy tiếp nhận hồ sơ", "Reception counter"},
  {"backoffice_title", "Hồ sơ cần xử lý", "Work queues"},
  {"dashboard_title", "Điều hành, giám sát", "Dashboard"},
  {"admin_title", "Quản trị hệ thống", "Administration"},
  {"agencies", "Cơ quan, đơn vị", "Agencies"},
  {"code", "Mã", "Code"},
  {"name", "Tên", "Name"},
  {"type", "Loại", "Type"},
  {"one_stop_centre", "Bộ phận một cửa", "One-stop point"},
  {"abolished", "Đã giải thể", "Abolished"},
  {"yes", "Có", "Yes"},
  {"no", "Không", "No"},
  {"counter_keys", "Phím tắt: F2 tìm thủ tục, F9 tiếp nhận và in giấy tiếp nhận, F8 tiếp nhận hồ sơ khác, Esc xóa kết quả tìm.", "Keys: F2 find a procedure, F9 receive and print the receipt, F8 next applicant, Esc clear the results."},
  {"id_number_rule", "Số căn cước công dân gồm đúng 12 chữ số. Chứng minh nhân dân 9 số không còn được dùng: vui lòng ghi số căn cước (số định danh cá nhân).", "The citizen identity number has exactly 12 digits. The old 9-digit identity card is no longer accepted: give the 12-digit personal identification number."},
  {"c_next_applicant", "Tiếp nhận hồ sơ khác", "Next applicant"},
  {"c_key_reused", "Lần bấm tiếp nhận trước của người nộp này có thể đã tạo hồ sơ (mất kết nối khi chờ trả lời). Hãy kiểm tra danh sách hồ sơ; nhấn F8 để tiếp nhận như người nộp mới.", "The previous reception of this applicant may already have created a dossier (the reply was lost). Check the dossier list; press F8 to start as a new applicant."},
  {"applicant_and_components", "Người nộp và thành phần hồ sơ", "Applicant and documents"},
  {"counter_pick", "Chọn thủ tục ở cột bên trái để hiện danh mục giấy tờ cần kiểm tra.", "Pick a procedure on the left to show its checklist."},
  {"id_number", "Số định danh cá nhân (CCCD, 12 số)", "Personal id number (12 digits)"},
  {"date_of_birth", "Ngày sinh", "Date of birth"},
  {"phone", "Số điện thoại", "Phone"},
  {"address", "Địa chỉ", "Address"},
  {"received", "Đã nhận", "Received"},
  {"reason_or_missing", "Lý do từ chối hoặc giấy tờ cần bổ sung (mỗi dòng một mục)", "Reason for refusal, or missing documents (one per line)"},
  {"receive", "Tiếp nhận và in giấy tiếp nhận", "Receive and print the receipt"},
  {"request_completion", "Yêu cầu bổ sung (Mẫu 02)", "Ask for missing documents (form 02)"},
  {"refuse", "Từ chối tiếp nhận (Mẫu 03)", "Refuse (form 03)"},
  {"today_figures", "Số liệu của quầy hôm nay", "This counter today"},
  {"queues", "Hàng đợi hồ sơ", "Queues"},
  {"q_to_receive", "Chờ tiếp nhận", "To receive"},
  {"q_to_appraise", "Chờ thẩm định", "To appraise"},
  {"q_to_approve", "Chờ phê duyệt", "To approve"},
  {"q_to_return", "Chờ trả kết quả", "To return"},
  {"q_due_soon", "Sắp đến hạn", "Due soon"},
  {"q_overdue", "Quá hạn", "Overdue"},
  {"q_waiting_applicant", "Chờ bổ sung", "Waiting for the applicant"},
  {"urgency_green", "Còn thời gian", "In time"},
  {"urgency_amber", "Còn ≤ 20% thời gian", "≤ 20 % of the time left"},
  {"urgency_red", "Quá hạn", "Overdue"},
  {"remaining", "Thời gian còn lại", "Time left"},
  {"queue_empty", "Không có hồ sơ nào trong hàng đợi này.", "No dossier in this queue."},
  {"dossier_figures", "Tình hình giải quyết hồ sơ", "Dossiers"},
  {"received_today", "Tiếp nhận hôm nay", "Received today"},
  {"in_process", "Đang giải quyết", "In process"},
  {"due_soon", "Sắp đến hạn", "Due soon"},
  {"overdue", "Quá hạn", "Overdue"},
  {"ontime_rate", "Tỷ lệ giải quyết đúng hạn", "On-time rate"},
  {"online_full", "Dịch vụ công trực tuyến toàn trình", "Fully online services"},
  {"online_partial", "Dịch vụ công trực tuyến một phần", "Partly online services"},
  {"postal", "Tiếp nhận hoặc trả kết quả qua bưu chính", "By post"},
  {"inter_agency", "Thủ tục liên thông", "Inter-agency procedures"},
  {"same_day", "Giải quyết trong ngày", "Same-day procedures"},
  {"decided_at_centre", "Giải quyết ngay tại Trung tâm", "Decided at the centre"},
  {"export_catalogue", "Xuất danh mục thủ tục (CSV)", "Export the catalogue (CSV)"},
  {"calendar_overrides", "Điều chỉnh lịch làm việc", "Calendar overrides"},
  {"audit_log", "Nhật ký hệ thống", "Audit log"},
  {"audit_intro", "Đăng nhập, đăng nhập không thành công và các thay đổi quản trị trong phạm vi cơ quan của bạn, mới nhất trước (200 dòng gần nhất).", "Log-ins, failed log-ins and administrative changes within your agency, newest first (the latest 200)."},
  {"audit_latest", "Các sự kiện gần nhất", "Latest events"},
  {"audit_object", "Đối tượng", "Object"},
  {"audit_unavailable", "Không đọc được nhật ký hệ thống.", "The audit log could not be read."},
  // Administration forms and the counter workload (admin_pages.cc, workload_page.cc).
  {"nav_workload", "Khối lượng tiếp nhận", "Counter workload"},
  {"nav_reconciliation", "Đối soát", "Reconciliation"},
  {"ad_users", "Người dùng và vai trò", "Users and roles"},
  {"ad_procedures", "Thủ tục và quy trình", "Procedures and workflows"},
  {"ad_new_agency", "Thêm cơ quan, đơn vị", "Add an agency"},
  {"ad_edit_agency", "Sửa thông tin cơ quan", "Edit the agency"},
  {"ad_edit", "Sửa", "Edit"},
  {"ad_save", "Lưu thay đổi", "Save changes"},
  {"ad_create", "Tạo mới", "Create"},
  {"ad_saved", "Đã lưu thay đổi.", "Changes saved."},
  {"ad_created", "Đã tạo mới.", "Created."},
  {"ad_fix_errors", "Chưa lưu được: vui lòng sửa các mục được đánh dấu.", "Not saved: please correct the marked fields."},
  {"ad_parent", "Cơ quan cấp trên", "Parent agency"},
  {"ad_no_parent", "— Không (cấp cao nhất) —", "— None (top level) —"},
  {"ad_short_name", "Tên viết tắt", "Short name"},
  {"ad_abolished_box", "Đã giải thể, sáp nhập (giữ lại để tra cứu lịch sử)", "Abolished or merged (kept for history)"},
  {"ad_new_user", "Tạo tài khoản cán bộ", "Create a staff account"},
  {"ad_edit_user", "Sửa tài khoản cán bộ", "Edit the staff account"},
  {"ad_role", "Vai trò", "Role"},
  {"ad_state", "Trạng thái", "State"},
  {"ad_active", "Đang hoạt động", "Active"},
  {"ad_disabled", "Đã khoá", "Disabled"},
  {"ad_active_box", "Cho phép đăng nhập (bỏ chọn để khoá tài khoản)", "May log in (untick to disable the account)"},
  {"ad_reset_password", "Đặt lại mật khẩu", "Reset the password"},
  {"ad_new_password", "Mật khẩu mới (ít nhất 8 ký tự)", "New password (at least 8 characters)"},
  {"ad_password_reset_done", "Đã đặt lại mật khẩu; các phiên đăng nhập của tài khoản đã kết thúc.", "Password reset; the account's sessions were ended."},
  {"ad_find_procedure", "Tìm thủ tục cần sửa", "Find the procedure to edit"},
  {"ad_edit_procedure", "Sửa thủ tục hành chính", "Edit the procedure"},
  {"ad_procedure_hint", "Mỗi lần lưu tạo một phiên bản mới của thủ tục, áp dụng từ ngày đã chọn; hồ sơ đã tiếp nhận vẫn theo phiên bản cũ. Tổng định mức các bước phải bằng thời hạn giải quyết.", "Each save creates a new version effective from the chosen day; dossiers already received keep the old one. The steps' quotas must add up to the time limit."},
  {"ad_effective_from", "Ngày áp dụng", "Effective from"},
  {"ad_online_level", "Mức dịch vụ công trực tuyến", "Online service level"},
  {"ad_ol_none", "Chỉ cung cấp thông tin", "Information only"},
  {"ad_ol_partial", "Một phần", "Partly online"},
  {"ad_ol_full", "Toàn trình", "Fully online"},
  {"ad_time_limit", "Thời hạn giải quyết", "Time limit"},
  {"ad_time_amount", "Số ngày hoặc số giờ", "Days or hours"},
  {"ad_time_unit", "Đơn vị thời hạn", "Unit"},
  {"ad_unit_days", "Ngày làm việc", "Working days"},
  {"ad_unit_hours", "Giờ làm việc", "Working hours"},
  {"ad_unit_same_day", "Trong ngày", "Same day"},
  {"ad_postal_submission", "Nhận hồ sơ qua bưu chính công ích", "Accepts dossiers by post"},
  {"ad_postal_return", "Trả kết quả qua bưu chính công ích", "Returns results by post"},
  {"ad_workflow", "Quy trình nội bộ và định mức", "Internal workflow and quotas"},
  {"ad_quota_hours", "Định mức (giờ làm việc)", "Quota (working hours)"},
  {"ad_fees", "Phí, lệ phí", "Fees"},
  {"ad_fee_amount", "Số tiền (đồng)", "Amount (VND)"},
  {"ad_remove_step", "Bỏ bước này khỏi quy trình", "Remove this step from the workflow"},
  {"ad_new_step", "Thêm bước mới", "New step"},
  {"ad_new_step_hint", "Để trống tên bước nếu không thêm bước. Khi thêm hoặc bỏ bước, hãy điều chỉnh định mức để tổng vẫn bằng thời hạn giải quyết.", "Leave the step name empty to add no step. When adding or removing steps, adjust the quotas so they still add up to the time limit."},
  {"ad_step_name", "Tên bước", "Step name"},
  {"ad_step_agency", "Cơ quan thực hiện bước", "Agency acting on the step"},
  {"ad_step_role", "Người thực hiện (vai trò)", "Acting role"},
  {"ad_step_position", "Vị trí trong quy trình", "Position in the workflow"},
  {"ad_position_first", "Đầu quy trình (trước bước 1)", "At the start (before step 1)"},
  {"ad_position_after", "Sau bước", "After step"},
  {"ad_agency_reception", "Bộ phận một cửa đã tiếp nhận hồ sơ", "The one-stop point that received the dossier"},
  {"ad_agency_competent", "Cơ quan có thẩm quyền giải quyết", "The competent agency"},
  {"ad_agency_department", "Sở, ngành phụ trách", "The department in charge"},
  {"ad_agency_commune", "Ủy ban nhân dân cấp xã phụ trách", "The commune in charge"},
  {"ad_remove_component", "Bỏ thành phần này", "Remove this document"},
  {"ad_new_component", "Thêm thành phần hồ sơ", "New document"},
  {"ad_new_component_hint", "Để trống tên giấy tờ nếu không thêm thành phần hồ sơ.", "Leave the document name empty to add none."},
  {"ad_component_name", "Tên giấy tờ", "Document name"},
  {"ad_component_required", "Bắt buộc phải có", "Required"},
  {"ad_add_override", "Thêm ngày điều chỉnh", "Add an override"},
  {"ad_day", "Ngày", "Day"},
  {"ad_kind", "Loại điều chỉnh", "Kind"},
  {"ad_day_off", "Ngày nghỉ", "Day off"},
  {"ad_workday", "Ngày làm việc (làm bù)", "Working day (make-up)"},
  {"ad_override_reason", "Lý do (hiển thị trên lịch)", "Reason (shown on the calendar)"},
  {"ad_scope", "Áp dụng cho", "Applies to"},
  {"ad_everywhere", "Toàn hệ thống", "Everywhere"},
  {"ad_remove", "Xoá", "Remove"},
  {"ad_none", "Chưa có mục nào.", "Nothing yet."},
  {"ad_actions", "Thao tác", "Actions"},
  {"wl_title", "Khối lượng tiếp nhận tại quầy", "Counter workload"},
  {"wl_intro", "Số hồ sơ tiếp nhận theo lĩnh vực, theo ngày và theo cán bộ tiếp nhận, kèm đề xuất phân bổ quầy theo khối lượng thực tế.", "Dossiers received per field, per day and per receiving officer, with a counter allocation suggested from the actual load."},
  {"wl_from", "Từ ngày", "From"},
  {"wl_to", "Đến ngày", "To"},
  {"wl_counters", "Số quầy cần phân bổ", "Counters to allocate"},
  {"wl_show", "Xem", "Show"},
  {"wl_by_field_day", "Hồ sơ theo lĩnh vực và ngày", "Dossiers per field and day"},
  {"wl_total", "Tổng", "Total"},
  {"wl_by_officer", "Hồ sơ theo cán bộ tiếp nhận (quầy)", "Dossiers per receiving officer (counter)"},
  {"wl_officer", "Cán bộ tiếp nhận", "Receiving officer"},
  {"wl_unknown_officer", "Không rõ cán bộ tiếp nhận", "Unknown officer"},
  {"wl_allocation", "Đề xuất phân bổ quầy", "Suggested counter allocation"},
  {"wl_allocation_hint", "Chia số quầy theo tỷ lệ khối lượng bình quân mỗi ngày làm việc; lĩnh vực ít hồ sơ được gộp vào quầy tổng hợp.", "Counters are shared in proportion to the average load per working day; fields with few dossiers are grouped onto the general counter."},
  {"wl_working_days", "Số ngày làm việc trong kỳ", "Working days in the period"},
  {"wl_per_day", "Hồ sơ mỗi ngày làm việc", "Dossiers per working day"},
  {"wl_current", "Số quầy hiện tại", "Counters now"},
  {"wl_suggested", "Số quầy đề xuất", "Suggested counters"},
  {"wl_general", "Quầy tổng hợp", "General counter"},
  {"wl_general_counters", "Số quầy tổng hợp đề xuất", "Suggested general counters"},
  {"wl_current_counters", "Các quầy đang bố trí", "Counters as set up now"},
  {"wl_fields_served", "Lĩnh vực phục vụ", "Fields served"},
  {"wl_chart", "Biểu đồ số hồ sơ theo lĩnh vực và ngày", "Chart of dossiers per field and day"},
  {"wl_chart_alloc", "Biểu đồ số quầy hiện tại và đề xuất theo lĩnh vực", "Chart of current and suggested counters per field"},
  {"wl_no_data", "Chưa có hồ sơ nào được tiếp nhận trong khoảng thời gian này.", "No dossier was received in this period."},
  {"wl_day_off", "ngày nghỉ", "day off"},
  {"receipt_done", "Đã tiếp nhận hồ sơ", "Dossier received"},
  {"print_receipt", "In giấy tiếp nhận (Mẫu 01)", "Print the receipt (form 01)"},
  {"print_form", "In Mẫu", "Print form"},
  {"form_unavailable_title", "Không in được mẫu biểu", "The form cannot be printed"},
  {"form_not_available", "Mẫu này chưa có cho hồ sơ ở tình trạng hiện tại.", "This form does not exist for the dossier in its present state."},
  {"form_unknown", "Không có mẫu biểu này. Hãy chọn mẫu cần in trên trang hồ sơ.", "There is no such form. Choose the form to print on the dossier page."},
  {"back_to_dossier", "Quay lại hồ sơ", "Back to the dossier"},
  {"citizens_only", "Chỉ tài khoản công dân mới nộp hồ sơ trực tuyến.", "Only citizen accounts can apply online."},
  {"submitted_online", "Đã nộp hồ sơ trực tuyến. Bộ phận một cửa sẽ kiểm tra và tiếp nhận; bạn theo dõi tình trạng tại đây.", "Your dossier was submitted. The one-stop point will check and receive it; follow its status here."},
  {"action_done", "Đã thực hiện.", "Done."},
  {"submit_intro", "Điền thông tin người nộp, đánh dấu các giấy tờ bạn có, kiểm tra lại rồi nộp.", "Fill in the applicant, tick the documents you have, check and submit."},
  {"receiving_agency", "Cơ quan giải quyết", "Deciding agency"},
  {"return_method", "Hình thức nhận kết quả", "How to receive the result"},
  {"rm_counter", "Nhận trực tiếp tại Bộ phận một cửa", "At the counter"},
  {"rm_postal", "Qua dịch vụ bưu chính công ích", "By post"},
  {"postal_tracking", "Số hiệu bưu gửi", "Tracking number"},
  {"postal_tracking_hint", "Bắt buộc khi trả kết quả qua bưu chính, ví dụ EV123456785VN.", "Required when the result is returned by post, e.g. EV123456785VN."},
  {"postal_tracking_inbound_hint", "Khi nhận hồ sơ qua bưu chính: số hiệu ghi trên bưu gửi (không bắt buộc).", "For a dossier received by post: the number on the parcel (optional)."},
  {"postal_parcels", "Bưu gửi", "Parcels sent by post"},
  {"rm_online", "Trực tuyến (bản điện tử)", "Online (electronic copy)"},
  // Life events (Decree 63/2024): one submission for a group of linked procedures.
  {"le_title", "Thủ tục liên thông theo sự kiện", "Life events: linked procedures"},
  {"le_intro", "Một lần nộp trực tuyến cho cả nhóm thủ tục liên thông theo Nghị định 63/2024/NĐ-CP. Hệ thống lập một hồ sơ cho từng thủ tục: mỗi hồ sơ có mã riêng, do cơ quan có thẩm quyền của thủ tục đó giải quyết trong thời hạn của thủ tục đó.", "One online submission for a group of procedures linked by Decree 63/2024. One dossier is created per procedure, each with its own code, decided by its own competent agency within its own time limit."},
  {"le_start", "Bắt đầu nộp hồ sơ", "Start"},
  {"le_home", "Khai sinh cho trẻ dưới 6 tuổi, khai tử: nộp một lần cho cả nhóm thủ tục (khai sinh, thường trú, thẻ BHYT; khai tử, xóa thường trú, trợ cấp mai táng).", "A birth or a death: one submission for the whole group (birth, residence, health insurance card; death, residence, funeral allowance)."},
  {"le_home_link", "Xem các nhóm thủ tục liên thông", "See the linked groups"},
  {"le_login_first", "Đăng nhập bằng tài khoản công dân để nộp hồ sơ.", "Sign in with a citizen account to submit."},
  {"le_procedures", "Các thủ tục trong nhóm", "Procedures of the group"},
  {"le_commune", "Xã, phường, đặc khu nơi đăng ký", "Commune where you register"},
  {"le_commune_hint", "Hồ sơ được tiếp nhận tại Bộ phận một cửa của xã, phường, đặc khu này và chuyển đến từng cơ quan giải quyết.", "The dossiers are received by this commune's one-stop point and forwarded to each deciding agency."},
  {"le_choose", "— Chọn —", "— Choose —"},
  {"le_national_code", "Mã thủ tục liên thông", "Code of the linked procedure"},
  {"le_time_limit", "Thời hạn giải quyết", "Time limit"},
  {"le_submitted", "Đã nộp hồ sơ liên thông: các hồ sơ dưới đây được lập cùng lúc, mỗi hồ sơ có mã, cơ quan giải quyết và thời hạn riêng.", "Your linked dossiers were submitted: each below has its own code, deciding agency and time limit."},
  {"le_group", "Hồ sơ liên thông cùng sự kiện", "Linked dossiers of the same life event"},
  {"le_this", "hồ sơ này", "this dossier"},
  {"receiving_point", "Nơi tiếp nhận", "Received by"},
  {"email", "Thư điện tử", "Email"},
  {"confirm_submit", "Tôi cam đoan thông tin đã khai là đúng sự thật.", "I declare the information given is true."},
  {"submit", "Nộp hồ sơ", "Submit"},
  {"components_upload_intro", "Đánh dấu các giấy tờ bạn có và đính kèm bản chụp hoặc bản quét (PDF, JPEG hoặc PNG). Bản giấy nộp khi nhận kết quả nếu thủ tục yêu cầu.", "Tick the documents you have and attach scans or photos (PDF, JPEG or PNG). Bring the paper originals when you collect the result if the procedure asks for them."},
  {"attach_files", "Tệp đính kèm", "Attached files"},
  {"upload_limit_note", "Tổng dung lượng tối đa:", "Total size at most:"},
  {"attachment", "Tệp", "File"},
  {"preview_of", "Xem trước", "Preview of"},
  {"review", "Kiểm tra lại", "Review"},
  {"review_intro", "Kiểm tra lại thông tin và giấy tờ trước khi nộp. Sau khi nộp, bạn nhận mã hồ sơ và tải được giấy tiếp nhận.", "Check the information and papers before submitting. You then get the dossier code and can download the receipt."},
  {"files_sent_again", "Trình duyệt không giữ các tệp đã chọn sau khi tải lại trang: hãy chọn lại tệp trước khi nộp.", "Browsers do not keep chosen files when the page reloads: choose the files again before submitting."},
  {"upload_progress", "Đang tải lên: {0}% ({1} / {2})", "Uploading: {0}% ({1} of {2})"},
  {"upload_processing", "Đã tải lên, đang ghi nhận hồ sơ…", "Uploaded, recording the dossier…"},
  {"upload_too_big", "Các tệp đã chọn lớn hơn {0} MB. Hãy chọn tệp nhỏ hơn (ví dụ quét ở độ phân giải 150 dpi).", "The chosen files exceed {0} MB. Choose smaller files (for example, scan at 150 dpi)."},
  {"upload_network", "Mất kết nối khi tải lên. Hồ sơ chưa được nộp; vui lòng thử lại.", "The connection dropped during the upload. Nothing was submitted; please try again."},
  {"process_sheet", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "Process-control sheet"},
  {"history", "Lịch sử xử lý", "History"},
  {"started_at", "Bắt đầu", "Started"},
  {"ended_at", "Kết thúc", "Ended"},
  {"timeliness", "Đánh giá", "Timeliness"},
  {"at", "Thời điểm", "When"},
  {"actor", "Người thực hiện", "By"},
  {"action", "Thao tác", "Action"},
  {"to_status", "Tình trạng mới", "New status"},
  {"comment", "Ghi chú", "Comment"},
  {"actions", "Thao tác được phép", "What you can do"},
  {"reason", "Lý do, nội dung", "Reason"},
  {"new_due_at", "Ngày hẹn mới", "New due date"},
  {"result_note", "Ghi chú kết quả", "Result note"},
  {"channel", "Kênh nộp", "Channel"},
  {"id_number_short", "Số định danh", "Id number"},
  {"chart_by_agency", "Hồ sơ quá hạn và sắp đến hạn theo cơ quan", "Overdue and due-soon dossiers by agency"},
  {"overdue_list", "Danh sách hồ sơ quá hạn (bước và cơ quan chịu trách nhiệm)", "Overdue dossiers (step and agency responsible)"},
  {"by_agency", "Theo cơ quan", "By agency"},
  {"by_field", "Theo lĩnh vực", "By field"},
  {"by_month", "Theo tháng", "By month"},
  {"received_n", "Tiếp nhận", "Received"},
  {"resolved_n", "Đã giải quyết", "Resolved"},
  {"late_n", "Trễ hạn", "Late"},
  {"pending_overdue_n", "Đang quá hạn", "Pending overdue"},
  {"fig_carried_over", "Kỳ trước chuyển qua", "Carried over"},
  {"fig_received", "Tiếp nhận trong kỳ", "Received in the period"},
  {"fig_total", "Tổng số phải giải quyết", "Total to resolve"},
  {"fig_resolved", "Đã giải quyết", "Resolved"},
  {"fig_resolved_early", "Giải quyết trước hạn", "Resolved early"},
  {"fig_resolved_on_time", "Giải quyết đúng hạn", "Resolved on time"},
  {"fig_resolved_late", "Giải quyết quá hạn", "Resolved late"},
  {"fig_resolved_no_deadline", "Giải quyết (không quy định thời hạn)", "Resolved (no time limit)"},
  {"fig_pending", "Đang giải quyết", "Pending"},
  {"fig_pending_within_deadline", "Đang giải quyết trong hạn", "Pending within the deadline"},
  {"fig_pending_overdue", "Đang giải quyết quá hạn", "Pending overdue"},
  {"fig_withdrawn", "Rút hồ sơ", "Withdrawn"},
  {"fig_stopped", "Dừng giải quyết", "Stopped"},
  {"fig_refused", "Từ chối tiếp nhận", "Refused at reception"},
  {"fig_returned", "Đã trả kết quả", "Result handed over"},
  {"drill_title", "Danh sách hồ sơ", "Dossiers"},
  {"drill_total", "Số hồ sơ", "Number of dossiers"},
  {"drill_empty", "Không có hồ sơ nào.", "No dossier."},
  {"drill_bad_query", "Tham số của danh sách không hợp lệ.", "The list's parameters are not valid."},
  {"back_dashboard", "Về trang điều hành", "Back to the dashboard"},
  {"report_period", "Kỳ báo cáo", "Period"},
  {"report_as_of", "Số liệu tính đến", "Figures as of"},
  {"report_agency", "Cơ quan", "Agency"},
  {"report_group", "Nhóm", "Group"},
  {"received_by", "Cơ quan tiếp nhận", "Received by"},
  {"resolved_at", "Ngày giải quyết xong", "Resolved"},
  {"page", "Trang", "Page"},
  {"year_figures", "Kết quả giải quyết từ đầu năm", "Results since the start of the year"},
  {"steps_title", "Các bước xử lý do cơ quan thực hiện", "Steps held by my agency"},
  {"steps_intro", "Tính theo cơ quan thực hiện từng bước (kể cả bước liên thông của hồ sơ do nơi khác tiếp nhận), từ đầu năm.", "Counted for the agency that held each step (including inter-agency steps of dossiers received elsewhere), since the start of the year."},
  {"steps_closed_early", "Xong trước hạn", "Closed early"},
  {"steps_closed_on_time", "Xong đúng hạn", "Closed on time"},
  {"steps_closed_late", "Xong quá hạn", "Closed late"},
  {"steps_open_overdue", "Đang quá hạn", "Open, overdue"},
  {"steps_late_minutes", "Phút hành chính trễ", "Office minutes late"},
  {"steps_attributed", "Phút trễ của hồ sơ quy cho cơ quan", "Dossier lateness attributed (minutes)"},
  {"steps_top_late", "Các bước trễ nhiều nhất", "Latest steps"},
  {"steps_none", "Chưa có bước xử lý nào trong năm.", "No step this year."},
  {"rated", "Cảm ơn bạn đã đánh giá.", "Thank you for your rating."},
  {"rate_title", "Đánh giá mức độ hài lòng", "Rate the service"},
  {"rate_bodies", "Bạn đã phải liên hệ với bao nhiêu cơ quan để hoàn thành thủ tục?", "How many offices did you have to contact?"},
  {"rate_bodies_2", "Không phải liên hệ cơ quan nào", "None"},
  {"rate_bodies_1", "Chỉ Bộ phận một cửa", "Only the one-stop point"},
  {"rate_bodies_0", "Nhiều hơn một cơ quan", "More than one"},
  {"rate_publication", "Thông tin công khai về thủ tục có đầy đủ, chính xác không?", "Was the published information complete and accurate?"},
  {"rate_attitude", "Thái độ của cán bộ, công chức tiếp nhận và giải quyết", "How were you treated by the officials?"},
  {"rate_good", "Tốt", "Good"},
  {"rate_fair", "Bình thường", "Fair"},
  {"rate_bad", "Không tốt", "Poor"},
  {"rate_submit", "Gửi đánh giá", "Send the rating"},
  {"print_sheet", "In phiếu kiểm soát (Mẫu 06)", "Print the control sheet (form 06)"},
  {"counter_figures", "Công việc của quầy", "This counter's work"},
  {"procedures_in_force", "Thủ tục hành chính đang có hiệu lực", "Procedures in force"},
  {"h_submit", "Nộp hồ sơ trực tuyến", "Submitted online"},
  {"h_register", "Đăng ký hồ sơ tại quầy", "Registered at the counter"},
  // Citizen feedback (rating, PAKN) and supplements.
  {"rate_link", "Đánh giá mức độ hài lòng", "Rate the service"},
  {"rate_intro", "Nhập mã hồ sơ và 4 số cuối của số định danh (CCCD) hoặc số điện thoại của người nộp để xác nhận bạn giữ giấy tiếp nhận.", "Enter the dossier code and the last 4 digits of the applicant's id number or phone to show you hold the receipt."},
  {"rate_owner_intro", "Bạn đang đăng nhập bằng tài khoản đã nộp hồ sơ này.", "You are logged in with the account that submitted this dossier."},
  {"verifier", "4 số cuối CCCD hoặc số điện thoại của người nộp", "Last 4 digits of the applicant's id number or phone"},
  {"verifier_hint", "Ví dụ: CCCD 001192007777 thì nhập 7777.", "For example: for id 001192007777 enter 7777."},
  {"rate_supplements", "Bạn đã phải đi lại bao nhiêu lần để bổ sung, hoàn thiện hồ sơ?", "How many times did you have to come back to complete the dossier?"},
  {"rate_supplements_2", "Không lần nào", "Never"},
  {"rate_supplements_1", "Một lần", "Once"},
  {"rate_supplements_0", "Hơn một lần", "More than once"},
  {"rated_kiosk", "Cảm ơn quý khách đã đánh giá. Ý kiến của quý khách giúp chúng tôi phục vụ tốt hơn.", "Thank you for rating. Your opinion helps us serve you better."},
  {"rate_another", "Đánh giá hồ sơ khác", "Rate another dossier"},
  {"form_has_errors", "Vui lòng kiểm tra lại các mục được đánh dấu.", "Please check the marked fields."},
  {"too_many_attempts", "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ít phút.", "Too many attempts. Please try again in a few minutes."},
  {"complaint_title", "Phản ánh, kiến nghị", "Complaints and requests"},
  {"complaint_intro", "Gửi phản ánh, kiến nghị về việc giải quyết hồ sơ, về cán bộ hoặc cơ quan. Cơ quan có thẩm quyền sẽ trả lời trong thời hạn quy định.", "Send a complaint or request about a dossier, an official or an agency. The competent agency answers within the set time."},
  {"complaint_about", "Phản ánh về", "About"},
  {"complaint_dossier_hint", "Nếu phản ánh về một hồ sơ, nhập mã hồ sơ; nếu không, chọn cơ quan.", "For a dossier, enter its code; otherwise choose the agency."},
  {"complaint_agency", "Cơ quan bị phản ánh", "Agency concerned"},
  {"choose_agency", "— Chọn cơ quan —", "— Choose an agency —"},
  {"complaint_official", "Cán bộ liên quan (họ tên, nếu biết)", "Official concerned (name, if known)"},
  {"complaint_content", "Nội dung phản ánh, kiến nghị", "Your complaint or request"},
  {"complaint_contact", "Thông tin liên hệ để nhận trả lời", "Where to send the answer"},
  {"contact_required", "Cần họ tên và số điện thoại hoặc thư điện tử để trả lời.", "A name and a phone number or e-mail are needed to answer."},
  {"complaint_submit", "Gửi phản ánh, kiến nghị", "Send"},
  {"complaint_received", "Đã tiếp nhận phản ánh, kiến nghị số {id}. Hạn trả lời: {due}.", "Complaint no. {id} received. Answer due: {due}."},
  {"complaint_content_official", "Cán bộ liên quan", "Official concerned"},
  {"complaint_content_contact", "Người phản ánh", "From"},
  {"my_complaints", "Phản ánh, kiến nghị của tôi", "My complaints and requests"},
  {"no_complaints", "Bạn chưa gửi phản ánh, kiến nghị nào.", "You have sent no complaints or requests."},
  {"complaint_no", "Số", "No."},
  {"complaint_received_at", "Ngày gửi", "Sent"},
  {"complaint_due_at", "Hạn trả lời", "Answer due"},
  {"complaint_answer", "Trả lời", "Answer"},
  {"complaint_waiting", "Đang chờ trả lời", "Awaiting an answer"},
  {"complaint_new", "Gửi phản ánh, kiến nghị", "Send a complaint or request"},
  {"supplement_title", "Bổ sung hồ sơ", "Supplement the dossier"},
  {"supplement_needed", "Cơ quan giải quyết yêu cầu bổ sung các giấy tờ sau", "The agency asks for these papers"},
  {"supplement_reason", "Lý do", "Reason"},
  {"supplement_requested_at", "Ngày yêu cầu", "Requested"},
  {"supplement_go", "Bổ sung hồ sơ trực tuyến", "Supplement online"},
  {"supplement_intro", "Tải lên bản chụp hoặc bản quét các giấy tờ còn thiếu (PDF, JPEG hoặc PNG), rồi gửi bổ sung. Thời hạn giải quyết tiếp tục tính từ khi bạn bổ sung.", "Upload scans or photos of the missing papers (PDF, JPEG or PNG), then send. The time limit runs again from then."},
  {"supplement_file_for", "Tệp cho", "File for"},
  {"supplement_other_files", "Giấy tờ khác (nếu có)", "Other papers (if any)"},
  {"supplement_note", "Ghi chú cho cơ quan giải quyết", "Note for the agency"},
  {"supplement_submit", "Gửi bổ sung", "Send the supplement"},
  {"supplement_done", "Đã gửi bổ sung. Hồ sơ tiếp tục được giải quyết.", "Supplement sent. Processing continues."},
  {"supplement_no_files", "Hãy tải lên ít nhất một tệp giấy tờ.", "Upload at least one file."},
  {"supplement_not_open", "Hồ sơ này hiện không chờ bổ sung.", "This dossier is not waiting for a supplement."},
  {"upload_failed", "Không đọc được dữ liệu gửi lên. Vui lòng chọn lại tệp và gửi lại.", "The upload could not be read. Choose the files again and resend."},
  {"file_type_bad", "Tệp không phải PDF, JPEG hoặc PNG.", "The file is not a PDF, JPEG or PNG."},
  {"attachments", "Giấy tờ đã tải lên", "Uploaded papers"},
  {"status_of", "Tình trạng", "Status"},
  {"js_required", "Màn hình này cần bật JavaScript.", "This screen needs JavaScript."},
  // Work queues and the counter (staff_pages, counter.js).
  {"q_left", "Còn {}", "{} left"},
  {"q_overdue_by", "Quá hạn {}", "Overdue by {}"},
  {"q_hours_minutes", "{} giờ {:02} phút", "{} h {:02} min"},
  {"tl_days", "{:02} ngày làm việc", "{} working days"},
  {"tl_hours", "{:02} giờ làm việc", "{} working hours"},
  {"tl_same_day", "Trong ngày làm việc", "Within the working day"},
  {"c_due", "Hẹn trả kết quả", "Result due"},
  {"c_print_slip", "In phiếu (PDF)", "Print the slip (PDF)"},
  {"c_offline", "Không kết nối được máy chủ.", "The server could not be reached."},
  {"c_error", "Lỗi", "Error"},
  {"c_recall_hint", "Nhập số định danh rồi chuyển sang ô khác (hoặc nhấn Enter): các ô còn trống được điền từ hồ sơ gần nhất của người nộp.", "Type the identity number and leave the field (or press Enter): empty fields are filled from the applicant's latest dossier."},
  {"c_recall_filled", "Đã điền thông tin người nộp từ hồ sơ", "Applicant details filled in from dossier"},
  {"c_recall_kept", "Đã có đủ thông tin; không thay đổi gì. Hồ sơ gần nhất:", "Every field was already filled in; nothing changed. Latest dossier:"},
  {"c_recall_none", "Chưa có hồ sơ nào của số định danh này tại cơ quan.", "No earlier dossier with this identity number here."},
  // Counters of a one-stop centre (admin_pages).
  {"ad_counters", "Quầy tiếp nhận", "Reception counters"},
  {"ad_counters_centre_only", "Chỉ trung tâm một cửa mới có quầy tiếp nhận.", "Only one-stop centres have counters."},
  {"ad_counter_number", "Số quầy", "Counter number"},
  {"ad_counter_fields", "Lĩnh vực phục vụ", "Fields served"},
  {"ad_counter_fields_hint", "Giữ Ctrl để chọn nhiều lĩnh vực.", "Hold Ctrl to choose several fields."},
  {"ad_counter_active", "Đang hoạt động", "In use"},
  {"ad_counter_inactive", "Ngừng hoạt động", "Not in use"},
  {"ad_add_counter", "Thêm quầy", "Add a counter"},
  {"ad_deactivate", "Ngừng hoạt động quầy", "Take the counter out of use"},
  {"ad_reactivate", "Hoạt động trở lại", "Put back in use"},
  // Workload page: the agency chosen in the caller's subtree.
  {"wl_agency", "Đơn vị", "Unit"},
  // Electronic results signed with the agency's certificate (decision 0017).
  {"er_title", "Kết quả điện tử", "Electronic result"},
  {"er_download", "Tải kết quả điện tử (PDF có chữ ký số)", "Download the electronic result (digitally signed PDF)"},
  {"er_signed_by", "Cơ quan ký số", "Signed by"},
  {"er_signed_at", "Thời điểm ký", "Signed at"},
  {"er_fingerprint", "Dấu vân tay chứng thư số (SHA-256)", "Certificate fingerprint (SHA-256)"},
  {"er_serial", "Số hiệu chứng thư số", "Certificate serial number"},
  {"er_verify", "Cách kiểm tra: mở tệp PDF bằng trình đọc có hỗ trợ chữ ký số (Adobe Acrobat Reader, Foxit, Okular…) hoặc chạy lệnh “pdfsig ket-qua.pdf”; chữ ký hợp lệ khi báo “Signature is Valid” và toàn bộ tệp được ký. Đối chiếu dấu vân tay chứng thư số của người ký với dấu vân tay ghi tại đây.", "How to check: open the PDF in a reader that supports digital signatures (Adobe Acrobat Reader, Foxit, Okular…) or run “pdfsig ket-qua.pdf”; the signature is good when it reports “Signature is Valid” and the whole document signed. Compare the signer certificate's fingerprint with the one shown here."},
  {"er_attach", "Văn bản kết quả (PDF, sẽ được ký số)", "Result document (PDF, will be digitally signed)"},
  {"er_attach_hint", "Không chọn tệp: hồ sơ trực tuyến nhận thông báo kết quả do hệ thống lập và ký số.", "No file: an online dossier gets a result notice made and signed by the system."},
  {"er_note", "Ghi chú kết quả", "Result note"},
  {"er_signed_form", "bản ký số", "signed copy"},
};
// clang-format on

json::object Build(bool en) {
  json::object o;
  for (const auto& e : kMessages) o[e.key] = en ? e.en : e.vi;
  for (const auto& e : OfficerMessages()) o[e.key] = en ? e.en : e.vi;
  for (const auto& e : NotificationMessages()) o[e.key] = en ? e.en : e.vi;
  for (const auto& e : PaymentMessages()) o[e.key] = en ? e.en : e.vi;
  return o;
}

}  // namespace

const json::object& Messages(std::string_view locale) {
  static const json::object vi = Build(false);
  static const json::object en = Build(true);
  return locale == "en" ? en : vi;
}

std::string Message(std::string_view locale, std::string_view key) {
  const json::object& m = Messages(locale);
  if (const json::value* v = m.if_contains(key); v && v->is_string()) {
    return std::string(v->get_string());
  }
  return std::string(key);
}

std::string StateLabel(std::string_view locale, std::string_view state) {
  auto s = domain::ParseDossierState(state);
  if (!s) return std::string(state);
  return std::string(locale == "en" ? domain::DossierStateLabelEn(*s)
                                    : domain::DossierStateLabelVi(*s));
}

std::string ActionLabel(std::string_view locale, std::string_view action) {
  const bool en = locale == "en";
  if (action == "submit") return en ? "Submitted online" : "Nộp hồ sơ trực tuyến";
  if (action == "register") return en ? "Registered at the counter" : "Đăng ký hồ sơ tại quầy";
  if (action == "postal_event") return en ? "Postal delivery update" : "Cập nhật từ bưu điện";
  if (action == "refund") return en ? "Fee refunded" : "Hoàn trả phí, lệ phí";
  auto a = domain::ParseDossierAction(action);
  if (!a) return std::string(action);
  if (!en) return std::string(domain::DossierActionLabelVi(*a));
  using A = domain::DossierAction;
  switch (*a) {
    case A::kReceive:
      return "Receive";
    case A::kForward:
      return "Forward";
    case A::kSendBack:
      return "Send back to the previous step";
    case A::kApprove:
      return "Approve";
    case A::kReject:
      return "Refuse";
    case A::kRequestSupplement:
      return "Request a supplement";
    case A::kSupplement:
      return "Supplement";
    case A::kRequestPayment:
      return "Request the financial obligation";
    case A::kPay:
      return "Financial obligation met";
    case A::kExtend:
      return "Extend (apology, new date)";
    case A::kStop:
      return "Stop processing";
    case A::kWithdraw:
      return "Withdraw";
    case A::kFinish:
      return "Result ready";
    case A::kReturn:
      return "Return the result";
  }
  return std::string(action);
}

std::string TimelinessLabel(std::string_view locale, std::string_view timeliness) {
  auto t = domain::ParseTimeliness(timeliness);
  if (!t) return std::string(timeliness);
  if (locale != "en") return std::string(domain::TimelinessLabelVi(*t));
  switch (*t) {
    case domain::Timeliness::kEarly:
      return "Early";
    case domain::Timeliness::kOnTime:
      return "On time";
    case domain::Timeliness::kLate:
      return "Late";
    case domain::Timeliness::kPendingWithinDeadline:
      return "In process, within the deadline";
    case domain::Timeliness::kPendingOverdue:
      return "In process, overdue";
  }
  return std::string(timeliness);
}

std::string ChannelLabel(std::string_view locale, std::string_view channel) {
  struct Label {
    std::string_view name, vi, en;
  };
  static constexpr Label kLabels[] = {
      {"counter", "Trực tiếp tại quầy", "At the counter"},
      {"online", "Trực tuyến", "Online"},
      {"postal", "Qua bưu chính công ích", "By post"},
      {"kiosk", "Ki-ốt tại Trung tâm", "Kiosk in the hall"},
      {"portal", "Cổng dịch vụ công", "Public service portal"},
      {"paper", "Phiếu giấy", "Paper form"},
  };
  for (const auto& l : kLabels)
    if (l.name == channel) return std::string(locale == "en" ? l.en : l.vi);
  return std::string(channel);
}

std::string FieldLabel(std::string_view locale, std::string_view field) {
  // "applicant.id_number", "components[2].name": the last name, without its index.
  if (size_t dot = field.rfind('.'); dot != std::string_view::npos) field = field.substr(dot + 1);
  if (size_t bracket = field.find('['); bracket != std::string_view::npos)
    field = field.substr(0, bracket);
  struct Label {
    std::string_view name, vi, en;
  };
  static constexpr Label kLabels[] = {
      {"reason", "Lý do", "reason"},
      {"new_due_at", "Ngày hẹn trả mới", "new due date"},
      // Fees and payment.
      {"pages", "Số trang", "pages"},
      {"copies", "Số bản", "copies"},
      {"exemption", "Đối tượng miễn", "exemption"},
      {"exemption_reason", "Lý do miễn", "reason for the exemption"},
      {"counter_receipt_no", "Số biên lai / chứng từ POS", "receipt or POS slip number"},
      {"method", "Hình thức nộp", "payment method"},
      {"reference", "Số chứng từ hoàn trả", "refund voucher number"},
      {"fees", "Phí, lệ phí", "fees"},
      {"due_at", "Ngày hẹn trả kết quả", "due date"},
      {"id_number", "Số căn cước công dân", "identity number"},
      {"full_name", "Họ và tên", "full name"},
      {"date_of_birth", "Ngày sinh", "date of birth"},
      {"phone", "Số điện thoại", "phone number"},
      {"email", "Thư điện tử", "email"},
      {"address", "Địa chỉ", "address"},
      {"tax_code", "Mã số thuế", "tax code"},
      {"code", "Mã hồ sơ", "dossier code"},
      {"dossier_code", "Mã hồ sơ", "dossier code"},
      {"version", "Phiên bản hồ sơ", "dossier version"},
      {"action", "Thao tác", "action"},
      {"return_method", "Hình thức nhận kết quả", "how the result is returned"},
      {"components", "Thành phần hồ sơ", "documents"},
      {"missing_items", "Giấy tờ còn thiếu", "missing documents"},
      {"competent_agency_code", "Cơ quan có thẩm quyền", "competent agency"},
      {"agency_code", "Cơ quan", "agency"},
      {"procedure_code", "Thủ tục", "procedure"},
      {"outcome", "Kết quả tiếp nhận", "reception outcome"},
      {"comment", "Ý kiến", "comment"},
      {"note", "Ghi chú", "note"},
      {"files", "Tệp đính kèm", "attached files"},
      {"verifier", "Bốn số cuối giấy tờ", "last four digits"},
      {"name", "Tên", "name"},
      {"day", "Ngày", "day"},
      {"password", "Mật khẩu", "password"},
      {"username", "Tên đăng nhập", "user name"},
  };
  for (const auto& l : kLabels)
    if (l.name == field) return std::string(locale == "en" ? l.en : l.vi);
  return {};
}

std::string ErrorWithField(std::string_view locale, const Status& status) {
  std::string msg = status.Message(locale);
  const std::string label = FieldLabel(locale, status.field());
  // The message may already name the field; a code name such as "(reason)" is never shown.
  std::string lower = label;
  if (!lower.empty() && lower[0] >= 'A' && lower[0] <= 'Z')
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
  if (!label.empty() && msg.find(label) == std::string::npos &&
      msg.find(lower) == std::string::npos)
    msg += " (" + label + ")";
  return msg;
}

std::string RoleLabel(std::string_view locale, domain::Role role) {
  if (locale != "en") return std::string(domain::RoleLabelVi(role));
  switch (role) {
    case domain::Role::kCitizen:
      return "citizen";
    case domain::Role::kReceptionOfficer:
      return "reception officer";
    case domain::Role::kSpecialist:
      return "specialist";
    case domain::Role::kLeader:
      return "leader";
    case domain::Role::kMonitor:
      return "monitor";
    case domain::Role::kAdmin:
      return "administrator";
  }
  return {};
}

}  // namespace motcua::web
