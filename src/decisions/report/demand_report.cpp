#include "decisions/report/demand_report.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace fleetcast::decisions {
namespace {

struct HeavyCaller {
  std::string caller;
  double share = 0;
  double tokens_per_request = 0;
  double others_tokens_per_request = 0;
};

std::vector<CallerActivity> recent_activity(const events::WindowTotals& recent, const std::vector<std::string>& names) {
  std::vector<CallerActivity> activity;
  for (std::size_t id = 0; id < recent.by_caller.size(); ++id) {
    const auto& totals = recent.by_caller[id];
    if (totals.requests == 0) continue;
    activity.push_back({names[id], totals.requests, totals.tokens, totals.failures,
                        static_cast<double>(totals.failures) / static_cast<double>(totals.requests)});
  }
  std::sort(activity.begin(), activity.end(), [](const CallerActivity& a, const CallerActivity& b) {
    if (a.requests != b.requests) return a.requests > b.requests;
    if (a.tokens != b.tokens) return a.tokens > b.tokens;
    return a.caller < b.caller;
  });
  return activity;
}

std::vector<HeavyCaller> heavy_callers(const std::vector<CallerActivity>& activity, const events::CallerTotals& all,
                                       const ReportThresholds& thresholds) {
  std::vector<HeavyCaller> heavy;
  if (all.tokens <= 0) return heavy;
  for (const auto& caller : activity) {
    const std::uint64_t others_requests = all.requests - caller.requests;
    if (others_requests == 0) continue;  // alone, a caller is the workload, not a burden on it
    const double share = caller.tokens / all.tokens;
    const double per_request = caller.tokens / static_cast<double>(caller.requests);
    const double others_per_request = (all.tokens - caller.tokens) / static_cast<double>(others_requests);
    if (share >= thresholds.heavy_share && per_request >= thresholds.heavy_ratio * others_per_request) {
      heavy.push_back({caller.caller, share, per_request, others_per_request});
    }
  }
  std::sort(heavy.begin(), heavy.end(), [](const HeavyCaller& a, const HeavyCaller& b) {
    return a.share != b.share ? a.share > b.share : a.caller < b.caller;
  });
  return heavy;
}

std::vector<CallerActivity> failing_callers(const std::vector<CallerActivity>& activity, const ReportThresholds& thresholds) {
  std::vector<CallerActivity> failing;
  for (const auto& caller : activity) {
    if (caller.requests >= thresholds.fail_min_requests && caller.failure_rate >= thresholds.fail_rate) failing.push_back(caller);
  }
  std::sort(failing.begin(), failing.end(), [](const CallerActivity& a, const CallerActivity& b) {
    if (a.failure_rate != b.failure_rate) return a.failure_rate > b.failure_rate;
    if (a.failures != b.failures) return a.failures > b.failures;
    return a.caller < b.caller;
  });
  return failing;
}

std::optional<double> rate_ratio(const events::WindowTotals& recent, const std::optional<events::WindowTotals>& earlier) {
  if (!earlier || earlier->all.requests == 0) return std::nullopt;
  return static_cast<double>(recent.all.requests) / static_cast<double>(earlier->all.requests);
}

std::string hours_text(double hours) { return fmt::format("{:g} h", hours); }

std::string clock_text(TimestampUs timestamp) {
  std::string iso = format_iso8601(timestamp);
  return iso.substr(0, 16) + "Z";  // to the minute: "2026-03-29T14:55Z"
}

// What the pool's plan says about the pre-warm: replicas and when, or that none are needed; whether the
// running count was assumed; and whether max_replicas caps the plan below what the forecast needs.
std::string prewarm_clause(const PrewarmAdvice& prewarm, const std::string& window) {
  std::string clause;
  const std::string replicas = fmt::format("{} {} replica{}", prewarm.replicas, prewarm.pool, prewarm.replicas == 1 ? "" : "s");
  if (prewarm.replicas > 0 && prewarm.late) {
    clause = fmt::format("; start {} now: the forecast needs them from {}", replicas, clock_text(prewarm.needed_at));
  } else if (prewarm.replicas > 0) {
    clause = fmt::format("; start {} by {} so they are ready at {}", replicas, clock_text(prewarm.start_at),
                         clock_text(prewarm.needed_at));
  } else if (prewarm.uncapped_peak_replicas > prewarm.max_replicas) {
    clause = fmt::format("; pool {} already runs its max_replicas ({}), no more can be started", prewarm.pool, prewarm.max_replicas);
  } else {
    clause = fmt::format("; pool {} already runs what the forecast needs for the next {}", prewarm.pool, window);
  }
  if (prewarm.uncapped_peak_replicas > prewarm.max_replicas) {
    clause += fmt::format("; capped by max_replicas {}: the forecast's upper bound needs {} (raise max_replicas to {})",
                          prewarm.max_replicas, prewarm.uncapped_peak_replicas, prewarm.uncapped_peak_replicas);
  }
  if (prewarm.current_replicas_assumed) {
    clause += fmt::format("; {} running replica{} assumed from the last hour's demand (give --current-replicas {}=N)",
                          prewarm.current_replicas, prewarm.current_replicas == 1 ? "" : "s", prewarm.pool);
  }
  return clause;
}

// One incident usually shows in several series: the fleet's and its callers' of the same kind and
// measure, overlapping in time. They make one recommendation, led by the fleet's window where there is one.
struct AnomalyGroup {
  const ReportAnomaly* lead = nullptr;
  std::vector<const ReportAnomaly*> callers;  // the callers' windows that joined the lead, highest score first
};

bool same_incident(const ReportAnomaly& a, const ReportAnomaly& b) {
  return a.kind == b.kind && a.series == b.series && a.start < b.end && b.start < a.end;
}

// `anomalies` highest score first; the groups come out ordered by their lead's score.
std::vector<AnomalyGroup> group_anomalies(const std::vector<ReportAnomaly>& anomalies) {
  std::vector<AnomalyGroup> groups;
  for (const auto& anomaly : anomalies) {
    if (!anomaly.caller) groups.push_back({&anomaly, {}});
  }
  for (const auto& anomaly : anomalies) {
    if (!anomaly.caller) continue;
    const auto joined = std::find_if(groups.begin(), groups.end(),
                                     [&](const AnomalyGroup& group) { return same_incident(*group.lead, anomaly); });
    if (joined != groups.end()) {
      joined->callers.push_back(&anomaly);
    } else {
      groups.push_back({&anomaly, {}});
    }
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const AnomalyGroup& a, const AnomalyGroup& b) { return a.lead->score > b.lead->score; });
  return groups;
}

