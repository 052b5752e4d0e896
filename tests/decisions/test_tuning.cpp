#include "decisions/scaling/tuning.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "common/errors.h"
#include "decisions/scaling/policy.h"
#include "decisions/scaling/score_from.h"
#include "common/random.h"

namespace fleetcast::decisions {
namespace {

// Five days of 10-minute demand: a daily cycle between about 100 and 500 per hour, noise, and a burst.
series::TimeSeries daily_demand() {
  series::TimeSeries demand{1'700'006'400 * kMicrosPerSecond, 600, {}, true};
  std::mt19937_64 rng(9);
  for (int step = 0; step < 5 * 144; ++step) {
    const double phase = 2 * std::numbers::pi * (step % 144) / 144.0;
    double rate = 300 - 200 * std::cos(phase) + 60 * (uniform01(rng) - 0.5);
    if (step >= 600 && step < 612) rate *= 1.8;
    demand.values.push_back(rate / 6);  // per 10-minute step
  }
  return demand;
}

Pool web_pool(std::string_view model) {
  Pool pool;
  pool.name = "web";
  pool.capacity_per_replica = 50;
  pool.min_replicas = 1;
  pool.max_replicas = 30;
  pool.startup_seconds = 600;
  pool.cost_per_replica_hour = 2;
  pool.policy_params["hybrid"] = {{"model", std::string(model)}};
  pool.policy_params["predictive"] = {{"model", std::string(model)}};
  return pool;
}

TEST(Tuning, KneeIsNearestTheIdealPointAfterScaling) {
  // Scaled: (0, 1, 0), (0.5, 0.5, 0), (1, 0, 0); the third objective is constant and ignored.
  EXPECT_EQ(knee_index({{0, 10, 5}, {5, 5, 5}, {10, 0, 5}}), 1u);
  // Scaled: (0, 1), (0.9, 0.1), (1, 0): squared distances 1, 0.82 and 1.
  EXPECT_EQ(knee_index({{0, 100}, {90, 10}, {100, 0}}), 1u);
  EXPECT_EQ(knee_index({{3, 3}}), 0u);
}

TEST(Tuning, SettingsAreWrittenAsTheyWereEvaluated) {
  const TunableParameter weight{"prediction_weight", false, 0, 1, 3, {}};
  const TunableParameter cooldown{"cooldown_seconds", true, 0, 3600, 0, {}};
  EXPECT_EQ(format_setting(weight, 0.7), "0.7");
  EXPECT_EQ(format_setting(weight, 0.125), "0.125");
  EXPECT_EQ(format_setting(weight, 1.0), "1");
  EXPECT_EQ(format_setting(cooldown, 1882.0), "1882");

  const Pool pool = web_pool("naive");
  const Pool tuned = pool_with_settings(pool, "hybrid", {weight, cooldown}, {0.25, 900});
  EXPECT_EQ(tuned.cooldown_seconds, 900);
  EXPECT_EQ(tuned.params_for("hybrid").at("prediction_weight"), "0.25");
  EXPECT_EQ(tuned.params_for("hybrid").at("model"), "naive");
}

TEST(Tuning, EachPolicySearchesItsOwnSettings) {
  const Pool pool = web_pool("naive");
  std::vector<std::string> names;
  for (const auto& parameter : tunable_parameters("hybrid", pool)) names.push_back(parameter.name);
  EXPECT_EQ(names, (std::vector<std::string>{"prediction_weight", "scale_up_threshold", "scale_down_threshold", "q",
                                             "cooldown_seconds", "max_scale_up_step", "max_scale_down_step"}));
  const auto predictive = tunable_parameters("predictive", pool);
  EXPECT_EQ(predictive.front().name, "q");
  EXPECT_EQ(predictive.front().levels, (std::vector<double>{0.7, 0.8, 0.9, 0.95}));
  Pool custom = pool;
  custom.policy_params["predictive"]["q"] = "0.97";
  EXPECT_EQ(tunable_parameters("predictive", custom).front().levels, (std::vector<double>{0.7, 0.8, 0.9, 0.95, 0.97}));
  EXPECT_THROW(tunable_parameters("dqn", pool), InputError);
}

TEST(Tuning, ReplayedForecastsScoreExactlyAsTheRealPolicy) {
  const series::TimeSeries demand = daily_demand();
  const Pool pool = web_pool("ets");
  TuningOptions options;
  options.policy = "hybrid";
  options.population = 4;
  options.generations = 0;
  const TuningResult result = tune_policy(demand, pool, options);
  auto policy = make_policy("hybrid", pool, pool.params_for("hybrid"));
  const SimulationScores direct = simulate(demand, pool, *policy).scores;
  EXPECT_EQ(result.current.scores.replica_hours, direct.replica_hours);
  EXPECT_EQ(result.current.scores.unserved_pct, direct.unserved_pct);
  EXPECT_EQ(result.current.scores.scaling_actions, direct.scaling_actions);
}

TEST(Tuning, FindsSettingsThatBeatTheDefaultsAndWritesThemBack) {
  const series::TimeSeries demand = daily_demand();
  const Pool pool = web_pool("naive");
  TuningOptions options;
  options.policy = "hybrid";
  options.population = 24;
  options.generations = 15;
  std::size_t reported = 0;
  const TuningResult result = tune_policy(demand, pool, options, [&](std::size_t count) { reported += count; });
  EXPECT_EQ(reported, 24u * 16u);
  EXPECT_EQ(result.evaluations, 24u * 16u + 1);
  ASSERT_FALSE(result.front.empty());
  std::size_t better = 0;
  for (const TunedPoint& point : result.front) {
    if (!point.dominates_current) continue;
    ++better;
    EXPECT_LE(point.scores.replica_hours, result.current.scores.replica_hours);
    EXPECT_LE(point.scores.unserved_pct, result.current.scores.unserved_pct);
    EXPECT_LE(point.scores.scaling_actions, result.current.scores.scaling_actions);
  }
  EXPECT_GE(better, 1u);

  const std::string yaml =
      "pools:\n  - name: web\n    capacity_per_replica: 50\n    max_replicas: 30\n    startup_seconds: 600\n"
      "    cost_per_replica_hour: 2\n    policy:\n      hybrid: {model: naive}\n";
  const TunedPoint& knee = result.front[result.knee];
  const std::string tuned = tuned_pools_yaml(yaml, "", "", result, knee);
  const std::vector<Pool> pools = parse_pools(tuned, "tuned");
  ASSERT_EQ(pools.size(), 1u);
  auto policy = make_policy("hybrid", pools.front(), pools.front().params_for("hybrid"));
  const SimulationScores replayed = simulate(demand, pools.front(), *policy).scores;
  EXPECT_EQ(replayed.replica_hours, knee.scores.replica_hours);
  EXPECT_EQ(replayed.unserved_pct, knee.scores.unserved_pct);
  EXPECT_EQ(replayed.scaling_actions, knee.scores.scaling_actions);
}

TEST(Tuning, PoolsWrittenToTheCurrentFolderKeepTheirDemandCsv) {
  // `tune --out tuned.yaml`: the output folder is empty, which std::filesystem::absolute refuses.
  TuningResult result;
  result.policy = "hybrid";
  result.pool = "web";
  result.parameters = {{"prediction_weight", false, 0, 1, 3, {}}};
  TunedPoint point;
  point.values = {0.5};
  const std::string yaml = "pools:\n  - name: web\n    demand: data/demand.csv\n    capacity_per_replica: 50\n"
                           "    cost_per_replica_hour: 2\n";
  const std::string tuned = tuned_pools_yaml(yaml, "", "", result, point);
  EXPECT_NE(tuned.find("demand: data/demand.csv"), std::string::npos) << tuned;
  EXPECT_NE(tuned.find("prediction_weight: 0.5"), std::string::npos) << tuned;
}

TEST(Tuning, SameSeedGivesTheSameFront) {
  const series::TimeSeries demand = daily_demand();
  const Pool pool = web_pool("naive");
  TuningOptions options;
  options.policy = "reactive";
  options.population = 12;
  options.generations = 6;
  const TuningResult first = tune_policy(demand, pool, options);
  const TuningResult second = tune_policy(demand, pool, options);
  ASSERT_EQ(first.front.size(), second.front.size());
  for (std::size_t i = 0; i < first.front.size(); ++i) EXPECT_EQ(first.front[i].values, second.front[i].values);
  EXPECT_EQ(first.knee, second.knee);
}

TEST(Tuning, HoldoutStartsWhereScoreFromStarts) {
  for (const std::size_t steps : {10u, 100u, 720u, 20160u}) {
    for (const double holdout : {0.1, 0.25, 0.3, 0.5}) {
      EXPECT_EQ(holdout_start_step(steps, holdout), step_at_fraction(steps, 1 - holdout)) << steps << " " << holdout;
    }
  }
  EXPECT_EQ(holdout_start_step(100, 0.3), 70u);
  EXPECT_THROW(holdout_start_step(100, 0), InputError);
  EXPECT_THROW(holdout_start_step(100, 1), InputError);
  EXPECT_THROW(holdout_start_step(100, -0.5), InputError);
  EXPECT_THROW(holdout_start_step(3, 0.9), InputError);  // one step left to tune on
}

TEST(Tuning, CostTargetPicksTheLeastUnservedWithinTheRatio) {
  const auto point = [](double replica_hours, double unserved) {
    TunedPoint tuned;
    tuned.scores.replica_hours = replica_hours;
    tuned.scores.unserved_pct = unserved;
    return tuned;
  };
  const std::vector<TunedPoint> front = {point(80, 9), point(95, 5), point(100, 4), point(100.5, 3), point(130, 1)};
  EXPECT_EQ(cheapest_within_cost(front, 100, 1.0), std::optional<std::size_t>(2));
  EXPECT_EQ(cheapest_within_cost(front, 100, 1.01), std::optional<std::size_t>(3));
  EXPECT_EQ(cheapest_within_cost(front, 100, 0.9), std::optional<std::size_t>(0));
  EXPECT_EQ(cheapest_within_cost(front, 100, 2), std::optional<std::size_t>(4));
  EXPECT_EQ(cheapest_within_cost(front, 100, 0.5), std::nullopt);
  // Equal unserved demand: the cheaper.
  EXPECT_EQ(cheapest_within_cost({point(90, 2), point(85, 2)}, 100, 1), std::optional<std::size_t>(1));
}

TuningOptions holdout_options(std::string policy) {
  TuningOptions options;
  options.policy = std::move(policy);
  options.population = 12;
  options.generations = 5;
  options.holdout = 0.3;
  // Forecasting policies cost more than reactive on this smooth demand; 1.5 leaves several points in.
  options.max_cost_ratio = 1.5;
  return options;
}

// 5 days of 10-minute demand with 99% held out leaves 80 minutes to tune on: refused, not a noisy recommendation.
TEST(Tuning, AHoldOutLeavingUnderADayToTuneOnIsRefused) {
  const series::TimeSeries demand = daily_demand();
  TuningOptions options = holdout_options("reactive");
  options.holdout = 0.99;
  try {
    tune_policy(demand, web_pool("naive"), options);
    ADD_FAILURE() << "tuned on under a day";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("under a day"), std::string::npos) << error.what();
  }
}

TEST(Tuning, ChoosesWithinTheCostTargetOnTheTrainingPart) {
  const series::TimeSeries demand = daily_demand();
  const Pool pool = web_pool("naive");
  const TuningResult result = tune_policy(demand, pool, holdout_options("predictive"));
  EXPECT_EQ(result.training_steps, 504u);  // 70% of 720
  ASSERT_TRUE(result.holdout_start.has_value());
  EXPECT_EQ(*result.holdout_start, demand.time_at(504));
  ASSERT_TRUE(result.chosen.has_value());
  const TunedPoint& chosen = result.front[*result.chosen];
  const double budget = 1.5 * result.reactive.scores.replica_hours;
  EXPECT_LE(chosen.scores.replica_hours, budget);
  for (const TunedPoint& point : result.front) {
    if (point.scores.replica_hours <= budget) {
      EXPECT_GE(point.scores.unserved_pct, chosen.scores.unserved_pct);
    }
  }
  // The training scores are those of a replay of the training part alone.
  series::TimeSeries training = demand;
  training.values.resize(504);
  const Pool tuned = pool_with_settings(pool, "predictive", result.parameters, chosen.values);
  auto policy = make_policy("predictive", tuned, tuned.params_for("predictive"));
  const SimulationScores direct = simulate(training, tuned, *policy).scores;
  EXPECT_EQ(chosen.scores.replica_hours, direct.replica_hours);
  EXPECT_EQ(chosen.scores.unserved_pct, direct.unserved_pct);
  // The held-out scores are those of the whole replay scored from the held-out start.
  auto whole = make_policy("predictive", tuned, tuned.params_for("predictive"));
  SimulationOptions tail;
  tail.score_from_step = 504;
  const SimulationScores held_out = simulate(demand, tuned, *whole, tail).scores;
  ASSERT_TRUE(chosen.holdout.has_value());
  EXPECT_EQ(chosen.holdout->replica_hours, held_out.replica_hours);
  EXPECT_EQ(chosen.holdout->unserved_pct, held_out.unserved_pct);
  ASSERT_TRUE(result.reactive.holdout.has_value());
  auto reactive = make_policy("reactive", pool, {});
  EXPECT_EQ(result.reactive.holdout->replica_hours, simulate(demand, pool, *reactive, tail).scores.replica_hours);
}

TEST(Tuning, TheChoiceNeverUsesTheHeldOutPart) {
  const series::TimeSeries demand = daily_demand();
  series::TimeSeries changed = demand;
  for (std::size_t step = 504; step < changed.size(); ++step) changed.values[step] *= step % 2 == 0 ? 3.0 : 0.2;
  for (const std::string policy : {"reactive", "predictive", "hybrid"}) {
    const TuningResult original = tune_policy(demand, web_pool("naive"), holdout_options(policy));
    const TuningResult other = tune_policy(changed, web_pool("naive"), holdout_options(policy));
    ASSERT_TRUE(original.chosen.has_value()) << policy;
    ASSERT_EQ(original.chosen, other.chosen) << policy;
    EXPECT_EQ(original.front[*original.chosen].values, other.front[*other.chosen].values) << policy;
    ASSERT_EQ(original.front.size(), other.front.size()) << policy;
    for (std::size_t i = 0; i < original.front.size(); ++i) {
      EXPECT_EQ(original.front[i].values, other.front[i].values) << policy;
      EXPECT_EQ(original.front[i].scores.replica_hours, other.front[i].scores.replica_hours) << policy;
    }
    // The held-out scores do see the change.
    EXPECT_NE(original.front[*original.chosen].holdout->unserved_pct, other.front[*other.chosen].holdout->unserved_pct)
        << policy;
  }
}

TEST(Tuning, RejectsATooShortSeries) {
  series::TimeSeries one{0, 600, {5.0}, true};
  EXPECT_THROW(tune_policy(one, web_pool("naive"), {}), InputError);
  TuningOptions no_cost;
  no_cost.max_cost_ratio = 0;
  EXPECT_THROW(tune_policy(daily_demand(), web_pool("naive"), no_cost), InputError);
}

}  // namespace
}  // namespace fleetcast::decisions
