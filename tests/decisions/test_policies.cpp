#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include "common/errors.h"
#include "decisions/scaling/hybrid_policy.h"
#include "decisions/scaling/policy.h"
#include "decisions/scaling/predictive_policy.h"
#include "decisions/scaling/reactive_policy.h"
#include "decisions/scaling/scheduled_policy.h"
#include "decisions/scaling/simulator.h"

namespace fleetcast::decisions {
namespace {

SimulationOptions with_timeline() {
  SimulationOptions options;
  options.record_timeline = true;
  return options;
}

constexpr TimestampUs kHour = 3600 * kMicrosPerSecond;
constexpr TimestampUs kDay0 = 1'700'006'400 * kMicrosPerSecond;  // a UTC midnight

// A hand-made forecaster that knows the demand rate of every hour: the right answer for the forecast,
// so each policy's own logic is what the test sees.
class KnownForecaster final : public DemandForecaster {
 public:
  explicit KnownForecaster(std::function<double(TimestampUs hour)> rate_at) : rate_at_(std::move(rate_at)) {}
  DemandOutlook outlook(const DemandView& history, std::size_t hours, double) override {
    ++calls;
    DemandOutlook outlook;
    outlook.start = history.now() / kHour * kHour;
    for (std::size_t i = 0; i < hours; ++i) {
      outlook.mean.push_back(rate_at_(outlook.start + static_cast<TimestampUs>(i) * kHour));
      outlook.upper.push_back(outlook.mean.back());
    }
    return outlook;
  }
  int calls = 0;

