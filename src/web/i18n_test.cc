#include "web/i18n.h"

#include <gtest/gtest.h>

namespace motcua::web {
namespace {

TEST(FieldLabel, NamesServiceFieldsInWords) {
  EXPECT_EQ(FieldLabel("vi", "reason"), "Lý do");
  EXPECT_EQ(FieldLabel("vi", "applicant.id_number"), "Số căn cước công dân");
  EXPECT_EQ(FieldLabel("vi", "components[2].name"), "Tên");
  EXPECT_EQ(FieldLabel("vi", "files[0]"), "Tệp đính kèm");
  EXPECT_EQ(FieldLabel("en", "new_due_at"), "new due date");
  EXPECT_EQ(FieldLabel("vi", "Idempotency-Key"), "");
  EXPECT_EQ(FieldLabel("vi", ""), "");
}

TEST(ErrorWithField, NeverShowsACodeName) {
  const Status missing = Status::Validation("missing_field", "new_due_at");
  EXPECT_EQ(ErrorWithField("vi", missing), "Thiếu thông tin bắt buộc. (Ngày hẹn trả mới)");
  // The message already says which field: nothing added.
  EXPECT_EQ(ErrorWithField("vi", Status::Validation("reason_required", "reason")),
            "Vui lòng nhập lý do.");
  // An unknown field name is left out rather than shown raw.
  const std::string odd = ErrorWithField("vi", Status::Validation("invalid_field", "x_internal"));
  EXPECT_EQ(odd.find("x_internal"), std::string::npos) << odd;
  EXPECT_EQ(ErrorWithField("vi", Status::Validation("extension_in_past", "new_due_at")),
            "Ngày hẹn trả mới phải sau thời điểm hiện tại.");
}

}  // namespace
}  // namespace motcua::web
