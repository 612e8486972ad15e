// The official forms of the one-stop mechanism (Mẫu 01–07, Circular 01/2018/TT-VPCP and Circular
// 03/2025/TT-VPCP) rendered from a FormRequest as PDF (A5; the register A4 landscape) and as a
// print-ready HTML twin with the same content.
//
// What each form prints from the request (besides `header`, which every form uses):
//   receipt            dossier_code, applicant, procedure_name, components, number_of_sets,
//                      time_limit_text, received_at, due_at, result_return_place, register_book,
//                      register_sequence, lookup_url (QR code; omitted when empty), officer
//   supplement_request dossier_code, applicant, procedure_name, received_at, due_at,
//                      missing_items, reasons, officer
//   refusal            dossier_code, applicant, procedure_name, reasons, officer
//   apology            dossier_code, applicant, procedure_name, received_at, due_at, reasons,
//                      new_due_at, signer
//   stop_notice        dossier_code, applicant, procedure_name, received_at, due_at, stop_reason,
//                      signer (Circular 03/2025 only)
//   control_sheet      dossier_code, applicant, procedure_name, received_at, due_at,
//                      handling_agency, coordinating_agencies, hand_overs
//   register           register_book, register_from, register_to, register_rows
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "forms/form_catalog.h"
#include "forms/form_data.h"
#include "forms/form_document.h"

namespace motcua::forms {

// The regime the request prints with: request.regime if set, else RegimeFor(received_at)
// (for the register: RegimeFor of the start of register_from, else of header.issued_at).
Regime EffectiveRegime(const FormRequest& request);

// The layout of the form, shared by both renderers.
// NotFound "form_not_found" (field "form") if the regime has no such form (the stop notice under
// Circular 01/2018); Validation "missing_field" (field "dossier_code") for a dossier form without
// a dossier code.
Result<FormDocument> BuildForm(const FormRequest& request);

// The PDF bytes ("application/pdf"). Errors as BuildForm; Validation "qr_too_long" for an unusable
// lookup URL; Internal if the DejaVu fonts are missing.
Result<std::string> RenderFormPdf(const FormRequest& request);

// The print-ready HTML page ("text/html; charset=utf-8"). Errors as BuildForm and "qr_too_long".
Result<std::string> RenderFormHtml(const FormRequest& request);

// A download name such as "mau-01-000.00.15.H12-250714-0042.pdf" (register: "so-theo-doi-ho-so-
// 2025-07-01-2025-07-31.xlsx"); `extension` without the dot. ASCII only, safe in a header.
std::string FormFileName(const FormRequest& request, std::string_view extension);

}  // namespace motcua::forms
