#include "outputs/plan_output.h"

#include <fmt/core.h>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

constexpr const char* kAllocationMethod =
    "greedy marginal allocation (optimal: expected unserved demand is convex in replicas)";

std::string clock_text(TimestampUs time) { return format_iso8601(time); }

}  // namespace

nlohmann::ordered_json plan_json(const decisions::PoolPlan& plan) {
  nlohmann::ordered_json json;
  json["pool"] = plan.pool;
  json["step_seconds"] = plan.step_seconds;
  json["level"] = plan.level;
  json["current_replicas"] = plan.current_replicas;
  json["current_replicas_assumed"] = plan.current_replicas_assumed;
  json["max_replicas"] = plan.max_replicas;
  json["capped_by_max_replicas"] = plan.capped();
  json["max_replicas_needed"] = plan.capped() ? nlohmann::ordered_json(plan.uncapped_peak_replicas) : nullptr;
  json["target_risk"] = plan.target_risk;
  json["max_replicas_for_target_risk"] =
      plan.over_target_risk() ? nlohmann::ordered_json(plan.replicas_for_target_risk) : nullptr;
  json["cost"] = plan.cost;
  json["replica_hours"] = plan.replica_hours;
  json["max_risk"] = plan.max_risk;
  json["starts"] = nlohmann::ordered_json::array();
  for (const auto& start : plan.starts) {
    json["starts"].push_back({{"start_at", clock_text(start.start_at)},
                              {"ready_at", clock_text(start.ready_at)},
                              {"replicas", start.replicas},
                              {"late", start.late}});
  }
  json["steps"] = nlohmann::ordered_json::array();
  for (const auto& step : plan.steps) {
    json["steps"].push_back({{"timestamp", clock_text(step.timestamp)},
                             {"mean", step.mean},
                             {"lower", step.lower},
                             {"upper", step.upper},
                             {"desired", step.desired},
                             {"risk", step.risk}});
  }
  return json;
}

nlohmann::ordered_json plans_json(const std::vector<decisions::PlannedPool>& planned) {
  nlohmann::ordered_json json;
  json["pools"] = nlohmann::ordered_json::array();
  for (const auto& entry : planned) json["pools"].push_back(plan_json(entry.plan));
  return json;
}

std::string plan_markdown(const decisions::PoolPlan& plan, const std::string& demand_unit) {
  std::string text = fmt::format(
      "## Plan: pool {}\n\nFrom {} replicas; {} steps; cost {:.2f} ({:.1f} replica-hours, starting replicas "
      "billed); provisioned for the upper {:g}% bound; highest risk of demand above capacity {:.1f}%.\n\n",
      plan.pool, plan.current_replicas, plan.steps.size(), plan.cost, plan.replica_hours, plan.level * 100,
      plan.max_risk * 100);
  if (plan.current_replicas_assumed) {
    text += fmt::format(
        "The {} running replica{} are assumed from the last hour's demand; give --current-replicas {}=N (or "
        "current_replicas in the pool) for the real count.\n\n",
        plan.current_replicas, plan.current_replicas == 1 ? "" : "s", plan.pool);
  }
  if (plan.capped()) {
    text += fmt::format("Capped by max_replicas {}: the forecast's upper bound needs {} replicas at the peak at the "
                        "target utilization (max_replicas {} would allow them). ",
                        plan.max_replicas, plan.uncapped_peak_replicas, plan.uncapped_peak_replicas);
    text += plan.over_target_risk()
                ? fmt::format("The risk reaches {:.1f}%, over the {:.1f}% target; max_replicas {} would bring it under.\n\n",
                              plan.max_risk * 100, plan.target_risk * 100, plan.replicas_for_target_risk)
                : fmt::format("The risk stays within the {:.1f}% target, with replicas running above the target "
                              "utilization.\n\n",
                              plan.target_risk * 100);
  }
  if (plan.starts.empty() && plan.capped() && plan.current_replicas >= plan.max_replicas) {
    text += fmt::format("No replicas to start: the pool already runs its max_replicas ({}).\n\n", plan.max_replicas);
  } else if (plan.starts.empty()) {
    text += "No replicas to start over the horizon.\n\n";
  } else {
    MarkdownTable starts;
    starts.headers = {"start at", "ready at", "replicas", ""};
    starts.align = {Align::left, Align::left, Align::right, Align::left};
    for (const auto& start : plan.starts) {
      starts.rows.push_back({clock_text(start.start_at), clock_text(start.ready_at), std::to_string(start.replicas),
                             start.late ? "late: start now" : ""});
    }
    text += starts.render() + "\n";
  }
  MarkdownTable steps;
  steps.headers = {"timestamp", "mean " + demand_unit, "interval", "desired", "risk"};
  steps.align = {Align::left, Align::right, Align::right, Align::right, Align::right};
  for (const auto& step : plan.steps) {
    steps.rows.push_back({clock_text(step.timestamp), fmt::format("{:.1f}", step.mean),
                          fmt::format("{:.1f} - {:.1f}", step.lower, step.upper), std::to_string(step.desired),
                          fmt::format("{:.1f}%", step.risk * 100)});
  }
  return text + steps.render();
}

nlohmann::ordered_json allocation_json(const decisions::AllocationResult& result) {
  nlohmann::ordered_json json;
  json["budget"] = result.budget;
  json["used"] = result.used;
  json["horizon_hours"] = result.horizon_hours;
  json["expected_unserved"] = result.expected_unserved;
  json["cost"] = result.cost;
  json["method"] = kAllocationMethod;
  json["pools"] = nlohmann::ordered_json::array();
  for (const auto& pool : result.pools) {
    json["pools"].push_back({{"pool", pool.pool},
                             {"replicas", pool.replicas},
                             {"expected_demand", pool.expected_demand},
                             {"expected_unserved", pool.expected_unserved},
                             {"unserved_pct", pool.unserved_pct},
                             {"cost", pool.cost}});
  }
  return json;
}

std::string allocation_markdown(const decisions::AllocationResult& result) {
  MarkdownTable table;
  table.headers = {"pool", "replicas", "expected demand", "expected unserved", "unserved", "cost"};
  table.align = {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right};
  for (const auto& pool : result.pools) {
    table.rows.push_back({pool.pool, std::to_string(pool.replicas), fmt::format("{:.1f}", pool.expected_demand),
                          fmt::format("{:.1f}", pool.expected_unserved), fmt::format("{:.2f}%", pool.unserved_pct),
                          fmt::format("{:.2f}", pool.cost)});
  }
  return fmt::format(
      "## Allocation of {} replicas over {:.1f} h\n\n{} used; expected unserved demand {:.1f}; cost {:.2f}. "
      "Method: {}.\n\n{}",
      result.budget, result.horizon_hours, result.used, result.expected_unserved, result.cost, kAllocationMethod,
      table.render());
}

}  // namespace fleetcast::outputs
