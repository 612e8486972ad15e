#include "storage/notification_store.h"

// See report_store.cc: GCC 12's false "may be used uninitialized" with strings in Params.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace motcua::storage {
namespace {

Value Opt(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

constexpr std::string_view kOutboxColumns =
    "id, dossier_id, complaint_id, event, channel, recipient, payload, status, attempts, "
    "next_attempt_at, last_error, created_at, sent_at";

OutboxRecord FromRow(const Row& row) {
  OutboxRecord r;
  r.id = row.Int(0);
  r.dossier_id = row.OptInt(1);
  r.complaint_id = row.OptInt(2);
  r.event = row.Text(3);
  r.channel = row.Text(4);
  r.recipient = row.Text(5);
  r.payload = row.Text(6);
  r.status = row.Text(7);
  r.attempts = static_cast<int>(row.Int(8));
  r.next_attempt_at = row.Int(9);
  r.last_error = row.Text(10);
  r.created_at = row.Int(11);
  r.sent_at = row.OptInt(12);
  return r;
}

Result<std::vector<OutboxRecord>> Many(Connection& c, const std::string& sql,
                                       const Params& params) {
  MOTCUA_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<OutboxRecord> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(FromRow(row));
  return out;
}

}  // namespace

Result<int64_t> InsertOutbox(Connection& c, const OutboxRecord& r) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("INSERT INTO notification_outbox (dossier_id, complaint_id, event, channel, "
                 "recipient, payload, status, attempts, next_attempt_at, last_error, created_at, "
                 "sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {Opt(r.dossier_id), Opt(r.complaint_id), r.event, r.channel, r.recipient,
                  r.payload, r.status, int64_t{r.attempts}, r.next_attempt_at, r.last_error,
                  r.created_at, Opt(r.sent_at)}));
  if (!row) return Status::Internal("insert returned no id");
  return row->Int(0);
}

Result<std::vector<OutboxRecord>> DueOutbox(Connection& c, int64_t now,
                                            const std::vector<std::string>& channels, int limit) {
  if (channels.empty()) return std::vector<OutboxRecord>();
  Params params{now};
  std::string in;
  for (const auto& ch : channels) {
    in += in.empty() ? "?" : ", ?";
    params.push_back(ch);
  }
  params.push_back(int64_t{limit});
  return Many(c,
              "SELECT " + std::string(kOutboxColumns) +
                  " FROM notification_outbox WHERE status IN ('queued', 'failed') AND "
                  "next_attempt_at <= ? AND channel IN (" +
                  in + ") ORDER BY next_attempt_at, id LIMIT ?",
              params);
}

Result<bool> LeaseOutbox(Connection& c, int64_t id, int64_t seen_next_attempt_at,
                         int64_t lease_until) {
  MOTCUA_ASSIGN_OR_RETURN(
      int64_t n, c.Exec("UPDATE notification_outbox SET next_attempt_at = ? WHERE id = ? AND "
                        "status IN ('queued', 'failed') AND next_attempt_at = ?",
                        {lease_until, id, seen_next_attempt_at}));
  return n == 1;
}

Status UpdateOutbox(Connection& c, const OutboxRecord& r) {
  return c
      .Exec(
          "UPDATE notification_outbox SET status = ?, attempts = ?, next_attempt_at = ?, "
          "last_error = ?, sent_at = ? WHERE id = ?",
          {r.status, int64_t{r.attempts}, r.next_attempt_at, r.last_error, Opt(r.sent_at), r.id})
      .status();
}

Result<std::vector<OutboxRecord>> OutboxForDossier(Connection& c, int64_t dossier_id, int limit) {
  return Many(c,
              "SELECT " + std::string(kOutboxColumns) +
                  " FROM notification_outbox WHERE dossier_id = ? ORDER BY id LIMIT ?",
              {dossier_id, int64_t{limit}});
}

Result<std::optional<OutboxRecord>> FindOutbox(Connection& c, int64_t id) {
  MOTCUA_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT " + std::string(kOutboxColumns) +
                                                   " FROM notification_outbox WHERE id = ?",
                                               {id}));
  if (!row) return std::optional<OutboxRecord>();
  return std::optional<OutboxRecord>(FromRow(*row));
}

Result<std::vector<std::string>> DossierAgencyPaths(Connection& c, int64_t dossier_id) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT a.path FROM agencies a WHERE a.id = (SELECT agency_id FROM dossiers WHERE "
              "id = ?) OR a.id IN (SELECT agency_id FROM dossier_steps WHERE dossier_id = ?)",
              {dossier_id, dossier_id}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

Result<std::optional<NotificationPreferencesRecord>> FindNotificationPreferences(Connection& c,
                                                                                 int64_t user_id) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne("SELECT email, sms, zalo FROM notification_preferences WHERE user_id = ?",
                 {user_id}));
  if (!row) return std::optional<NotificationPreferencesRecord>();
  return std::optional<NotificationPreferencesRecord>(
      NotificationPreferencesRecord{row->Bool(0), row->Bool(1), row->Bool(2)});
}

Status SaveNotificationPreferences(Connection& c, int64_t user_id,
                                   const NotificationPreferencesRecord& p, int64_t now) {
  return c
      .Exec(
          "INSERT INTO notification_preferences (user_id, email, sms, zalo, updated_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, "
          "sms = excluded.sms, zalo = excluded.zalo, updated_at = excluded.updated_at",
          {user_id, int64_t{p.email}, int64_t{p.sms}, int64_t{p.zalo}, now})
      .status();
}

Status InsertOptOut(Connection& c, const std::string& channel, const std::string& recipient,
                    int64_t now) {
  return c
      .Exec(
          "INSERT INTO notification_optouts (channel, recipient, at) VALUES (?, ?, ?) "
          "ON CONFLICT (channel, recipient) DO NOTHING",
          {channel, recipient, now})
      .status();
}

Result<bool> IsOptedOut(Connection& c, const std::string& channel, const std::string& recipient) {
  MOTCUA_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT 1 FROM notification_optouts WHERE channel = ? AND recipient = ?",
                           {channel, recipient}));
  return row.has_value();
}

Status InsertUnsubscribeLink(Connection& c, const std::string& token_hash,
                             const std::string& channel, const std::string& recipient,
                             int64_t now) {
  return c
      .Exec(
          "INSERT INTO notification_unsubscribe_links (token_hash, channel, recipient, "
          "created_at) VALUES (?, ?, ?, ?)",
          {token_hash, channel, recipient, now})
      .status();
}

Result<std::optional<UnsubscribeLink>> FindUnsubscribeLink(Connection& c,
                                                           const std::string& token_hash) {
  MOTCUA_ASSIGN_OR_RETURN(auto row,
                          c.QueryOne("SELECT channel, recipient FROM "
                                     "notification_unsubscribe_links WHERE token_hash = ?",
                                     {token_hash}));
  if (!row) return std::optional<UnsubscribeLink>();
  return std::optional<UnsubscribeLink>(UnsubscribeLink{row->Text(0), row->Text(1)});
}

}  // namespace motcua::storage
