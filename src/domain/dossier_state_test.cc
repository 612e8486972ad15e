#include "domain/dossier_state.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "common/messages.h"

namespace motcua::domain {
namespace {

constexpr Role kAllRoles[] = {Role::kCitizen, Role::kSpecialist,       Role::kLeader,
                              Role::kMonitor, Role::kReceptionOfficer, Role::kAdmin};

// The expected workflow, written out independently of the implementation's table:
// "state action" -> {roles allowed, destination in the default context}. Every other
// (state, action, role) triple is forbidden.
struct Expected {
  std::set<std::string> roles;
  std::string to;
};

const std::map<std::string, Expected>& ExpectedTable() {
  static const auto* table = new std::map<std::string, Expected>{
      {"submitted receive", {{"reception_officer"}, "received"}},
      {"submitted request_supplement", {{"reception_officer"}, "incomplete"}},
      {"submitted reject", {{"reception_officer"}, "refused"}},
      {"submitted withdraw", {{"citizen", "reception_officer"}, "withdrawn"}},
      {"incomplete supplement", {{"citizen", "reception_officer"}, "submitted"}},
      {"incomplete reject", {{"reception_officer"}, "refused"}},
      {"incomplete withdraw", {{"citizen", "reception_officer"}, "withdrawn"}},
      {"received forward", {{"reception_officer"}, "in_process"}},
      {"received request_supplement", {{"reception_officer"}, "waiting_supplement"}},
      {"received withdraw", {{"citizen", "reception_officer"}, "withdrawn"}},
      {"in_process forward", {{"specialist", "leader"}, "in_process"}},
      {"in_process send_back", {{"specialist", "leader"}, "in_process"}},
      {"in_process approve", {{"leader"}, "in_process"}},
      {"in_process reject", {{"leader"}, "finished"}},
      {"in_process request_supplement", {{"specialist", "leader"}, "waiting_supplement"}},
      {"in_process request_payment", {{"specialist", "leader"}, "waiting_payment"}},
      {"in_process extend", {{"specialist", "leader"}, "in_process"}},
      {"in_process stop", {{"leader"}, "stopped"}},
      {"in_process withdraw", {{"citizen", "reception_officer"}, "withdrawn"}},
      // In the default context the current step has a next one, so finishing is refused with
      // steps_remaining (checked below); the roles are still these.
      {"in_process finish", {{"specialist", "leader"}, "finished"}},
      {"waiting_supplement supplement", {{"citizen", "reception_officer"}, "in_process"}},
      {"waiting_supplement stop", {{"leader"}, "stopped"}},
      {"waiting_supplement withdraw", {{"citizen", "reception_officer"}, "withdrawn"}},
      {"waiting_payment pay", {{"citizen", "reception_officer"}, "in_process"}},
      {"waiting_payment stop", {{"leader"}, "stopped"}},
      {"waiting_payment withdraw", {{"citizen", "reception_officer"}, "withdrawn"}},
      {"finished return", {{"reception_officer"}, "returned"}},
  };
  return *table;
}

TEST(DossierStateTable, EveryTripleIsAllowedOrForbiddenAsSpecified) {
  int allowed = 0, denied = 0, impossible = 0;
  for (DossierState state : kAllDossierStates) {
    for (DossierAction action : kAllDossierActions) {
      const std::string key =
          std::string(DossierStateName(state)) + " " + std::string(DossierActionName(action));
      auto it = ExpectedTable().find(key);
      for (Role role : kAllRoles) {
        SCOPED_TRACE(key + " by " + std::string(RoleName(role)));
        auto t = DecideTransition(state, action, role);
        if (it == ExpectedTable().end()) {
          ASSERT_FALSE(t.ok());
          EXPECT_EQ(t.status().code(), Code::kConflict);
          EXPECT_EQ(t.status().reason(), "invalid_transition");
          ++impossible;
        } else if (!it->second.roles.contains(std::string(RoleName(role)))) {
          ASSERT_FALSE(t.ok());
          EXPECT_EQ(t.status().code(), Code::kPermissionDenied);
          EXPECT_EQ(t.status().reason(), "role_cannot_act");
          ++denied;
        } else if (key == "in_process finish") {
          ASSERT_FALSE(t.ok());
          EXPECT_EQ(t.status().reason(), "steps_remaining");
          ++allowed;
        } else {
          ASSERT_TRUE(t.ok()) << t.status().ToString();
          EXPECT_EQ(t->from, state);
          EXPECT_EQ(DossierStateName(t->to), it->second.to);
          ++allowed;
        }
      }
    }
  }
  EXPECT_EQ(allowed + denied + impossible, 11 * 14 * 6);
  EXPECT_EQ(allowed, 42);
}

TEST(DossierStateTable, RolesForMatchesTheTable) {
  for (DossierState state : kAllDossierStates) {
    for (DossierAction action : kAllDossierActions) {
      const std::string key =
          std::string(DossierStateName(state)) + " " + std::string(DossierActionName(action));
      std::set<std::string> got;
      for (Role r : RolesFor(state, action)) got.insert(std::string(RoleName(r)));
      auto it = ExpectedTable().find(key);
      EXPECT_EQ(got, it == ExpectedTable().end() ? std::set<std::string>{} : it->second.roles)
          << key;
    }
  }
}

TEST(DossierStateTable, MonitorsAndAdminsNeverAct) {
  for (DossierState state : kAllDossierStates) {
    EXPECT_TRUE(AllowedActions(state, Role::kMonitor).empty());
    EXPECT_TRUE(AllowedActions(state, Role::kAdmin).empty());
  }
}

TEST(DossierStateTable, FinalStatesHaveNoWayOut) {
  for (DossierState state : kAllDossierStates) {
    bool any = false;
    for (Role role : kAllRoles) any = any || !AllowedActions(state, role).empty();
    EXPECT_EQ(IsFinal(state), !any) << DossierStateName(state);
  }
}

TEST(DossierTransition, StepMovesInTheDefaultContext) {
  EXPECT_EQ(
      DecideTransition(DossierState::kReceived, DossierAction::kForward, Role::kReceptionOfficer)
          ->step,
      StepMove::kEnterFirst);
  EXPECT_EQ(
      DecideTransition(DossierState::kInProcess, DossierAction::kForward, Role::kSpecialist)->step,
      StepMove::kNext);
  EXPECT_EQ(
      DecideTransition(DossierState::kInProcess, DossierAction::kSendBack, Role::kLeader)->step,
      StepMove::kPrevious);
  auto approve = DecideTransition(DossierState::kInProcess, DossierAction::kApprove, Role::kLeader);
  EXPECT_EQ(approve->step, StepMove::kNext);
  EXPECT_FALSE(approve->outcome.has_value());
  auto reject = DecideTransition(DossierState::kInProcess, DossierAction::kReject, Role::kLeader);
  EXPECT_EQ(reject->step, StepMove::kLeave);
  EXPECT_EQ(reject->outcome, DossierOutcome::kRejected);
  EXPECT_EQ(DecideTransition(DossierState::kInProcess, DossierAction::kRequestSupplement,
                             Role::kSpecialist)
                ->step,
            StepMove::kStay);
  EXPECT_EQ(
      DecideTransition(DossierState::kInProcess, DossierAction::kWithdraw, Role::kCitizen)->step,
      StepMove::kLeave);
}

TEST(DossierTransition, LastStepFinishesOrApprovesIntoTheResult) {
  TransitionContext last;
  last.has_next_step = false;
  auto finish =
      DecideTransition(DossierState::kInProcess, DossierAction::kFinish, Role::kSpecialist, last);
  ASSERT_TRUE(finish.ok());
  EXPECT_EQ(finish->to, DossierState::kFinished);
  EXPECT_EQ(finish->step, StepMove::kLeave);
  EXPECT_EQ(finish->outcome, DossierOutcome::kApproved);

  auto approve =
      DecideTransition(DossierState::kInProcess, DossierAction::kApprove, Role::kLeader, last);
  ASSERT_TRUE(approve.ok());
  EXPECT_EQ(approve->to, DossierState::kFinished);
  EXPECT_EQ(approve->outcome, DossierOutcome::kApproved);

  auto forward =
      DecideTransition(DossierState::kInProcess, DossierAction::kForward, Role::kLeader, last);
  ASSERT_FALSE(forward.ok());
  EXPECT_EQ(forward.status().reason(), "no_next_step");
  EXPECT_EQ(forward.status().code(), Code::kConflict);

  auto allowed = AllowedActions(DossierState::kInProcess, Role::kSpecialist, last);
  EXPECT_EQ(allowed,
            (std::vector<DossierAction>{DossierAction::kSendBack, DossierAction::kRequestSupplement,
                                        DossierAction::kRequestPayment, DossierAction::kExtend,
                                        DossierAction::kFinish}));
}

TEST(DossierTransition, SendBackFromTheFirstStepReturnsToTheCounter) {
  TransitionContext first;
  first.has_previous_step = false;
  auto t = DecideTransition(DossierState::kInProcess, DossierAction::kSendBack, Role::kSpecialist,
                            first);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->to, DossierState::kReceived);
  EXPECT_EQ(t->step, StepMove::kLeave);
}

TEST(DossierTransition, ExtendOnlyOnce) {
  TransitionContext extended;
  extended.extended = true;
  auto t =
      DecideTransition(DossierState::kInProcess, DossierAction::kExtend, Role::kLeader, extended);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().reason(), "already_extended");
  EXPECT_EQ(t.status().code(), Code::kConflict);
  // A role that may never extend is told so, whatever the context.
  t = DecideTransition(DossierState::kInProcess, DossierAction::kExtend, Role::kCitizen, extended);
  EXPECT_EQ(t.status().reason(), "role_cannot_act");
}

