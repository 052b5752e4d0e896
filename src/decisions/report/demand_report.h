#pragma once
// The `report` decision: compares the recent window of demand with the previous active window, reads
// the health ticks, and says how to allocate resources for the next horizon.
#include <optional>
#include <string>
#include <vector>

#include "decisions/planning/capacity_plan.h"
#include "events/windows.h"
#include "sources/heartbeat_tick.h"

namespace fleetcast::decisions {

struct ReportThresholds {
  double heavy_share = 0.5;            // a heavy caller's share of the window's tokens, at least
  double heavy_ratio = 3.0;            // its tokens per request vs all other callers together, at least
  std::uint64_t fail_min_requests = 5; // a failing caller's requests, at least
  double fail_rate = 0.25;             // its failure rate, at least
};

// A recent window at most this much above the same window a day earlier is the usual daily cycle.
inline constexpr double kUsualDailyRise = 1.25;

enum class DemandLevel { low, normal, elevated, critical };
const char* to_string(DemandLevel level);
// surge_factor > 3.0 critical; > 1.5 elevated; > 1.0 normal; otherwise low.
DemandLevel classify_demand(double surge_factor);

struct CallerActivity {
  std::string caller;
  std::uint64_t requests = 0;
  double tokens = 0;
  std::uint64_t failures = 0;
  double failure_rate = 0;
};

struct HealthSummary {
  std::size_t ticks = 0;                 // ticks inside the heartbeat window
  std::optional<TimestampUs> window_end; // the latest tick
  int gitea_outages = 0;                 // runs of consecutive Gitea-down ticks
  int gitea_down_ticks = 0;
  int inference_failures = 0;            // ticks with inference down
};

// Ticks sorted by time; the window is (latest - horizon, latest].
HealthSummary summarize_health(const std::vector<sources::HeartbeatTick>& ticks, TimestampUs horizon);

// A forecast of the mean request rate over the horizon, with the interval of that mean.
struct RateForecast {
  std::string model;
  double level = 0.9;
  double mean = 0;
  double lower = 0;
  double upper = 0;
};

// An anomaly window of an hourly series that overlaps the recent window (report_anomalies.h).
struct ReportAnomaly {
  std::string kind;                    // spike | dip | level_shift | failure_burst
  std::string series;                  // requests | failures
  std::optional<std::string> caller;   // absent: the whole fleet's series
  TimestampUs start = 0;               // the first anomalous hour's start
  TimestampUs end = 0;                 // the last anomalous hour's end (exclusive)
  TimestampUs peak = 0;                // the start of the hour with the highest score
  double score = 0;                    // the highest combined score, in [0, 1]
  double value = 0;                    // at the peak, per hour
  std::optional<double> expected;      // what the detector expected there, per hour (absent in its warm-up)
};

// One recommended action as data, so tools need not parse the sentence: recommended_actions[i] reads
// "<its headline> — <reason>" for actions[i].
struct ReportAction {
  // pre_warm | investigate_model_reliability | cache_forge_state | throttle_caller |
  // investigate_failure_rate | investigate_anomaly | maintain_allocation
  std::string action;
  std::optional<std::string> pool;        // pre_warm with a pools file
  std::optional<std::string> caller;      // throttle_caller, investigate_failure_rate, investigate_anomaly
  std::optional<int> replicas;            // pre_warm with a pools file: replicas to start (0: none needed)
  std::optional<TimestampUs> start_by;    // pre_warm with replicas to start (in the past when late: start now)
  std::string reason;
};

struct DemandReport {
  double horizon_hours = 0;
  events::DemandWindows windows;
  double recent_request_rate = 0;
  double baseline_request_rate = 0;
  double predicted_request_rate = 0;
  double surge_factor = 1.0;
  // The recent rate against the same window a day and a week earlier; absent where history lacks that
  // window or it held no request.
  std::optional<double> day_surge_factor;
  std::optional<double> week_surge_factor;
  DemandLevel demand_level = DemandLevel::low;
  HealthSummary health;
  std::string resource_mode;
  std::string dispatch_posture;
  std::vector<CallerActivity> top_callers;
  std::vector<ReportAnomaly> anomalies;   // highest score first; empty when the recent window holds none
  std::vector<std::string> recommended_actions;
  std::vector<ReportAction> actions;      // the same actions as data, in the same order
  std::optional<RateForecast> forecast;   // set when history allowed a fitted model
  std::string forecast_note;              // without a forecast: why, and that the damped rule stands in
};

// The report from measured windows and health. `forecast`, when given, replaces the damped rule for the
// predicted rate; `prewarm`, when given (a pools file was), makes the Pre-warm recommendation name
// replicas and times, or say the pool already runs what the forecast needs (zero replicas). The
// Pre-warm advice also says when the rise is the usual daily cycle (a day factor of at most
// kUsualDailyRise) and when the forecast expects demand to fall. `anomalies` (highest score first) add
// `Investigate anomaly` recommendations after the failing callers': one per incident, where the windows
// of one kind and measure that overlap in time are one incident, led by the fleet's window (its action's
// caller then the highest-scoring caller's, where one joined) and naming the callers' windows.
DemandReport build_demand_report(const events::DemandWindows& windows, const std::vector<std::string>& caller_names,
                                 const HealthSummary& health, double horizon_hours, const ReportThresholds& thresholds,
                                 const std::optional<RateForecast>& forecast = std::nullopt,
                                 const std::optional<PrewarmAdvice>& prewarm = std::nullopt,
                                 const std::vector<ReportAnomaly>& anomalies = {});

}  // namespace fleetcast::decisions
