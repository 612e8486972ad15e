#include "service/notification_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "common/crypto.h"
#include "domain/applicant_json.h"
#include "domain/dossier_code.h"
#include "domain/dossier_state.h"
#include "domain/local_date.h"
#include "storage/agency_store.h"
#include "storage/catalogue_store.h"
#include "storage/user_store.h"

// See storage/report_store.cc: GCC 12's false "may be used uninitialized" with strings in
// variants.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace motcua::service {
namespace {

namespace json = boost::json;
using domain::NotificationEvent;

// Which event a change is. Creation has no from_status. Stops, refusals and withdrawals are
// told at the counter with their forms, not here.
std::optional<NotificationEvent> EventOf(const storage::DossierHistoryRecord& h) {
  const std::string from = h.from_status.value_or("");
  const std::string& to = h.to_status;
  if (h.action == "extend") return NotificationEvent::kOverdueApology;
  if (from == to) return std::nullopt;
  if (to == "received" && (from.empty() || from == "submitted" || from == "incomplete"))
    return NotificationEvent::kReceived;
  if (to == "incomplete" || to == "waiting_supplement")
    return NotificationEvent::kSupplementRequested;
  if (to == "waiting_payment") return NotificationEvent::kFeeDue;
  if (to == "finished") return NotificationEvent::kResultReady;
  if (to == "returned") return NotificationEvent::kReturned;
  return std::nullopt;
}

std::string DayOf(std::optional<int64_t> instant) {
  if (!instant) return std::string();
  domain::LocalDate d = domain::LocalDateOf(*instant);
  return fmt::format("{:02d}/{:02d}/{:04d}", d.day, d.month, d.year);
}

std::string LowerAscii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string PhoneKey(const std::string& phone) {
  std::string digits;
  for (char c : phone)
    if (c >= '0' && c <= '9') digits += c;
  return digits;
}

}  // namespace

std::string MaskRecipient(const std::string& channel, const std::string& recipient) {
  if (channel == "email") {
    auto at = recipient.find('@');
    if (at == std::string::npos) return "***";
    return recipient.substr(0, std::min<size_t>(2, at)) + "***" + recipient.substr(at);
  }
  std::string digits = PhoneKey(recipient);
  if (digits.size() < 7) return "***";
  return digits.substr(0, 3) + std::string(digits.size() - 6, '*') +
         digits.substr(digits.size() - 3);
}

NotificationService::NotificationService(storage::Database& db, const Clock& clock,
                                         domain::NotificationTemplates templates,
                                         NotificationOptions options)
    : db_(db), clock_(clock), templates_(std::move(templates)), options_(std::move(options)) {}

void NotificationService::SetPublicUrl(std::string public_url) {
  while (!public_url.empty() && public_url.back() == '/') public_url.pop_back();
  std::lock_guard lock(url_mu_);
  options_.public_url = std::move(public_url);
}

std::string NotificationService::PublicUrl() const {
  std::lock_guard lock(url_mu_);
  return options_.public_url;
}

Status NotificationService::OnDossierChange(storage::Connection& c, const storage::DossierRecord& d,
                                            const storage::DossierHistoryRecord& h) {
  auto event = EventOf(h);
  if (!event) return Status::Ok();
  if (!options_.email && !options_.sms && !options_.zalo) return Status::Ok();
  auto applicant = domain::ApplicantFromJsonText(d.applicant);
  if (!applicant.ok()) return Status::Ok();  // an imported dossier without a readable applicant
  domain::NotificationValues v;
  v["code"] = d.code;
  v["name"] = applicant->full_name;
  v["due_date"] = DayOf(d.due_at);
  v["new_due_date"] = DayOf(d.due_at);
  v["reason"] = h.comment;
  v["lookup_url"] = PublicUrl() + "/tra-cuu/" + d.code;
  MOTCUA_ASSIGN_OR_RETURN(auto proc, storage::FindProcedure(c, d.procedure_code));
  v["procedure"] = proc ? proc->name : d.procedure_code;
  MOTCUA_ASSIGN_OR_RETURN(auto agency, storage::FindAgencyById(c, d.agency_id));
  v["agency"] = agency ? agency->name : std::string();

  std::string email = applicant->email;
  std::string phone = applicant->notify.sms ? applicant->phone : std::string();
  std::string zalo_phone;
  if (d.applicant_user_id) {
    MOTCUA_ASSIGN_OR_RETURN(auto prefs,
                            storage::FindNotificationPreferences(c, *d.applicant_user_id));
    storage::NotificationPreferencesRecord p =
        prefs.value_or(storage::NotificationPreferencesRecord{});
    if (!p.email) email.clear();
    if (p.zalo) zalo_phone = applicant->phone;
    if (!p.sms) phone.clear();
  }
  return Enqueue(c, d.id, std::nullopt, *event, v, email, phone, zalo_phone.empty() ? "" : "z",
                 h.at);
}

