// The print-ready HTML twin of a FormDocument: one self-contained page (inline CSS with an @page
// rule for A5 portrait or A4 landscape, the QR code as inline SVG), every text HTML-escaped.
#pragma once

#include <string>

#include "common/result.h"
#include "forms/form_document.h"

namespace motcua::forms {

// Validation from EncodeQr for a bad QR URL; otherwise always succeeds.
Result<std::string> RenderHtml(const FormDocument& doc);

}  // namespace motcua::forms
