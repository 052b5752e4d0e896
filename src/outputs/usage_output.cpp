#include "outputs/usage_output.h"

#include <fmt/core.h>

#include <cmath>
#include <cstdint>
#include <optional>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

using nlohmann::ordered_json;
using decisions::usage::ReplayScore;
using decisions::usage::ResourceSettings;

constexpr double kMiB = 1024.0 * 1024;
constexpr double kGiB = 1024 * kMiB;

ordered_json optional_json(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

// Whole bytes, rounded up: what a container spec takes.
ordered_json bytes_json(const std::optional<double>& bytes) {
  return bytes ? ordered_json(static_cast<std::uint64_t>(std::ceil(*bytes))) : ordered_json(nullptr);
}

ordered_json settings_json(const ResourceSettings& settings) {
  return {{"cpu_request_cores", optional_json(settings.cpu_request_cores)},
          {"cpu_limit_cores", optional_json(settings.cpu_limit_cores)},
          {"memory_request_bytes", bytes_json(settings.memory_request_bytes)},
          {"memory_limit_bytes", bytes_json(settings.memory_limit_bytes)}};
}

ordered_json replay_json(const ReplayScore& score) {
  return {{"policy", score.policy},
          {"cpu_slack_core_hours", score.cpu_request_known ? ordered_json(score.cpu_slack_core_hours) : nullptr},
          {"throttled_intervals", score.cpu_limit_known ? ordered_json(score.throttled_intervals) : nullptr},
          {"memory_slack_gib_hours", score.memory_request_known ? ordered_json(score.memory_slack_gib_hours) : nullptr},
          {"would_be_oom_kills", score.memory_limit_known ? ordered_json(score.oom_kills) : nullptr}};
}

std::string cores_text(const std::optional<double>& cores) {
  return cores ? fmt::format("{:.3f}", *cores) : "not set";
}

std::string bytes_text(double bytes) {
  if (bytes >= kGiB) return fmt::format("{:.2f} GiB", bytes / kGiB);
  return fmt::format("{:.1f} MiB", bytes / kMiB);
}

std::string bytes_text(const std::optional<double>& bytes) { return bytes ? bytes_text(*bytes) : "not set"; }

std::string known_or(bool known, const std::string& text, const char* otherwise) { return known ? text : otherwise; }

std::string time_text(TimestampUs time) { return format_iso8601(time); }

}  // namespace

ordered_json rightsize_json(std::span<const decisions::usage::TargetRightsizing> targets,
                            const decisions::usage::RightsizeOptions& options) {
  ordered_json out;
  out["settings"] = {{"cpu_half_life_hours", options.cpu_half_life_seconds / 3600},
                     {"memory_half_life_hours", options.memory_half_life_seconds / 3600},
                     {"cpu_request_percentile", options.cpu_request_percentile},
                     {"cpu_limit_percentile", options.cpu_limit_percentile},
                     {"memory_request_percentile", options.memory_request_percentile},
                     {"margin", options.margin},
                     {"replay_step_seconds", options.replay_step_seconds},
                     {"vpa",
                      {{"half_life_hours", options.vpa_half_life_seconds / 3600},
                       {"percentile", options.vpa_percentile},
                       {"margin", options.vpa_margin}}}};
  out["targets"] = ordered_json::array();
  for (const auto& target : targets) {
    ordered_json replay = ordered_json::array();
    for (const auto& score : target.replay) replay.push_back(replay_json(score));
    out["targets"].push_back({{"target", target.target},
                              {"name", target.name},
                              {"samples", target.samples},
                              {"first_sample", target.samples > 1 ? ordered_json(time_text(target.first_time)) : nullptr},
                              {"last_sample", target.samples > 1 ? ordered_json(time_text(target.last_time)) : nullptr},
                              {"replayed_hours", target.replayed_hours},
                              {"observed_oom_kills", target.observed_oom_kills},
                              {"observed_throttled_periods", target.observed_throttled_periods},
                              {"recommended", settings_json(target.recommended)},
                              {"vpa", settings_json(target.vpa)},
                              {"current", settings_json(target.current)},
                              {"replay", replay}});
  }
  return out;
}