Status NotificationService::OnComplaintAnswered(storage::Connection& c,
                                                const storage::ComplaintRecord& k) {
  if (!options_.email && !options_.sms && !options_.zalo) return Status::Ok();
  domain::NotificationValues v;
  v["answer"] = k.answer;
  MOTCUA_ASSIGN_OR_RETURN(auto agency, storage::FindAgencyById(c, k.agency_id));
  v["agency"] = agency ? agency->name : std::string();
  std::string email, phone;
  bool zalo = false;
  std::optional<int64_t> account = k.created_by;
  if (k.dossier_id) {
    MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierById(c, *k.dossier_id));
    if (d) {
      v["code"] = d->code;
      auto applicant = domain::ApplicantFromJsonText(d->applicant);
      // The applicant hears of the answer only when the complaint is theirs: filed by their
      // account, or anonymously about their dossier at the counter.
      if (applicant.ok() && (!k.created_by || k.created_by == d->applicant_user_id)) {
        email = applicant->email;
        if (applicant->notify.sms) phone = applicant->phone;
        account = d->applicant_user_id;
      }
    }
  }
  if (email.empty() && k.created_by) {
    MOTCUA_ASSIGN_OR_RETURN(auto u, storage::FindUserById(c, *k.created_by));
    if (u && u->role == "citizen") email = u->email;
  }
  if (account) {
    MOTCUA_ASSIGN_OR_RETURN(auto prefs, storage::FindNotificationPreferences(c, *account));
    storage::NotificationPreferencesRecord p =
        prefs.value_or(storage::NotificationPreferencesRecord{});
    if (!p.email) email.clear();
    zalo = p.zalo && !phone.empty();
    if (!p.sms) phone.clear();
  }
  if (email.empty() && phone.empty()) return Status::Ok();
  return Enqueue(c, k.dossier_id, k.id, NotificationEvent::kComplaintAnswered, v, email, phone,
                 zalo ? "z" : "", k.answered_at.value_or(clock_.NowSeconds()));
}

Status NotificationService::Enqueue(storage::Connection& c, std::optional<int64_t> dossier_id,
                                    std::optional<int64_t> complaint_id, NotificationEvent event,
                                    const domain::NotificationValues& values,
                                    const std::string& email, const std::string& phone,
                                    const std::string& zalo, int64_t now) {
  auto rendered = domain::RenderNotification(templates_.For(event), values);
  if (!rendered.ok()) {
    // Never a reason to refuse the change itself: the message is not sent and staff are told
    // in the log (without the values).
    spdlog::warn("notification {} not queued: {}", domain::NotificationEventName(event),
                 rendered.status().ToString());
    return Status::Ok();
  }
  auto queue = [&](const std::string& channel, const std::string& recipient, json::object payload,
                   int64_t at) -> Status {
    std::string key = channel == "email" ? LowerAscii(recipient) : PhoneKey(recipient);
    MOTCUA_ASSIGN_OR_RETURN(bool out, storage::IsOptedOut(c, channel, key));
    if (out) return Status::Ok();
    storage::OutboxRecord r;
    r.dossier_id = dossier_id;
    r.complaint_id = complaint_id;
    r.event = std::string(domain::NotificationEventName(event));
    r.channel = channel;
    r.recipient = channel == "email" ? key : recipient;
    r.payload = json::serialize(payload);
    r.status = "queued";
    r.next_attempt_at = at;
    r.created_at = now;
    return storage::InsertOutbox(c, r).status();
  };
  if (options_.email && !email.empty())
    MOTCUA_RETURN_IF_ERROR(queue(
        "email", email,
        json::object{{"subject", rendered->email_subject}, {"body", rendered->email_body}}, now));
  if (options_.sms && !phone.empty())
    MOTCUA_RETURN_IF_ERROR(queue("sms", phone, json::object{{"text", rendered->sms}},
                                 options_.sms_quiet_hours.NextAllowed(now)));
  if (options_.zalo && !zalo.empty() && !phone.empty()) {
    json::object data;
    for (const auto& [k, val] : rendered->zalo_data) data[k] = val;
    MOTCUA_RETURN_IF_ERROR(queue(
        "zalo", phone,
        json::object{{"template_id", rendered->zalo_template_id}, {"template_data", data}}, now));
  }
  return Status::Ok();
}

