// The dossier register (Sổ theo dõi hồ sơ, Mẫu 06 of 2018 / Mẫu 07 of 2025) of an agency over a
// period, as an XLSX workbook (libxlsxwriter) and as PDF on A4 landscape (forms.h).
#pragma once

#include <string>

#include "common/result.h"
#include "forms/form_data.h"

namespace motcua::forms {

// The XLSX bytes of the register in `request` (kind is taken as kRegister): title rows, a header
// row frozen at the top, one row per RegisterRow (date-times as Excel dates in Vietnam time),
// print set-up A4 landscape with the header repeated on each page. Internal on an I/O failure of
// the temporary file libxlsxwriter writes through.
Result<std::string> RenderRegisterXlsx(const FormRequest& request);

// The register as PDF: RenderFormPdf with kind = kRegister.
Result<std::string> RenderRegisterPdf(const FormRequest& request);

}  // namespace motcua::forms