std::string rightsize_markdown(std::span<const decisions::usage::TargetRightsizing> targets,
                               const decisions::usage::RightsizeOptions& options) {
  std::string out = "## Right-sizing\n\n";
  out += fmt::format(
      "Autopilot-style: CPU request at p{:g} and limit at p{:g} of per-interval cores (half-life {:g} h); memory "
      "request at p{:g} of 5-minute peaks and limit at the largest recent peak (half-life {:g} h), raised after an "
      "OOM kill; each plus {:g}%. VPA's defaults beside it: p{:g} of usage and of daily memory peaks, half-life "
      "{:g} h, plus {:g}%, limits at the current limit/request ratio.\n\n",
      options.cpu_request_percentile * 100, options.cpu_limit_percentile * 100, options.cpu_half_life_seconds / 3600,
      options.memory_request_percentile * 100, options.memory_half_life_seconds / 3600, options.margin * 100,
      options.vpa_percentile * 100, options.vpa_half_life_seconds / 3600, options.vpa_margin * 100);
  MarkdownTable settings{{"target", "settings", "cpu request", "cpu limit", "memory request", "memory limit"},
                         {Align::left, Align::left, Align::right, Align::right, Align::right, Align::right},
                         {}};
  for (const auto& target : targets) {
    const std::string label = target.name.empty() || target.name == target.target
                                  ? target.target
                                  : fmt::format("{} ({})", target.target, target.name);
    const std::pair<const char*, const ResourceSettings*> rows[] = {
        {"recommended", &target.recommended}, {"vpa", &target.vpa}, {"current", &target.current}};
    for (const auto& [policy, values] : rows) {
      settings.rows.push_back({label, policy, cores_text(values->cpu_request_cores),
                               cores_text(values->cpu_limit_cores), bytes_text(values->memory_request_bytes),
                               bytes_text(values->memory_limit_bytes)});
    }
  }
  out += settings.render();

  out += fmt::format(
      "\n### Replay\n\nEach hour scored against the settings recommended from the data before it; slack is "
      "requested minus used (negative: used above the request). A throttled interval is one whose CPU use "
      "exceeded the limit; a would-be OOM kill, a run of intervals whose memory exceeded the limit.\n\n");
  MarkdownTable replay{{"target", "policy", "hours", "cpu slack (core-h)", "throttled intervals",
                        "memory slack (GiB-h)", "would-be OOM kills"},
                       {Align::left, Align::left, Align::right, Align::right, Align::right, Align::right, Align::right},
                       {}};
  for (const auto& target : targets) {
    for (const auto& score : target.replay) {
      replay.rows.push_back({target.target, score.policy, fmt::format("{:.1f}", target.replayed_hours),
                             known_or(score.cpu_request_known, fmt::format("{:.3f}", score.cpu_slack_core_hours), "not set"),
                             known_or(score.cpu_limit_known, std::to_string(score.throttled_intervals), "no limit"),
                             known_or(score.memory_request_known, fmt::format("{:.3f}", score.memory_slack_gib_hours), "not set"),
                             known_or(score.memory_limit_known, std::to_string(score.oom_kills), "no limit")});
    }
  }
  out += replay.render();
  for (const auto& target : targets) {
    if (target.observed_oom_kills > 0 || target.observed_throttled_periods > 0) {
      out += fmt::format("\n{}: the kernel reported {} OOM kill{} and {} throttled CPU period{}.\n", target.target,
                         target.observed_oom_kills, target.observed_oom_kills == 1 ? "" : "s",
                         target.observed_throttled_periods, target.observed_throttled_periods == 1 ? "" : "s");
    }
    if (target.replay.empty()) out += fmt::format("\n{}: one sample only, nothing to recommend from.\n", target.target);
  }
  return out;
}

namespace {

std::string resource_unit(const std::string& resource) {
  if (resource == "cpu") return "cores";
  if (resource == "memory") return "bytes";
  return "bytes/s";
}

std::string amount_text(const std::string& resource, double value) {
  if (resource == "cpu") return fmt::format("{:.3f} cores", value);
  if (resource == "memory") return bytes_text(value);
  return bytes_text(value) + "/s";
}

}  // namespace

