#include "service/forecast_ledger.h"

#include <limits>

namespace fleetcast::service {

ForecastLedger::ForecastLedger(StateDatabase& database) : database_(database) {
  database_.execute(
      "CREATE TABLE IF NOT EXISTS forecasts ("
      " pool TEXT NOT NULL, origin INTEGER NOT NULL, target_time INTEGER NOT NULL, model TEXT NOT NULL,"
      " issued_at INTEGER NOT NULL, step_seconds INTEGER NOT NULL, level REAL NOT NULL,"
      " mean REAL NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL, scale REAL NOT NULL, actual REAL,"
      " PRIMARY KEY (pool, origin, target_time, model))");
  database_.execute("CREATE INDEX IF NOT EXISTS forecasts_by_target ON forecasts (pool, target_time)");
  database_.execute(
      "CREATE TABLE IF NOT EXISTS reselections ("
      " pool TEXT NOT NULL, at INTEGER NOT NULL, reason TEXT NOT NULL, from_model TEXT NOT NULL, to_model TEXT NOT NULL)");
}

void ForecastLedger::record(const ForecastIssue& issue) {
  Transaction transaction(database_);
  Statement insert(database_.handle(),
                   "INSERT INTO forecasts (pool, origin, target_time, model, issued_at, step_seconds, level, mean, lower,"
                   " upper, scale) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (pool, origin, target_time, model) DO UPDATE SET issued_at = excluded.issued_at,"
                   " step_seconds = excluded.step_seconds, level = excluded.level, mean = excluded.mean,"
                   " lower = excluded.lower, upper = excluded.upper, scale = excluded.scale WHERE actual IS NULL");
  for (const auto& step : issue.steps) {
    insert.bind(1, issue.pool)
        .bind(2, issue.origin)
        .bind(3, step.target_time)
        .bind(4, issue.model)
        .bind(5, issue.issued_at)
        .bind(6, issue.step_seconds)
        .bind(7, issue.level)
        .bind(8, step.mean)
        .bind(9, step.lower)
        .bind(10, step.upper)
        .bind(11, issue.scale);
    insert.run();
  }
  transaction.commit();
}

std::size_t ForecastLedger::score(const std::string& pool, TimestampUs complete_until,
                                  const std::function<std::optional<double>(TimestampUs)>& actual_at) {
  Transaction transaction(database_);
  Statement pending(database_.handle(),
                    "SELECT DISTINCT target_time FROM forecasts WHERE pool = ? AND actual IS NULL"
                    " AND target_time + step_seconds * 1000000 <= ? ORDER BY target_time");
  pending.bind(1, pool).bind(2, complete_until);
  std::vector<TimestampUs> targets;
  while (pending.step()) targets.push_back(pending.column_int(0));
  Statement update(database_.handle(), "UPDATE forecasts SET actual = ? WHERE pool = ? AND target_time = ? AND actual IS NULL");
  std::size_t scored = 0;
  for (const TimestampUs target : targets) {
    const auto actual = actual_at(target);
    if (!actual) continue;
    update.bind(1, *actual).bind(2, pool).bind(3, target);
    update.run();
    scored += static_cast<std::size_t>(sqlite3_changes(database_.handle()));
  }
  transaction.commit();
  return scored;
}

LiveAccuracy ForecastLedger::accuracy(const std::string& pool, TimestampUs until, TimestampUs span,
                                      std::optional<TimestampUs> issued_since) const {
  Statement query(database_.handle(),
                  "SELECT COUNT(*), AVG(ABS(actual - mean) / scale),"
                  " AVG(CASE WHEN actual >= lower AND actual <= upper THEN 1.0 ELSE 0.0 END)"
                  " FROM forecasts WHERE pool = ? AND actual IS NOT NULL AND issued_at >= ?"
                  " AND target_time + step_seconds * 1000000 > ? AND target_time + step_seconds * 1000000 <= ?");
  query.bind(1, pool).bind(2, issued_since.value_or(std::numeric_limits<TimestampUs>::min())).bind(3, until - span).bind(4, until);
  LiveAccuracy accuracy;
  if (!query.step()) return accuracy;
  accuracy.scored = static_cast<std::uint64_t>(query.column_int(0));
  if (accuracy.scored == 0) return accuracy;
  accuracy.mase = query.column_double(1);
  accuracy.coverage = query.column_double(2);
  return accuracy;
}

void ForecastLedger::record_reselection(const Reselection& reselection) {
  Statement insert(database_.handle(), "INSERT INTO reselections (pool, at, reason, from_model, to_model) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, reselection.pool)
      .bind(2, reselection.at)
      .bind(3, reselection.reason)
      .bind(4, reselection.from_model)
      .bind(5, reselection.to_model)
      .run();
}

std::vector<Reselection> ForecastLedger::reselections(const std::string& pool) const {
  Statement query(database_.handle(),
                  "SELECT at, reason, from_model, to_model FROM reselections WHERE pool = ? ORDER BY at, rowid");
  query.bind(1, pool);
  std::vector<Reselection> found;
  while (query.step()) {
    found.push_back({query.column_int(0), pool, query.column_text(1), query.column_text(2), query.column_text(3)});
  }
  return found;
}

}  // namespace fleetcast::service
