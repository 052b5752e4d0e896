#include "decisions/faults/breaker_pipeline.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>

#include "common/errors.h"
#include "decisions/faults/breaker_configs.h"

namespace fleetcast::decisions::faults {

void BreakerRequest::validate() const {
  if (!(tuning_share > 0 && tuning_share < 1)) {
    throw InputError(fmt::format("--tuning-share must be above 0 and below 1, got {}", tuning_share));
  }
  tuning.validate();
  if (user_config) user_config->validate();
}

BreakerRun run_breaker(const BreakerRequest& request, const WarningSink& warn) {
  request.validate();
  const std::vector<std::string> metric_paths = request.metric_paths.empty() ? std::vector<std::string>{"metrics"} : request.metric_paths;
  const events::CallOutcomeLoad load = events::load_call_outcomes(metric_paths, request.now, request.history);
  send_warnings(warn, events::call_outcome_notes(load));
  BreakerRun run;
  run.metrics = load.summary;
  run.calls = load.calls();
  if (run.calls == 0) {
    throw InputError(fmt::format("no calls in {} ({} file{}, {} lines, {} skipped)", fmt::join(metric_paths, ", "), load.summary.files,
                                 load.summary.files == 1 ? "" : "s", load.summary.lines, load.summary.skipped));
  }
  run.unknown_latency = load.unknown_latency;
  run.first = load.first;
  run.last = load.last;

  std::vector<NamedBreakerConfig> configs = {{"seed", seed_breaker_config()},
                                             {"resilience4j", resilience::BreakerConfig::resilience4j_defaults()}};
  if (request.user_config) configs.push_back({"yours", *request.user_config});
  TimestampUs from = load.first;
  const TimestampUs until = load.last + 1;
  if (request.tune) {
    const TimestampUs split = load.first + std::llround(request.tuning_share * static_cast<double>(load.last - load.first));
    run.tuning = tune_breaker(load.callers, load.first, split, request.tuning);
    configs.push_back({"tuned", run.tuning->front[run.tuning->chosen].config});
    from = split;
  }
  run.comparison = compare_breakers(load.callers, std::move(configs), from, until);
  return run;
}

}  // namespace fleetcast::decisions::faults