Result<DeliveryRound> NotificationService::DeliverDue(const NotificationChannels& channels,
                                                      int limit) {
  const int64_t now = clock_.NowSeconds();
  // Only the channels configured here: rows of another wait without blocking the batch.
  std::vector<std::string> configured;
  for (const char* ch : {"email", "sms", "zalo"})
    if (channels.For(ch)) configured.emplace_back(ch);
  // Most rounds find nothing: a read first keeps them off the single writer.
  bool any = false;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto due, storage::DueOutbox(c, now, configured, 1));
    any = !due.empty();
    return Status::Ok();
  }));
  if (!any) return DeliveryRound{};
  std::vector<storage::OutboxRecord> taken;
  MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) -> Status {
    taken.clear();
    MOTCUA_ASSIGN_OR_RETURN(auto due, storage::DueOutbox(c, now, configured, limit));
    for (auto& row : due) {
      MOTCUA_ASSIGN_OR_RETURN(bool leased, storage::LeaseOutbox(c, row.id, row.next_attempt_at,
                                                                now + options_.lease_seconds));
      if (leased) taken.push_back(std::move(row));
    }
    return Status::Ok();
  }));
  DeliveryRound round;
  for (auto& row : taken) MOTCUA_RETURN_IF_ERROR(Deliver(channels, std::move(row), round));
  return round;
}

Status NotificationService::Deliver(const NotificationChannels& channels, storage::OutboxRecord row,
                                    DeliveryRound& round) {
  const std::string key = row.channel == "email" ? row.recipient : PhoneKey(row.recipient);
  bool opted_out = false;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(opted_out, storage::IsOptedOut(c, row.channel, key));
    return Status::Ok();
  }));
  if (opted_out) {
    row.status = "skipped";
    round.skipped++;
    return db_.Write([&](storage::Connection& c) { return storage::UpdateOutbox(c, row); });
  }
  const int64_t started = clock_.NowSeconds();
  // An SMS whose retry fell into the quiet hours waits for the morning.
  if (row.channel == "sms" && options_.sms_quiet_hours.Contains(started)) {
    row.next_attempt_at = options_.sms_quiet_hours.NextAllowed(started);
    return db_.Write([&](storage::Connection& c) { return storage::UpdateOutbox(c, row); });
  }
  ChannelMessage m;
  m.outbox_id = row.id;
  m.recipient = row.recipient;
  boost::system::error_code ec;
  json::value payload = json::parse(row.payload, ec);
  if (!ec && payload.is_object()) m.payload = payload.get_object();
  std::string token;
  if (row.channel == "email") {
    // Each e-mail carries its own unsubscribe link; only the token's hash is kept.
    token = RandomToken();
    std::string body = m.payload.contains("body") && m.payload["body"].is_string()
                           ? std::string(m.payload["body"].get_string())
                           : std::string();
    body += "\n\n--\nKhông muốn nhận thư thông báo nữa? Ngừng nhận tại: " + PublicUrl() +
            "/ngung-nhan-thong-bao?ma=" + token;
    m.payload["body"] = body;
    MOTCUA_RETURN_IF_ERROR(db_.Write([&](storage::Connection& c) {
      return storage::InsertUnsubscribeLink(c, Sha256Hex(token), "email", row.recipient, started);
    }));
  }
  Status sent = channels.For(row.channel)->Send(m);
  const int64_t done = clock_.NowSeconds();
  row.attempts++;
  if (sent.ok()) {
    row.status = "sent";
    row.sent_at = done;
    row.last_error.clear();
    round.sent++;
  } else {
    row.last_error = sent.reason().substr(0, 200);
    if (row.attempts >= options_.max_attempts) {
      row.status = "dead";
      round.dead++;
      spdlog::warn("notification {} ({}) dead after {} attempts: {}", row.id, row.channel,
                   row.attempts, row.last_error);
    } else {
      row.status = "failed";
      row.next_attempt_at =
          done + domain::RetryDelaySeconds(row.attempts, options_.retry_base_seconds,
                                           options_.retry_max_seconds);
      if (row.channel == "sms")
        row.next_attempt_at = options_.sms_quiet_hours.NextAllowed(row.next_attempt_at);
      round.retried++;
    }
  }
  return db_.Write([&](storage::Connection& c) { return storage::UpdateOutbox(c, row); });
}

