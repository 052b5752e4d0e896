#pragma once
// Every forecast `serve` issued, step by step, and how it fared once its actual arrived: the record
// behind /api/v1/accuracy and the drift check that re-runs a pool's model selection.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "service/state_database.h"

namespace fleetcast::service {

struct IssuedStep {
  TimestampUs target_time = 0;  // the step's start
  double mean = 0, lower = 0, upper = 0;  // demand per step
};

struct ForecastIssue {
  std::string pool;
  std::string model;
  TimestampUs issued_at = 0;
  TimestampUs origin = 0;        // the end of the history the forecast was fitted to
  std::int64_t step_seconds = 3600;
  double level = 0.9;
  // The MASE denominator of that history: the in-sample seasonal naive MAE, as the backtest scales.
  double scale = 1;
  std::vector<IssuedStep> steps;
};

// Scored steps in a window: MASE is the mean of |actual - mean| / scale, coverage the share of actuals
// inside [lower, upper]; both absent while nothing is scored.
struct LiveAccuracy {
  std::optional<double> mase;
  std::optional<double> coverage;
  std::uint64_t scored = 0;
};

struct Reselection {
  TimestampUs at = 0;
  std::string pool;
  std::string reason;
  std::string from_model;
  std::string to_model;
};

class ForecastLedger {
 public:
  // Creates the ledger's tables when the database is new.
  explicit ForecastLedger(StateDatabase& database);

  // Stores each step once per (pool, origin, target, model): a forecast issued again from the same
  // history end by the same model replaces the earlier one until its actual is known, so the ledger
  // keeps the last forecast made before the step's history ended.
  void record(const ForecastIssue& issue);

  // Scores the pool's unscored steps that end at or before `complete_until`, with `actual_at(target_time)`
  // (nullopt: not known, the step stays unscored). Returns how many were scored.
  std::size_t score(const std::string& pool, TimestampUs complete_until,
                    const std::function<std::optional<double>(TimestampUs)>& actual_at);

  // The pool's scored steps whose end lies in (until - span, until]; with `issued_since`, only those
  // issued at or after it.
  LiveAccuracy accuracy(const std::string& pool, TimestampUs until, TimestampUs span,
                        std::optional<TimestampUs> issued_since = std::nullopt) const;

  void record_reselection(const Reselection& reselection);
  // Oldest first.
  std::vector<Reselection> reselections(const std::string& pool) const;

 private:
  StateDatabase& database_;
};

}  // namespace fleetcast::service