std::string anomaly_reason(const AnomalyGroup& group) {
  const ReportAnomaly& lead = *group.lead;
  std::string kind = lead.kind;
  std::replace(kind.begin(), kind.end(), '_', ' ');
  const std::string whose = lead.caller ? *lead.caller + "'s " + lead.series : "fleet " + lead.series;
  const std::string expected = lead.expected ? fmt::format(" where {:.4g} was expected", *lead.expected) : std::string();
  std::string reason = fmt::format("{} in {} from {} to {}: {:.4g} per hour at {}{} (score {:.2f})", kind, whose,
                                   clock_text(lead.start), clock_text(lead.end), lead.value, clock_text(lead.peak), expected,
                                   lead.score);
  for (std::size_t i = 0; i < group.callers.size(); ++i) {
    const ReportAnomaly& caller = *group.callers[i];
    reason += fmt::format("{}{} ({:.4g} per hour, score {:.2f})", i == 0 ? (lead.caller ? "; also " : "; callers: ") : ", ",
                          *caller.caller, caller.value, caller.score);
  }
  return reason;
}

}  // namespace

const char* to_string(DemandLevel level) {
  switch (level) {
    case DemandLevel::low: return "low";
    case DemandLevel::normal: return "normal";
    case DemandLevel::elevated: return "elevated";
    case DemandLevel::critical: return "critical";
  }
  return "low";
}

DemandLevel classify_demand(double surge_factor) {
  if (surge_factor > 3.0) return DemandLevel::critical;
  if (surge_factor > 1.5) return DemandLevel::elevated;
  if (surge_factor > 1.0) return DemandLevel::normal;
  return DemandLevel::low;
}

HealthSummary summarize_health(const std::vector<sources::HeartbeatTick>& ticks, TimestampUs horizon) {
  HealthSummary health;
  if (ticks.empty()) return health;
  const TimestampUs end = ticks.back().timestamp;
  health.window_end = end;
  bool in_outage = false;
  for (const auto& tick : ticks) {
    if (tick.timestamp <= end - horizon) continue;
    ++health.ticks;
    if (tick.gitea_down) {
      ++health.gitea_down_ticks;
      if (!in_outage) ++health.gitea_outages;
    }
    in_outage = tick.gitea_down;
    if (tick.inference_down) ++health.inference_failures;
  }
  return health;
}

