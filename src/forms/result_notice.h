// The result notice (thông báo kết quả giải quyết hồ sơ) that the system issues, signed, when
// staff approve an online dossier without attaching a result document of their own: the
// citizen's dossier then always ends with an electronic document to download (decision 0017).
#pragma once

#include <cstdint>
#include <string>

#include "forms/form_document.h"

namespace motcua::forms {

struct ResultNoticeData {
  std::string parent_agency;  // may be empty
  std::string agency_name;    // the deciding agency, which signs
  std::string place;          // for the place/date line; may be empty
  int64_t decided_at = 0;
  std::string dossier_code;
  std::string procedure;
  std::string applicant_name;
  int64_t received_at = 0;  // 0: not shown
  std::string note;         // the officer's result note; may be empty
  std::string lookup_url;   // public lookup of the dossier (QR code)
};

FormDocument ResultNoticeDocument(const ResultNoticeData& data);

}  // namespace motcua::forms
