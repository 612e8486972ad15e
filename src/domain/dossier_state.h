// The dossier workflow (quy trình giải quyết hồ sơ) as a state machine: which action each role may
// take in each state, and where it leads. Pure: the service supplies the facts it needs about the
// dossier (TransitionContext) and applies the result in one transaction.
//
// Lifecycle (domain.md §3):
//   online/postal submission ─► submitted ─receive─► received ─forward─► in_process
//   ─finish/approve─► finished ─return─► returned
// with the side roads incomplete (supplement at reception, Mẫu 02), refused (Mẫu 03),
// waiting_supplement / waiting_payment (clock stopped), stopped (Mẫu 05) and withdrawn.
// A counter reception creates the dossier directly in `received` (or records it as incomplete /
// refused); those creations are not actions on an existing dossier and are not in this table.
//
// Extension (gia hạn, Mẫu 04) is not a state: an extended dossier is still in process, and the
// national portal reports it as such. It is a fact (`TransitionContext::extended`) that forbids a
// second extension.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "domain/role.h"

namespace motcua::domain {

enum class DossierState {
  kSubmitted,   // mới đăng ký: submitted online or by post, not yet checked at reception
  kIncomplete,  // yêu cầu bổ sung khi tiếp nhận (Mẫu 02): clock not started
  kRefused,     // từ chối tiếp nhận (Mẫu 03): final
  kReceived,    // đã tiếp nhận: receipt issued, at the one-stop point awaiting transfer
  kInProcess,   // đang giải quyết: held by a workflow step of an agency
  kWaitingSupplement,  // chờ bổ sung hồ sơ (during processing): clock stopped
  kWaitingPayment,     // chờ thực hiện nghĩa vụ tài chính: clock stopped
  kStopped,            // dừng giải quyết (Mẫu 05): final
  kWithdrawn,          // công dân rút hồ sơ: final
  kFinished,           // đã có kết quả: result at the one-stop point awaiting return
  kReturned,           // đã trả kết quả: final
};

inline constexpr DossierState kAllDossierStates[] = {
    DossierState::kSubmitted,      DossierState::kIncomplete, DossierState::kRefused,
    DossierState::kReceived,       DossierState::kInProcess,  DossierState::kWaitingSupplement,
    DossierState::kWaitingPayment, DossierState::kStopped,    DossierState::kWithdrawn,
    DossierState::kFinished,       DossierState::kReturned,
};

enum class DossierAction {
  kReceive,   // tiếp nhận: accept a submitted dossier (reception officer)
  kForward,   // chuyển xử lý: hand over to the first / next step
  kSendBack,  // trả lại bước trước: back to the previous step (reason required)
  kApprove,   // phê duyệt: leader's approval; the last step's approval yields the result
  kReject,    // từ chối: at reception (Mẫu 03) or a refusal decision in processing
  kRequestSupplement,  // yêu cầu bổ sung (reason = what is missing, complete, once)
  kSupplement,         // bổ sung: the applicant (or the counter on their behalf) supplements
  kRequestPayment,     // yêu cầu thực hiện nghĩa vụ tài chính
  kPay,                // đã thực hiện nghĩa vụ tài chính
  kExtend,             // gia hạn, xin lỗi (Mẫu 04): once, reason and new date required
  kStop,               // dừng giải quyết (Mẫu 05), reason required
  kWithdraw,           // rút hồ sơ: at the applicant's request
  kFinish,             // có kết quả: the last step produced the result
  kReturn,             // trả kết quả: at the counter, by post or online
};

inline constexpr DossierAction kAllDossierActions[] = {
    DossierAction::kReceive,    DossierAction::kForward,        DossierAction::kSendBack,
    DossierAction::kApprove,    DossierAction::kReject,         DossierAction::kRequestSupplement,
    DossierAction::kSupplement, DossierAction::kRequestPayment, DossierAction::kPay,
    DossierAction::kExtend,     DossierAction::kStop,           DossierAction::kWithdraw,
    DossierAction::kFinish,     DossierAction::kReturn,
};

// What happens to the workflow steps (dossier_steps) on a transition.
enum class StepMove {
  kStay,        // the current step (if any) continues
  kEnterFirst,  // the first step of the workflow starts
  kNext,        // the current step ends; the next one starts
  kPrevious,    // the current step ends; the previous one starts again (a new entry)
  kLeave,       // the current step ends; the dossier is at no step any more
};

// How processing ended, for finished dossiers.
enum class DossierOutcome {
  kApproved,  // giải quyết: the requested result was issued
  kRejected,  // từ chối giải quyết: the result is a written refusal with the reason
};

// Facts about the dossier that some rules depend on, supplied by the service.
struct TransitionContext {
  bool extended = false;          // the due date was already moved once (Mẫu 04)
  bool has_current_step = true;   // the dossier is held by a workflow step
  bool has_previous_step = true;  // the current step is not the workflow's first
  bool has_next_step = true;      // the current step is not the workflow's last
};

struct Transition {
  DossierState from;
  DossierState to;
  StepMove step = StepMove::kStay;
  std::optional<DossierOutcome> outcome;  // set when the transition produces the result
};

// Decides `action` by `role` on a dossier in `from`. Failures:
//   kConflict "invalid_transition"   — no role may take this action in this state;
//   kPermissionDenied "role_cannot_act" — the action is possible here but not for this role;
//   kConflict "already_extended" / "no_next_step" / "steps_remaining" — context rules.
// The agency check (the caller's agency holds the current step) is the service's job.
Result<Transition> DecideTransition(DossierState from, DossierAction action, Role role,
                                    const TransitionContext& context = {});

// The actions `role` may take now (for "GET dossier" to offer buttons), in kAllDossierActions
// order.
std::vector<DossierAction> AllowedActions(DossierState state, Role role,
                                          const TransitionContext& context = {});

// Roles that may take `action` in `state` regardless of context (empty: impossible there).
std::vector<Role> RolesFor(DossierState state, DossierAction action);

// Validates the free-text reason: required (non-blank) for send_back, reject, request_supplement,
// extend and stop; Validation "reason_required" on field "reason" otherwise.
Status CheckActionReason(DossierAction action, std::string_view reason);
bool ActionNeedsReason(DossierAction action);

// Extension rule (Mẫu 04): the one extension moves the appointment to an instant later than both
// the current one and `now` — also when the dossier is already overdue, which is exactly when the
// applicant is owed the apology and a new date (Decree 61/2018 Art. 19). It does not excuse the
// delay: timeliness is still measured against the legal due date, which the extension leaves as
// it was. Validation on field "new_due_at": "extension_not_later" (not after the current
// appointment) or "extension_in_past" (not after now).
Status CheckExtension(int64_t now, int64_t current_due_at, int64_t new_due_at);

// The dossier's time limit counts only in these states (received, in_process); it is stopped while
// the applicant supplements or pays, and not started before reception.
bool ClockRunning(DossierState state);
// No action leads out of a final state.
bool IsFinal(DossierState state);
// The result exists (finished, returned): timeliness is classified as finished.
bool HasResult(DossierState state);

// National public service portal status code (1–10, domain.md §3).
int PortalStatusCode(DossierState state);

std::string_view DossierStateName(DossierState state);  // "in_process", ...
std::optional<DossierState> ParseDossierState(std::string_view name);
std::string_view DossierStateLabelVi(DossierState state);  // "Đang giải quyết", ...
std::string_view DossierStateLabelEn(DossierState state);

std::string_view DossierActionName(DossierAction action);  // "send_back", ...
std::optional<DossierAction> ParseDossierAction(std::string_view name);
std::string_view DossierActionLabelVi(DossierAction action);

std::string_view DossierOutcomeName(DossierOutcome outcome);  // "approved", "rejected"
std::optional<DossierOutcome> ParseDossierOutcome(std::string_view name);

}  // namespace motcua::domain
