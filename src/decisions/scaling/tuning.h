#pragma once
// `tune`: searches a scaling policy's parameters with NSGA-II (decisions/scaling/nsga2.h), replaying the demand
// in the simulator for every candidate, and returns the Pareto front of (replica-hours, unserved demand,
// scaling actions) with a recommended point (the knee, or the least unserved demand within a cost target)
// and the current parameters' scores beside it.
//
// With a hold-out, the search sees only the steps before the held-out tail: every replay that chooses
// runs on that training part alone. Each front point is then also scored on the held-out tail (the whole
// trace replayed so the policy warms up on the past, only the tail scored), which is reported and never
// used to choose.
//
// Forecasting policies that query their forecaster at every step (predictive, hybrid) replay the
// forecaster's answers from tapes recorded once per forecast quantile instead of refitting the model in
// every candidate: the answers depend on the history and the quantile only, so the replay is exact and
// makes a candidate as cheap as a reactive one. The quantile `q` of every forecasting policy is searched
// over a few fixed levels (plus the pool's current value), since each level needs its own tape.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "decisions/scaling/nsga2.h"
#include "decisions/scaling/forecast_tape.h"
#include "decisions/planning/pools.h"
#include "decisions/scaling/simulator.h"
#include "series/time_series.h"

namespace fleetcast::decisions {

// One searched setting: a policy parameter (pools YAML `policy.<name>.<key>`) or a pool field.
struct TunableParameter {
  std::string name;
  bool pool_field = false;
  double lower = 0;
  double upper = 0;
  int decimals = 3;              // values are rounded to this many decimals; 0 for whole numbers
  std::vector<double> levels;    // when not empty, the value is one of these (lower/upper index them)
};

// The searched settings of `policy` with the pool's current values inside their bounds; InputError
// for a policy without tunable parameters or an unknown one.
std::vector<TunableParameter> tunable_parameters(std::string_view policy, const Pool& pool);

struct TuningOptions {
  std::string policy = "hybrid";
  std::size_t population = 64;
  std::size_t generations = 100;
  std::uint64_t seed = 42;
  // The fraction of the trace held out at its end, in (0, 1); 0 for none.
  double holdout = 0;
  // When set (> 0): choose the point with the least training unserved demand among those whose training
  // replica-hours are at most this times the reactive policy's (the pool as given); else the knee.
  std::optional<double> max_cost_ratio;
};

struct TunedPoint {
  std::vector<double> values;     // one per TuningResult::parameters, rounded as evaluated
  SimulationScores scores;                  // on the training part (the whole trace without a hold-out)
  std::optional<SimulationScores> holdout;  // on the held-out tail, when there is one
  bool dominates_current = false; // no worse on every objective than the current settings, better on one
};

struct TuningResult {
  std::string policy;
  std::string pool;
  std::vector<TunableParameter> parameters;
  TunedPoint current;             // the pool's settings as given
  std::vector<TunedPoint> front;  // non-dominated, by replica-hours; duplicates of one outcome removed
  std::size_t knee = 0;           // index into front
  // Index into front of the recommended point: the knee, or the cost target's point; empty when no front
  // point meets the cost target.
  std::optional<std::size_t> chosen;
  std::optional<double> max_cost_ratio;
  TunedPoint reactive;            // the reactive policy on the pool as given: the cost target's reference
  std::size_t training_steps = 0;
  std::optional<TimestampUs> holdout_start;  // the first held-out step's time
  std::size_t evaluations = 0;
};

// The first held-out step of a trace of `steps` steps with the last `holdout` fraction held out, the same
// step `simulate --score-from 1-holdout` starts scoring at. InputError when either part would be empty.
std::size_t holdout_start_step(std::size_t steps, double holdout);

// The point with the least unserved demand among those with replica-hours at most `ratio` x
// `reference_replica_hours` (on a tie, the fewer replica-hours, then the earlier); empty when none is.
std::optional<std::size_t> cheapest_within_cost(const std::vector<TunedPoint>& front, double reference_replica_hours,
                                                double ratio);

// The three objectives tuning minimises, in order: replica-hours (cost over the price, so a pool with
// no price still trades capacity), unserved demand in percent, scaling actions.
std::vector<double> tuning_objectives(const SimulationScores& scores);

// The knee: after scaling each objective to [0, 1] over the front, the point nearest (Euclidean) to the
// ideal point of all zeros; the first such point on a tie. `front` must not be empty.
std::size_t knee_index(const std::vector<std::vector<double>>& front);

// Throws InputError for a series too short to replay (or to split), RuntimeFailure when a candidate
// cannot be scored.
// `progress` is told of every generation's evaluations.
TuningResult tune_policy(const series::TimeSeries& demand, const Pool& pool, const TuningOptions& options,
                         const EvaluationProgress& progress = {});

// `pool` with the point's settings applied: pool fields set, the policy's parameters written as text.
Pool pool_with_settings(const Pool& pool, std::string_view policy, const std::vector<TunableParameter>& parameters,
                        const std::vector<double>& values);

// Forecast tapes of `policy` (predictive or hybrid, with `params`) over the whole of `demand`, one per quantile.
ForecastTapes record_forecast_tapes(const series::TimeSeries& demand, const Pool& pool, std::string_view policy,
                                    const PolicyParams& params, std::span<const double> quantiles);
// `policy` on `pool` with `params`; predictive and hybrid read their forecasts from `tapes` (which must
// outlive it and hold the quantile asked), the others are built as make_policy builds them.
std::unique_ptr<Policy> make_replayed_policy(std::string_view policy, const Pool& pool, const PolicyParams& params,
                                             const ForecastTapes& tapes);

// A parameter value as the YAML writes it (and as the candidate was evaluated).
std::string format_setting(const TunableParameter& parameter, double value);

// The pools YAML `original_yaml` (read from `original_dir`) with the chosen point's settings written into the
// pool named `pool_name`: pool fields in the pool, parameters under `policy: {<policy>: {...}}`. Relative
// CSV demand paths are rewritten so they still resolve from `output_dir`. The text is checked to parse.
std::string tuned_pools_yaml(const std::string& original_yaml, const std::filesystem::path& original_dir,
                             const std::filesystem::path& output_dir, const TuningResult& result,
                             const TunedPoint& point);
// The rule `result.chosen` was picked by, in words.
std::string choice_rule(const TuningResult& result);

}  // namespace fleetcast::decisions