TEST(DossierTransition, SupplementRequestedAtTheCounterResumesAtTheCounter) {
  TransitionContext no_step;
  no_step.has_current_step = false;
  auto t = DecideTransition(DossierState::kWaitingSupplement, DossierAction::kSupplement,
                            Role::kCitizen, no_step);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->to, DossierState::kReceived);
  EXPECT_EQ(t->step, StepMove::kStay);
  t = DecideTransition(DossierState::kWaitingSupplement, DossierAction::kSupplement,
                       Role::kCitizen);
  EXPECT_EQ(t->to, DossierState::kInProcess);
  // Withdrawing with no step held ends no step.
  t = DecideTransition(DossierState::kWaitingSupplement, DossierAction::kWithdraw, Role::kCitizen,
                       no_step);
  EXPECT_EQ(t->step, StepMove::kStay);
}

TEST(DossierState, PortalCodesCoverOneToTen) {
  std::set<int> codes;
  for (DossierState s : kAllDossierStates) codes.insert(PortalStatusCode(s));
  EXPECT_EQ(codes, (std::set<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(PortalStatusCode(DossierState::kSubmitted), 1);
  EXPECT_EQ(PortalStatusCode(DossierState::kReceived), 2);
  EXPECT_EQ(PortalStatusCode(DossierState::kRefused), 3);
  EXPECT_EQ(PortalStatusCode(DossierState::kInProcess), 4);
  EXPECT_EQ(PortalStatusCode(DossierState::kIncomplete), 5);
  EXPECT_EQ(PortalStatusCode(DossierState::kWaitingSupplement), 5);
  EXPECT_EQ(PortalStatusCode(DossierState::kWaitingPayment), 6);
  EXPECT_EQ(PortalStatusCode(DossierState::kWithdrawn), 7);
  EXPECT_EQ(PortalStatusCode(DossierState::kStopped), 8);
  EXPECT_EQ(PortalStatusCode(DossierState::kFinished), 9);
  EXPECT_EQ(PortalStatusCode(DossierState::kReturned), 10);
}

TEST(DossierState, NamesAndLabelsRoundTrip) {
  std::set<std::string_view> names;
  for (DossierState s : kAllDossierStates) {
    EXPECT_EQ(ParseDossierState(DossierStateName(s)), s);
    EXPECT_FALSE(DossierStateLabelVi(s).empty());
    EXPECT_FALSE(DossierStateLabelEn(s).empty());
    names.insert(DossierStateName(s));
  }
  EXPECT_EQ(names.size(), 11u);
  for (DossierAction a : kAllDossierActions) {
    EXPECT_EQ(ParseDossierAction(DossierActionName(a)), a);
    EXPECT_FALSE(DossierActionLabelVi(a).empty());
  }
  EXPECT_EQ(DossierStateLabelVi(DossierState::kInProcess), "Đang giải quyết");
  EXPECT_EQ(DossierStateLabelVi(DossierState::kReturned), "Đã trả kết quả");
  EXPECT_FALSE(ParseDossierState("extended").has_value());
  EXPECT_FALSE(ParseDossierAction("delete").has_value());
  EXPECT_EQ(ParseDossierOutcome("rejected"), DossierOutcome::kRejected);
  EXPECT_EQ(DossierOutcomeName(DossierOutcome::kApproved), "approved");
}

TEST(DossierState, ClockRunsOnlyBetweenReceptionAndResult) {
  for (DossierState s : kAllDossierStates) {
    bool expected = s == DossierState::kReceived || s == DossierState::kInProcess;
    EXPECT_EQ(ClockRunning(s), expected) << DossierStateName(s);
  }
  EXPECT_TRUE(HasResult(DossierState::kFinished));
  EXPECT_TRUE(HasResult(DossierState::kReturned));
  EXPECT_FALSE(HasResult(DossierState::kStopped));
}

TEST(DossierActionInput, ReasonsRequiredWhereTheFormsNeedThem) {
  for (DossierAction a :
       {DossierAction::kSendBack, DossierAction::kReject, DossierAction::kRequestSupplement,
        DossierAction::kExtend, DossierAction::kStop}) {
    EXPECT_TRUE(ActionNeedsReason(a));
    Status s = CheckActionReason(a, "  \t");
    EXPECT_EQ(s.reason(), "reason_required");
    EXPECT_EQ(s.field(), "reason");
    EXPECT_EQ(s.code(), Code::kValidation);
    EXPECT_TRUE(CheckActionReason(a, "Thiếu bản sao giấy khai sinh").ok());
  }
  EXPECT_TRUE(CheckActionReason(DossierAction::kForward, "").ok());
  EXPECT_TRUE(CheckActionReason(DossierAction::kWithdraw, "").ok());
}

TEST(DossierActionInput, ExtensionToALaterDateInTheFuture) {
  const int64_t due = 1'752'487'200;
  EXPECT_TRUE(CheckExtension(due - 3600, due, due + 86400).ok());
  EXPECT_TRUE(CheckExtension(due, due, due + 1).ok());
  EXPECT_EQ(CheckExtension(due - 1, due, due).reason(), "extension_not_later");
  EXPECT_EQ(CheckExtension(due - 1, due, due).field(), "new_due_at");
}

TEST(DossierActionInput, AnOverdueDossierStillGetsItsExtension) {
  const int64_t due = 1'752'487'200;
  const int64_t week_late = due + 7 * 86400;
  EXPECT_TRUE(CheckExtension(week_late, due, week_late + 86400).ok());
  // The new date must lie ahead: later than the old one is not enough once that has passed.
  Status past = CheckExtension(week_late, due, due + 86400);
  EXPECT_EQ(past.reason(), "extension_in_past");
  EXPECT_EQ(past.field(), "new_due_at");
  EXPECT_EQ(CheckExtension(week_late, due, week_late).reason(), "extension_in_past");
  EXPECT_EQ(CheckExtension(week_late, due, due).reason(), "extension_not_later");
}

TEST(DossierState, EveryReasonHasAMessage) {
  const std::string fallback = LookupMessage("no_such_reason_at_all", "en");
  for (const char* reason :
       {"invalid_transition", "role_cannot_act", "already_extended", "no_next_step",
        "steps_remaining", "reason_required", "extension_in_past", "extension_not_later",
        "invalid_dossier_code", "invalid_id_number", "invalid_id_province", "invalid_id_birth_year",
        "id_birth_year_mismatch", "invalid_date_of_birth", "invalid_phone", "invalid_tax_code",
        "invalid_email", "invalid_applicant_type", "idempotency_key_reused"}) {
    EXPECT_NE(LookupMessage(reason, "en"), fallback) << reason;
    EXPECT_NE(LookupMessage(reason, "vi"), LookupMessage("no_such_reason_at_all", "vi")) << reason;
  }
}

}  // namespace
}  // namespace motcua::domain