Result<std::vector<DeliveryView>> NotificationService::ForDossier(const Principal& caller,
                                                                  const std::string& code) {
  if (!caller.IsStaff()) return Status::NotFound("dossier_not_found", "code");
  std::vector<DeliveryView> out;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto d, storage::FindDossierByCode(c, code));
    if (!d) return Status::NotFound("dossier_not_found", "code");
    MOTCUA_ASSIGN_OR_RETURN(auto paths, storage::DossierAgencyPaths(c, d->id));
    bool covered = false;
    for (const auto& p : paths) covered = covered || caller.CoversAgencyPath(p);
    if (!covered) return Status::NotFound("dossier_not_found", "code");
    MOTCUA_ASSIGN_OR_RETURN(auto rows, storage::OutboxForDossier(c, d->id, 200));
    for (const auto& r : rows) {
      DeliveryView v;
      v.event = r.event;
      v.channel = r.channel;
      v.recipient_masked = MaskRecipient(r.channel, r.recipient);
      v.status = r.status;
      v.last_error = r.last_error;
      v.attempts = r.attempts;
      v.created_at = r.created_at;
      v.sent_at = r.sent_at;
      v.next_attempt_at = r.next_attempt_at;
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  return out;
}

Result<storage::NotificationPreferencesRecord> NotificationService::Preferences(
    const Principal& caller) {
  if (caller.user_id <= 0) return Status::PermissionDenied();
  storage::NotificationPreferencesRecord p;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto found, storage::FindNotificationPreferences(c, caller.user_id));
    if (found) p = *found;
    return Status::Ok();
  }));
  return p;
}

Status NotificationService::SetPreferences(const Principal& caller,
                                           const storage::NotificationPreferencesRecord& p) {
  if (caller.user_id <= 0) return Status::PermissionDenied();
  return db_.Write([&](storage::Connection& c) {
    return storage::SaveNotificationPreferences(c, caller.user_id, p, clock_.NowSeconds());
  });
}

Result<std::string> NotificationService::CheckUnsubscribe(const std::string& token) {
  std::optional<storage::UnsubscribeLink> link;
  if (!token.empty() && token.size() <= 128) {
    MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
      MOTCUA_ASSIGN_OR_RETURN(link, storage::FindUnsubscribeLink(c, Sha256Hex(token)));
      return Status::Ok();
    }));
  }
  if (!link) return Status::Validation("invalid_unsubscribe_link", "ma");
  return MaskRecipient(link->channel, link->recipient);
}

Status NotificationService::Unsubscribe(const std::string& token) {
  if (token.empty() || token.size() > 128)
    return Status::Validation("invalid_unsubscribe_link", "ma");
  return db_.Write([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(auto link, storage::FindUnsubscribeLink(c, Sha256Hex(token)));
    if (!link) return Status::Validation("invalid_unsubscribe_link", "ma");
    return storage::InsertOptOut(c, link->channel, link->recipient, clock_.NowSeconds());
  });
}

Result<std::string> NotificationService::InboundSms(std::string_view body,
                                                    std::string_view signature) {
  if (options_.sms_key.empty() || !SignatureMatches(options_.sms_key, body, signature))
    return Status::PermissionDenied("bad_signature");
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return Status::Validation("invalid_json", "message");
  const json::value* msg = v.get_object().if_contains("message");
  if (!msg || !msg->is_string()) return Status::Validation("missing_field", "message");
  std::string text(msg->get_string());
  // "MC <code>", any case, blanks around.
  size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string::npos || text.size() < i + 3 || (text[i] != 'M' && text[i] != 'm') ||
      (text[i + 1] != 'C' && text[i + 1] != 'c') || (text[i + 2] != ' ' && text[i + 2] != '\t'))
    return std::string("Cu phap tra cuu ho so: MC <ma ho so>");
  std::string code = domain::NormalizeDossierCode(text.substr(i + 3));
  std::optional<storage::DossierRecord> d;
  MOTCUA_RETURN_IF_ERROR(db_.Read([&](storage::Connection& c) -> Status {
    MOTCUA_ASSIGN_OR_RETURN(d, storage::FindDossierByCode(c, code));
    return Status::Ok();
  }));
  std::string shown = domain::Unaccent(code).substr(0, 40);
  if (!d) return "Khong tim thay ho so " + shown + ". Vui long kiem tra lai ma ho so.";
  auto state = domain::ParseDossierState(d->status);
  std::string label = state ? domain::Unaccent(domain::DossierStateLabelVi(*state)) : d->status;
  std::string reply = "Ho so " + d->code + ": " + label + ".";
  if (d->due_at && (d->status == "received" || d->status == "in_process"))
    reply += " Hen tra ket qua ngay " + DayOf(d->due_at) + ".";
  return reply;
}

}  // namespace motcua::service
