#include "domain/dossier_state.h"

#include <array>
#include <initializer_list>

#include "common/json_util.h"

namespace motcua::domain {
namespace {

using S = DossierState;
using A = DossierAction;
using R = Role;

// One row of the workflow: in `from`, `roles` may take `action`, leading by default to `to`.
// Rows whose destination depends on the context are adjusted in DecideTransition.
struct Rule {
  S from;
  A action;
  unsigned roles;  // bit set of Role values, see Roles()
  S to;
  StepMove step;
};

constexpr unsigned Bit(R role) { return 1u << static_cast<unsigned>(role); }
constexpr unsigned Roles(std::initializer_list<R> roles) {
  unsigned mask = 0;
  for (R r : roles) mask |= Bit(r);
  return mask;
}

// The applicant acts in person (citizen account) or through the counter, which records the
// applicant's written request: both may supplement, pay and withdraw.
// Staff of the processing agency (specialist, leader) move the dossier between steps; only the
// leader approves, rejects a dossier in processing, and stops it (those are signed decisions).
// Monitors watch and administrators configure: neither acts on dossiers (separation of duties).
const std::vector<Rule>& AllRules() {
  static const auto* rules = new std::vector<Rule>{
      {S::kSubmitted, A::kReceive, Roles({R::kReceptionOfficer}), S::kReceived, StepMove::kStay},
      {S::kSubmitted, A::kRequestSupplement, Roles({R::kReceptionOfficer}), S::kIncomplete,
       StepMove::kStay},
      {S::kSubmitted, A::kReject, Roles({R::kReceptionOfficer}), S::kRefused, StepMove::kStay},
      {S::kSubmitted, A::kWithdraw, Roles({R::kCitizen, R::kReceptionOfficer}), S::kWithdrawn,
       StepMove::kStay},

      {S::kIncomplete, A::kSupplement, Roles({R::kCitizen, R::kReceptionOfficer}), S::kSubmitted,
       StepMove::kStay},
      {S::kIncomplete, A::kReject, Roles({R::kReceptionOfficer}), S::kRefused, StepMove::kStay},
      {S::kIncomplete, A::kWithdraw, Roles({R::kCitizen, R::kReceptionOfficer}), S::kWithdrawn,
       StepMove::kStay},

      {S::kReceived, A::kForward, Roles({R::kReceptionOfficer}), S::kInProcess,
       StepMove::kEnterFirst},
      {S::kReceived, A::kRequestSupplement, Roles({R::kReceptionOfficer}), S::kWaitingSupplement,
       StepMove::kStay},
      {S::kReceived, A::kWithdraw, Roles({R::kCitizen, R::kReceptionOfficer}), S::kWithdrawn,
       StepMove::kStay},

      {S::kInProcess, A::kForward, Roles({R::kSpecialist, R::kLeader}), S::kInProcess,
       StepMove::kNext},
      {S::kInProcess, A::kSendBack, Roles({R::kSpecialist, R::kLeader}), S::kInProcess,
       StepMove::kPrevious},
      {S::kInProcess, A::kApprove, Roles({R::kLeader}), S::kInProcess, StepMove::kNext},
      {S::kInProcess, A::kReject, Roles({R::kLeader}), S::kFinished, StepMove::kLeave},
      {S::kInProcess, A::kRequestSupplement, Roles({R::kSpecialist, R::kLeader}),
       S::kWaitingSupplement, StepMove::kStay},
      {S::kInProcess, A::kRequestPayment, Roles({R::kSpecialist, R::kLeader}), S::kWaitingPayment,
       StepMove::kStay},
      {S::kInProcess, A::kExtend, Roles({R::kSpecialist, R::kLeader}), S::kInProcess,
       StepMove::kStay},
      {S::kInProcess, A::kStop, Roles({R::kLeader}), S::kStopped, StepMove::kLeave},
      {S::kInProcess, A::kWithdraw, Roles({R::kCitizen, R::kReceptionOfficer}), S::kWithdrawn,
       StepMove::kLeave},
      {S::kInProcess, A::kFinish, Roles({R::kSpecialist, R::kLeader}), S::kFinished,
       StepMove::kLeave},

      {S::kWaitingSupplement, A::kSupplement, Roles({R::kCitizen, R::kReceptionOfficer}),
       S::kInProcess, StepMove::kStay},
      {S::kWaitingSupplement, A::kStop, Roles({R::kLeader}), S::kStopped, StepMove::kLeave},
      {S::kWaitingSupplement, A::kWithdraw, Roles({R::kCitizen, R::kReceptionOfficer}),
       S::kWithdrawn, StepMove::kLeave},

      {S::kWaitingPayment, A::kPay, Roles({R::kCitizen, R::kReceptionOfficer}), S::kInProcess,
       StepMove::kStay},
      {S::kWaitingPayment, A::kStop, Roles({R::kLeader}), S::kStopped, StepMove::kLeave},
      {S::kWaitingPayment, A::kWithdraw, Roles({R::kCitizen, R::kReceptionOfficer}), S::kWithdrawn,
       StepMove::kLeave},

      {S::kFinished, A::kReturn, Roles({R::kReceptionOfficer}), S::kReturned, StepMove::kStay},
  };
  return *rules;
}

const Rule* FindRule(S from, A action) {
  for (const auto& r : AllRules())
    if (r.from == from && r.action == action) return &r;
  return nullptr;
}

struct StateInfo {
  S state;
  std::string_view name;
  int portal_code;
  std::string_view label_vi;
  std::string_view label_en;
};

constexpr std::array<StateInfo, 11> kStates = {{
    {S::kSubmitted, "submitted", 1, "Mới đăng ký", "Newly submitted"},
    {S::kIncomplete, "incomplete", 5, "Yêu cầu bổ sung, hoàn thiện hồ sơ",
     "Incomplete: supplement requested at reception"},
    {S::kRefused, "refused", 3, "Từ chối tiếp nhận", "Not received"},
    {S::kReceived, "received", 2, "Đã tiếp nhận", "Received"},
    {S::kInProcess, "in_process", 4, "Đang giải quyết", "In process"},
    {S::kWaitingSupplement, "waiting_supplement", 5, "Chờ bổ sung hồ sơ",
     "Waiting for the applicant's supplement"},
    {S::kWaitingPayment, "waiting_payment", 6, "Chờ thực hiện nghĩa vụ tài chính",
     "Waiting for the financial obligation"},
    {S::kStopped, "stopped", 8, "Dừng giải quyết", "Processing stopped"},
    {S::kWithdrawn, "withdrawn", 7, "Đã rút hồ sơ", "Withdrawn by the applicant"},
    {S::kFinished, "finished", 9, "Đã có kết quả", "Processed, result ready"},
    {S::kReturned, "returned", 10, "Đã trả kết quả", "Result returned"},
}};

struct ActionInfo {
  A action;
  std::string_view name;
  std::string_view label_vi;
  bool needs_reason;
};

constexpr std::array<ActionInfo, 14> kActions = {{
    {A::kReceive, "receive", "Tiếp nhận", false},
    {A::kForward, "forward", "Chuyển xử lý", false},
    {A::kSendBack, "send_back", "Trả lại bước trước", true},
    {A::kApprove, "approve", "Phê duyệt", false},
    {A::kReject, "reject", "Từ chối", true},
    {A::kRequestSupplement, "request_supplement", "Yêu cầu bổ sung", true},
    {A::kSupplement, "supplement", "Bổ sung hồ sơ", false},
    {A::kRequestPayment, "request_payment", "Yêu cầu thực hiện nghĩa vụ tài chính", false},
    {A::kPay, "pay", "Đã thực hiện nghĩa vụ tài chính", false},
    {A::kExtend, "extend", "Gia hạn (xin lỗi, hẹn lại)", true},
    {A::kStop, "stop", "Dừng giải quyết", true},
    {A::kWithdraw, "withdraw", "Rút hồ sơ", false},
    {A::kFinish, "finish", "Có kết quả", false},
    {A::kReturn, "return", "Trả kết quả", false},
}};

const StateInfo& InfoOf(S state) {
  for (const auto& s : kStates)
    if (s.state == state) return s;
  return kStates[0];
}

const ActionInfo& InfoOf(A action) {
  for (const auto& a : kActions)
    if (a.action == action) return a;
  return kActions[0];
}

}  // namespace

Result<Transition> DecideTransition(DossierState from, DossierAction action, Role role,
                                    const TransitionContext& context) {
  const Rule* rule = FindRule(from, action);
  if (rule == nullptr) return Status::Conflict("invalid_transition", "action");
  if ((rule->roles & Bit(role)) == 0)
    return Status(Code::kPermissionDenied, "role_cannot_act", "action");

  Transition t{from, rule->to, rule->step, std::nullopt};
  if (from == S::kInProcess) {
    switch (action) {
      case A::kForward:
        // The last step ends with finish/approve, which produce the result; forwarding past it
        // would leave the dossier nowhere.
        if (!context.has_next_step) return Status::Conflict("no_next_step", "action");
        break;
      case A::kSendBack:
        // Sent back from the first step: it returns to the one-stop counter that received it.
        if (!context.has_previous_step) {
          t.to = S::kReceived;
          t.step = StepMove::kLeave;
        }
        break;
      case A::kApprove:
        if (!context.has_next_step) {
          t.to = S::kFinished;
          t.step = StepMove::kLeave;
          t.outcome = DossierOutcome::kApproved;
        }
        break;
      case A::kReject:
        t.outcome = DossierOutcome::kRejected;
        break;
      case A::kFinish:
        // Steps still ahead (e.g. the leader's approval) may not be skipped.
        if (context.has_next_step) return Status::Conflict("steps_remaining", "action");
        t.outcome = DossierOutcome::kApproved;
        break;
      case A::kExtend:
        if (context.extended) return Status::Conflict("already_extended", "action");
        break;
      default:
        break;
    }
  }
  // A supplement requested at the counter (before any step) resumes at the counter.
  if (from == S::kWaitingSupplement && action == A::kSupplement && !context.has_current_step)
    t.to = S::kReceived;
  if (t.step == StepMove::kLeave && !context.has_current_step) t.step = StepMove::kStay;
  return t;
}

std::vector<DossierAction> AllowedActions(DossierState state, Role role,
                                          const TransitionContext& context) {
  std::vector<DossierAction> out;
  for (A action : kAllDossierActions)
    if (DecideTransition(state, action, role, context).ok()) out.push_back(action);
  return out;
}

std::vector<Role> RolesFor(DossierState state, DossierAction action) {
  const Rule* rule = FindRule(state, action);
  if (rule == nullptr) return {};
  std::vector<Role> out;
  for (R r :
       {R::kCitizen, R::kReceptionOfficer, R::kSpecialist, R::kLeader, R::kMonitor, R::kAdmin})
    if ((rule->roles & Bit(r)) != 0) out.push_back(r);
  return out;
}

bool ActionNeedsReason(DossierAction action) { return InfoOf(action).needs_reason; }

Status CheckActionReason(DossierAction action, std::string_view reason) {
  if (ActionNeedsReason(action) && Trim(reason).empty())
    return Status::Validation("reason_required", "reason");
  return Status::Ok();
}

Status CheckExtension(int64_t now, int64_t current_due_at, int64_t new_due_at) {
  // An overdue dossier still gets its apology and new date: refusing it then would leave the
  // applicant with neither. The lateness itself stays on record (legal_due_at is not moved).
  if (new_due_at <= current_due_at) return Status::Validation("extension_not_later", "new_due_at");
  if (new_due_at <= now) return Status::Validation("extension_in_past", "new_due_at");
  return Status::Ok();
}

bool ClockRunning(DossierState state) { return state == S::kReceived || state == S::kInProcess; }

bool IsFinal(DossierState state) {
  return state == S::kRefused || state == S::kStopped || state == S::kWithdrawn ||
         state == S::kReturned;
}

bool HasResult(DossierState state) { return state == S::kFinished || state == S::kReturned; }

int PortalStatusCode(DossierState state) { return InfoOf(state).portal_code; }

std::string_view DossierStateName(DossierState state) { return InfoOf(state).name; }
std::string_view DossierStateLabelVi(DossierState state) { return InfoOf(state).label_vi; }
std::string_view DossierStateLabelEn(DossierState state) { return InfoOf(state).label_en; }

std::optional<DossierState> ParseDossierState(std::string_view name) {
  for (const auto& s : kStates)
    if (s.name == name) return s.state;
  return std::nullopt;
}

std::string_view DossierActionName(DossierAction action) { return InfoOf(action).name; }
std::string_view DossierActionLabelVi(DossierAction action) { return InfoOf(action).label_vi; }

std::optional<DossierAction> ParseDossierAction(std::string_view name) {
  for (const auto& a : kActions)
    if (a.name == name) return a.action;
  return std::nullopt;
}

std::string_view DossierOutcomeName(DossierOutcome outcome) {
  return outcome == DossierOutcome::kApproved ? "approved" : "rejected";
}

std::optional<DossierOutcome> ParseDossierOutcome(std::string_view name) {
  if (name == "approved") return DossierOutcome::kApproved;
  if (name == "rejected") return DossierOutcome::kRejected;
  return std::nullopt;
}

}  // namespace motcua::domain