DemandReport build_demand_report(const events::DemandWindows& windows, const std::vector<std::string>& caller_names,
                                 const HealthSummary& health, double horizon_hours, const ReportThresholds& thresholds,
                                 const std::optional<RateForecast>& forecast, const std::optional<PrewarmAdvice>& prewarm,
                                 const std::vector<ReportAnomaly>& anomalies) {
  DemandReport report;
  report.horizon_hours = horizon_hours;
  report.windows = windows;
  report.health = health;
  report.recent_request_rate = static_cast<double>(windows.recent.all.requests) / horizon_hours;
  if (windows.baseline) {
    report.baseline_request_rate = static_cast<double>(windows.baseline->all.requests) / horizon_hours;
    report.surge_factor = report.recent_request_rate / report.baseline_request_rate;
  }
  report.day_surge_factor = rate_ratio(windows.recent, windows.day_earlier);
  report.week_surge_factor = rate_ratio(windows.recent, windows.week_earlier);
  report.forecast = forecast;
  report.predicted_request_rate =
      forecast ? forecast->mean : report.recent_request_rate * std::sqrt(report.surge_factor);
  report.demand_level = classify_demand(report.surge_factor);
  const bool surging = report.surge_factor > 1.5;
  report.resource_mode = surging || health.inference_failures >= 2 ? "surge" : "steady";
  report.dispatch_posture = health.gitea_outages >= 1 ? "degraded" : "normal";

  const auto activity = recent_activity(windows.recent, caller_names);
  report.top_callers.assign(activity.begin(), activity.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(5, activity.size())));
  report.anomalies = anomalies;

  auto add = [&](std::string_view headline, std::string action, std::string reason) -> ReportAction& {
    report.recommended_actions.push_back(fmt::format("{} — {}", headline, reason));
    ReportAction& entry = report.actions.emplace_back();
    entry.action = std::move(action);
    entry.reason = std::move(reason);
    return entry;
  };
  const std::string window = hours_text(horizon_hours);
  if (surging) {
    std::string reason = fmt::format(
        "surge factor {:.2f}x (recent {:.2f} req/h vs baseline {:.2f} req/h); predicted {:.2f} req/h over the next {}",
        report.surge_factor, report.recent_request_rate, report.baseline_request_rate, report.predicted_request_rate, window);
    if (prewarm) reason += prewarm_clause(*prewarm, window);
    if (report.day_surge_factor && *report.day_surge_factor <= kUsualDailyRise) {
      reason += fmt::format("; the rise is the usual daily cycle ({:.2f}x the same {} a day earlier)", *report.day_surge_factor,
                            window);
    }
    if (report.predicted_request_rate < report.recent_request_rate) {
      reason += fmt::format("; the forecast expects demand to fall ({:.2f} req/h predicted vs {:.2f} req/h recently)",
                            report.predicted_request_rate, report.recent_request_rate);
    }
    ReportAction& action = add("Pre-warm local inference", "pre_warm", std::move(reason));
    if (prewarm) {
      action.pool = prewarm->pool;
      action.replicas = prewarm->replicas;
      if (prewarm->replicas > 0) action.start_by = prewarm->start_at;
    }
  }
  if (health.inference_failures >= 2) {
    add("Investigate model reliability", "investigate_model_reliability",
        fmt::format("inference was down on {} of {} heartbeat ticks in the last {}", health.inference_failures, health.ticks,
                    window));
  }
  if (health.gitea_outages >= 1) {
    add("Cache forge state", "cache_forge_state",
        fmt::format("Gitea was down in {} outage{} ({} of {} ticks) in the last {}; serve forge reads from cache and queue writes",
                    health.gitea_outages, health.gitea_outages == 1 ? "" : "s", health.gitea_down_ticks, health.ticks, window));
  }
  for (const auto& heavy : heavy_callers(activity, windows.recent.all, thresholds)) {
    add("Throttle background jobs", "throttle_caller",
        fmt::format("{} used {:.1f}% of tokens at {:.1f}x the tokens per request of the other callers ({:.0f} vs {:.0f})",
                    heavy.caller, heavy.share * 100.0,
                    heavy.others_tokens_per_request > 0 ? heavy.tokens_per_request / heavy.others_tokens_per_request : 0.0,
                    heavy.tokens_per_request, heavy.others_tokens_per_request))
        .caller = heavy.caller;
  }
  for (const auto& failing : failing_callers(activity, thresholds)) {
    add("Investigate failure rates", "investigate_failure_rate",
        fmt::format("{} failed {} of {} requests ({:.1f}%) in the last {}", failing.caller, failing.failures, failing.requests,
                    failing.failure_rate * 100.0, window))
        .caller = failing.caller;
  }
  for (const auto& group : group_anomalies(anomalies)) {
    ReportAction& action = add("Investigate anomaly", "investigate_anomaly", anomaly_reason(group));
    action.caller = group.lead->caller;
    if (!action.caller && !group.callers.empty()) action.caller = group.callers.front()->caller;
  }
  if (report.actions.empty()) {
    add("Maintain current allocation", "maintain_allocation",
        fmt::format("demand is {} (surge factor {:.2f}x) with no outages, inference failures, heavy or failing callers",
                    to_string(report.demand_level), report.surge_factor));
  }
  return report;
}

}  // namespace fleetcast::decisions