 private:
  std::function<double(TimestampUs)> rate_at_;
};

Pool test_pool(double startup_seconds) {
  Pool pool;
  pool.name = "test";
  pool.capacity_per_replica = 40;
  pool.target_utilization = 0.5;  // 20 per hour per replica at the target
  pool.min_replicas = 1;
  pool.max_replicas = 50;
  pool.startup_seconds = startup_seconds;
  pool.cost_per_replica_hour = 1;
  pool.scale_down_stabilization_seconds = 600;
  pool.max_scale_up_step = 4;
  pool.max_scale_down_step = 1;
  pool.cooldown_seconds = 300;
  return pool;
}

// A series of rates per hour turned into counts per step.
series::TimeSeries from_rates(const std::vector<double>& rates, std::int64_t step_seconds) {
  series::TimeSeries series{kDay0, step_seconds, {}, true};
  for (const double rate : rates) series.values.push_back(rate * static_cast<double>(step_seconds) / 3600.0);
  return series;
}

std::vector<int> ready_of(const SimulationResult& result) {
  std::vector<int> ready;
  for (const auto& step : result.timeline) ready.push_back(step.ready);
  return ready;
}

TEST(Reactive, StepUpActsOnTheNextDecision) {
  const Pool pool = test_pool(0);
  std::vector<double> rates(5, 20.0);
  rates.resize(10, 100.0);
  ReactivePolicy policy(pool, {});
  const auto result = simulate(from_rates(rates, 60), pool, policy, with_timeline());
  // Step 5's surge is seen at step 6: ceil(100 / 20) = 5 replicas, ready at once (no start-up).
  EXPECT_EQ(ready_of(result), (std::vector<int>{1, 1, 1, 1, 1, 1, 5, 5, 5, 5}));
  EXPECT_DOUBLE_EQ(result.scores.underprovisioned_steps_pct, 10);
}

TEST(Reactive, ToleranceKeepsTheCountWithinTenPercent) {
  const Pool pool = test_pool(0);
  ReactivePolicy policy(pool, {});
  // 21 per hour on one replica is 1.05 x the target: within the tolerance, so no second replica.
  const auto within = simulate(from_rates({20, 21, 21, 21}, 60), pool, policy, with_timeline());
  EXPECT_EQ(ready_of(within), (std::vector<int>{1, 1, 1, 1}));
  ReactivePolicy strict(pool, {{"tolerance", "0.01"}});
  const auto outside = simulate(from_rates({20, 21, 21, 21}, 60), pool, strict, with_timeline());
  EXPECT_EQ(ready_of(outside), (std::vector<int>{1, 1, 2, 2}));
}

TEST(Reactive, ScaleDownWaitsOutTheStabilizationWindow) {
  const Pool pool = test_pool(0);
  std::vector<double> rates(5, 20.0);
  rates.resize(10, 100.0);
  rates.resize(26, 20.0);
  ReactivePolicy policy(pool, {});
  const auto ready = ready_of(simulate(from_rates(rates, 60), pool, policy, with_timeline()));
  // The last recommendation of 5 is made at step 10; it leaves the 600 s window at step 20, then the
  // count falls one replica per step.
  for (std::size_t step = 6; step < 20; ++step) EXPECT_EQ(ready[step], 5) << step;
  EXPECT_EQ(std::vector<int>(ready.begin() + 20, ready.end()), (std::vector<int>{4, 3, 2, 1, 1, 1}));
}

TEST(Reactive, SpikeShorterThanStartupIsMissedAndPaidFor) {
  const Pool pool = test_pool(300);  // five one-minute steps
  std::vector<double> rates(5, 20.0);
  rates.resize(8, 100.0);            // a three-minute spike
  rates.resize(20, 20.0);
  ReactivePolicy policy(pool, {});
  const auto result = simulate(from_rates(rates, 60), pool, policy, with_timeline());
  const auto ready = ready_of(result);
  // Launched at step 6, the extra replicas are ready at step 11, after the spike: every request above
  // one replica's capacity (40 per hour) during the spike is lost, 3 x 60 of 3 x 100 + 17 x 20.
  EXPECT_EQ(ready[7], 1);
  EXPECT_EQ(ready[11], 5);
  EXPECT_NEAR(result.scores.unserved_pct, 100.0 * (3 * 60.0) / (3 * 100.0 + 17 * 20.0), 1e-9);
}

TEST(Predictive, RampIsMetExactlyWhenTheForecastIsRight) {
  Pool pool = test_pool(3600);  // one hourly step
  PolicyParams params = {{"headroom", "0"}};
  // 20 per hour at hours 0 and 1, then 20 x hour: one more replica needed every hour.
  auto rate_at = [](TimestampUs hour) { return 20.0 * std::max<double>(1, static_cast<double>((hour - kDay0) / kHour)); };
  std::vector<double> rates;
  for (int hour = 0; hour < 12; ++hour) rates.push_back(rate_at(kDay0 + hour * kHour));
  PredictivePolicy predictive(pool, params, std::make_unique<KnownForecaster>(rate_at));
  const auto result = simulate(from_rates(rates, 3600), pool, predictive, with_timeline());
  // Decided at hour s for hour s + 1, ready then: ready == needed at every hour.
  for (std::size_t hour = 0; hour < rates.size(); ++hour) {
    EXPECT_EQ(result.timeline[hour].ready, std::max(1, static_cast<int>(hour))) << hour;
  }
  EXPECT_DOUBLE_EQ(result.scores.unserved_pct, 0);
  EXPECT_DOUBLE_EQ(result.scores.allocation_accuracy, 1);
  EXPECT_DOUBLE_EQ(result.timeline[3].forecast, 80);  // planned at hour 3 for hour 4: 20 x 4

  ReactivePolicy reactive(pool, {});
  const auto lagging = simulate(from_rates(rates, 3600), pool, reactive);
  EXPECT_GT(lagging.scores.unserved_pct, 0);
  EXPECT_LT(lagging.scores.allocation_accuracy, 0.9);
}

TEST(Predictive, LaunchesAStepSurgeStartupAhead) {
  const Pool pool = test_pool(600);  // ten one-minute steps
  auto rate_at = [](TimestampUs hour) { return hour >= kDay0 + 2 * kHour ? 100.0 : 20.0; };
  std::vector<double> rates(120, 20.0);
  rates.resize(180, 100.0);
  PredictivePolicy policy(pool, {{"headroom", "0"}}, std::make_unique<KnownForecaster>(rate_at));
  const auto ready = ready_of(simulate(from_rates(rates, 60), pool, policy, with_timeline()));
  // At 01:50 the span to ready (02:00) reaches the surge hour: 5 replicas are launched, ready at 02:00.
  EXPECT_EQ(ready[119], 1);
  EXPECT_EQ(ready[120], 5);
}

TEST(Predictive, HeadroomAndQuantileValidation) {
  const Pool pool = test_pool(0);
  auto flat = [](TimestampUs) { return 100.0; };
  PredictivePolicy policy(pool, {{"headroom", "0.2"}}, std::make_unique<KnownForecaster>(flat));
  const auto result = simulate(from_rates({100, 100, 100}, 60), pool, policy, with_timeline());
  EXPECT_EQ(result.timeline[2].ready, 6);  // ceil(120 / 20)
  EXPECT_THROW(PredictivePolicy(pool, {{"q", "0.4"}}, std::make_unique<KnownForecaster>(flat)), InputError);
  EXPECT_THROW(PredictivePolicy(pool, {{"headroom", "-1"}}, std::make_unique<KnownForecaster>(flat)), InputError);
}

TEST(Hybrid, BlendsForecastAndObservationForAStep) {
  const Pool pool = test_pool(3600);
  auto rate_at = [](TimestampUs hour) { return hour >= kDay0 + 10 * kHour ? 100.0 : 20.0; };
  std::vector<double> rates(10, 20.0);
  rates.resize(14, 100.0);
  HybridPolicy policy(pool, {{"prediction_weight", "0.7"}, {"scale_down_threshold", "0.3"}},
                      std::make_unique<KnownForecaster>(rate_at));
  const auto result = simulate(from_rates(rates, 3600), pool, policy, with_timeline());
  // At hour 9: 0.7 x 100 + 0.3 x 20 = 76 would load one replica to 1.9 > 0.8, so ceil(76 / 20) = 4
  // replicas, ready at hour 10; at 100 per hour they run at 0.625, between the thresholds: kept.
  EXPECT_EQ(ready_of(result), (std::vector<int>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 4, 4, 4}));
  EXPECT_DOUBLE_EQ(result.scores.unserved_pct, 0);
  EXPECT_DOUBLE_EQ(result.timeline[9].forecast, 76);
}

TEST(Hybrid, DefaultsBlendHalfAndHalf) {
  const Pool pool = test_pool(3600);
  auto rate_at = [](TimestampUs hour) { return hour >= kDay0 + 10 * kHour ? 100.0 : 20.0; };
  std::vector<double> rates(10, 20.0);
  rates.resize(14, 100.0);
  HybridPolicy policy(pool, {}, std::make_unique<KnownForecaster>(rate_at));
  const auto result = simulate(from_rates(rates, 3600), pool, policy, with_timeline());
  EXPECT_DOUBLE_EQ(result.timeline[9].forecast, 60);  // 0.5 x 100 + 0.5 x 20
}

TEST(Hybrid, ScaleDownWaitsForTheCooldown) {
  Pool pool = test_pool(0);
  pool.cooldown_seconds = 300;
  pool.max_scale_down_step = 10;
  auto rate_at = [](TimestampUs) { return 0.0; };
  std::vector<double> rates(2, 200.0);
  rates.resize(12, 10.0);
  HybridPolicy policy(pool, {{"prediction_weight", "0"}}, std::make_unique<KnownForecaster>(rate_at));
  const auto ready = ready_of(simulate(from_rates(rates, 60), pool, policy, with_timeline()));
  // Initial 10 replicas; load falls below 0.3 when step 2's 10 per hour is seen at step 3 — no action
  // had been taken, so the scale-down to 1 is immediate; nothing further changes.
  EXPECT_EQ(ready[2], 10);
  EXPECT_EQ(ready[3], 1);
  EXPECT_THROW(HybridPolicy(pool, {{"scale_down_threshold", "0.9"}}, std::make_unique<KnownForecaster>(rate_at)), InputError);
}

TEST(Hybrid, CooldownBlocksAScaleDownRightAfterAScaleUp) {
  Pool pool = test_pool(0);
  pool.cooldown_seconds = 300;
  pool.max_scale_down_step = 10;
  auto rate_at = [](TimestampUs) { return 0.0; };
  std::vector<double> rates(3, 20.0);
  rates.push_back(200.0);
  rates.resize(14, 5.0);
  HybridPolicy policy(pool, {{"prediction_weight", "0"}}, std::make_unique<KnownForecaster>(rate_at));
  const auto ready = ready_of(simulate(from_rates(rates, 60), pool, policy, with_timeline()));
  // Scale-up at step 4 (seeing 200): 5 replicas (the step limit allows +4). Demand drops at once, but
  // the scale-down waits until 300 s after step 4: step 9.
  EXPECT_EQ(ready[4], 5);
  EXPECT_EQ(ready[8], 5);
  EXPECT_EQ(ready[9], 1);
}

// The day of the scheduled tests: the plan holds 100 per hour at 10:00-12:00; a surge at 15:00 is not in it.
std::vector<double> scheduled_day_rates() {
  std::vector<double> rates(6 * 24, 20.0);
  for (std::size_t step = 60; step < 72; ++step) rates[step] = 100;   // 10:00-12:00, as planned
  for (std::size_t step = 90; step < 96; ++step) rates[step] = 100;   // 15:00-16:00, not in the plan
  return rates;
}

std::unique_ptr<KnownForecaster> scheduled_day_plan() {
  return std::make_unique<KnownForecaster>([](TimestampUs hour) {
    const auto hour_of_day = (hour - kDay0) / kHour % 24;
    return hour_of_day >= 10 && hour_of_day < 12 ? 100.0 : 20.0;
  });
}

TEST(Scheduled, LaunchesThePlanBufferAheadAndItsBackstopAddsOnTop) {
  Pool pool = test_pool(1200);  // two ten-minute steps
  auto forecaster = scheduled_day_plan();
  KnownForecaster* calls = forecaster.get();
  ScheduledPolicy policy(pool, {}, std::move(forecaster));
  const auto ready = ready_of(simulate(from_rates(scheduled_day_rates(), 600), pool, policy, with_timeline()));
  // The plan for 10:00 is launched at 09:40 (buffer = start-up) and ready on the hour, at the pool's
  // target: 100 / (40 x 0.5) = 5.
  EXPECT_EQ(ready[59], 1);
  EXPECT_EQ(ready[60], 5);
  // The unplanned surge at 15:00 is seen at 15:10 by the backstop and served from 15:30, at the
  // backstop's 0.8 utilization: ceil(100 / (40 x 0.8)) = 4.
  EXPECT_EQ(ready[92], 1);
  EXPECT_EQ(ready[93], 4);
  EXPECT_EQ(calls->calls, 1);  // one plan for the day
}

TEST(Scheduled, BackstopAtThePoolsTargetAddsWhatTheHpaWould) {
  Pool pool = test_pool(1200);
  ScheduledPolicy policy(pool, {{"backstop_utilization", "0.5"}}, scheduled_day_plan());
  const auto ready = ready_of(simulate(from_rates(scheduled_day_rates(), 600), pool, policy, with_timeline()));
  EXPECT_EQ(ready[60], 5);
  EXPECT_EQ(ready[93], 5);
}

TEST(Scheduled, BackstopDefaultsToThePoolsTargetWhereThatIsHigherAndIsValidated) {
  Pool pool = test_pool(1200);
  pool.target_utilization = 0.9;
  ScheduledPolicy policy(pool, {}, scheduled_day_plan());
  const auto ready = ready_of(simulate(from_rates(scheduled_day_rates(), 600), pool, policy, with_timeline()));
  EXPECT_EQ(ready[93], 3);  // ceil(100 / (40 x 0.9))
  for (const char* bad : {"0", "1.5", "-0.2"}) {
    EXPECT_THROW(ScheduledPolicy(pool, {{"backstop_utilization", bad}}, scheduled_day_plan()), InputError) << bad;
  }
}

TEST(PolicyParameters, EveryPolicyListsWhatItReadsAndAnUnknownKeyNamesTheValidOnes) {
  for (const auto& name : policy_names()) EXPECT_FALSE(policy_parameter_names(name).empty()) << name;
  EXPECT_EQ(unknown_parameter_message("hybrid", "prediction_weight"), "");
  EXPECT_EQ(unknown_parameter_message("reactive", "q"), "no parameter 'q' (valid: tolerance)");
  EXPECT_EQ(unknown_parameter_message("dqn", "bogus"),
            "no parameter 'bogus' (valid: seed, training_steps, unserved_penalty, action_penalty, tolerance, train_after)");
  try {
    policy_parameter_names("autoscale");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "unknown policy 'autoscale' (valid: reactive, predictive, hybrid, scheduled, dqn)");
  }
}

}  // namespace
}  // namespace fleetcast::decisions