ordered_json bottlenecks_json(const decisions::usage::BottleneckAnalysis& analysis) {
  ordered_json out;
  out["aligned_hours"] = analysis.aligned_hours;
  out["first_hour"] = time_text(analysis.first_hour);
  out["last_hour"] = time_text(analysis.last_hour);
  out["last_demand"] = analysis.last_demand;
  out["forecast_model"] = analysis.forecast_model.empty() ? ordered_json(nullptr) : ordered_json(analysis.forecast_model);
  out["horizon_hours"] = analysis.horizon_hours;
  out["peak_forecast_demand"] = analysis.forecast_model.empty() ? ordered_json(nullptr) : ordered_json(analysis.peak_forecast_demand);
  out["first_to_saturate"] = analysis.first_to_saturate
                                 ? ordered_json(analysis.resources[*analysis.first_to_saturate].resource)
                                 : ordered_json(nullptr);
  out["resources"] = ordered_json::array();
  for (const auto& resource : analysis.resources) {
    const auto& fit = resource.fit;
    out["resources"].push_back(
        {{"resource", resource.resource},
         {"unit", resource_unit(resource.resource)},
         {"slope", fit ? ordered_json(fit->slope) : nullptr},
         {"intercept", fit ? ordered_json(fit->intercept) : nullptr},
         {"r_squared", fit ? ordered_json(fit->r_squared) : nullptr},
         {"points", fit ? fit->points : 0},
         {"last_usage", fit ? ordered_json(resource.last_usage) : nullptr},
         {"limit", optional_json(resource.limit)},
         {"limit_source", resource.limit_source},
         {"saturation_demand", optional_json(resource.saturation_demand)},
         {"saturation_time",
          resource.saturation_hour ? ordered_json(time_text(*resource.saturation_hour)) : ordered_json(nullptr)}});
  }
  return out;
}

std::string bottlenecks_markdown(const decisions::usage::BottleneckAnalysis& analysis) {
  std::string out = "## Bottlenecks\n\n";
  out += fmt::format(
      "{} hours where usage and demand overlap, {} to {}; demand in the last hour: {:.1f} requests. Each resource's "
      "fleet usage per hour against requests per hour (Theil-Sen line), and the demand at which the line reaches "
      "the limit.\n\n",
      analysis.aligned_hours, time_text(analysis.first_hour), time_text(analysis.last_hour), analysis.last_demand);
  MarkdownTable table{{"resource", "per 1000 requests/h", "base", "R²", "last hour", "limit", "saturates at (requests/h)",
                       "expected"},
                      {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right, Align::right,
                       Align::left},
                      {}};
  for (const auto& resource : analysis.resources) {
    const auto& fit = resource.fit;
    std::string expected = "-";
    if (resource.saturation_demand) {
      if (resource.saturation_hour) {
        expected = time_text(*resource.saturation_hour);
      } else if (!analysis.forecast_model.empty()) {
        expected = fmt::format("not within {} h", analysis.horizon_hours);
      }
    }
    std::string saturates = "-";
    if (resource.saturation_demand) {
      saturates = fmt::format("{:.1f}", *resource.saturation_demand);
    } else if (!resource.limit && fit) {
      saturates = "limit unknown";
    } else if (fit && fit->slope <= 0) {
      saturates = "does not grow";
    }
    table.rows.push_back(
        {resource.resource, fit ? amount_text(resource.resource, fit->slope * 1000) : "no data",
         fit ? amount_text(resource.resource, fit->intercept) : "-", fit ? fmt::format("{:.3f}", fit->r_squared) : "-",
         fit ? amount_text(resource.resource, resource.last_usage) : "-",
         resource.limit ? fmt::format("{} ({})", amount_text(resource.resource, *resource.limit), resource.limit_source)
                        : "unknown",
         saturates, expected});
  }
  out += table.render();
  if (analysis.first_to_saturate) {
    const auto& first = analysis.resources[*analysis.first_to_saturate];
    out += fmt::format("\nFirst to saturate: **{}** at {:.1f} requests/h", first.resource, *first.saturation_demand);
    if (first.saturation_hour) {
      out += fmt::format(", expected {} by the {} forecast.\n", time_text(*first.saturation_hour), analysis.forecast_model);
    } else {
      out += fmt::format(", not within {} h by the {} forecast (peak {:.1f} requests/h).\n", analysis.horizon_hours,
                         analysis.forecast_model, analysis.peak_forecast_demand);
    }
  } else {
    out += "\nNo resource has both a known limit and usage that grows with demand: nothing projected to saturate.\n";
  }
  return out;
}

}  // namespace fleetcast::outputs
