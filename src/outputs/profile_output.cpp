#include "outputs/profile_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "outputs/markdown.h"

namespace fleetcast::outputs {
namespace {

using nlohmann::ordered_json;

double percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

ordered_json optional_number(const std::optional<double>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

std::uint64_t peak_bytes(const ProfileRecording& recording) {
  std::uint64_t peak = 0;
  for (const auto& point : recording.memory) peak = std::max(peak, point.resident_bytes);
  return peak;
}

std::string rate_text(const std::optional<double>& bytes_per_second) {
  return bytes_per_second ? byte_size(*bytes_per_second) + "/s" : "unreadable";
}

std::string function_table(const std::vector<FunctionTime>& functions, std::uint64_t total, std::size_t top) {
  MarkdownTable table{{"Function", "Self", "Self %", "Total", "Total %"},
                      {Align::left, Align::right, Align::right, Align::right, Align::right},
                      {}};
  for (std::size_t i = 0; i < std::min(top, functions.size()); ++i) {
    const FunctionTime& function = functions[i];
    table.rows.push_back({"`" + function.name + "`", std::to_string(function.self_samples),
                          fmt::format("{:.1f}", percent(function.self_samples, total)),
                          std::to_string(function.total_samples),
                          fmt::format("{:.1f}", percent(function.total_samples, total))});
  }
  return table.render();
}

}  // namespace

std::string byte_size(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  double value = bytes;
  while (std::fabs(value) >= 1024 && unit + 1 < std::size(units)) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{:.0f} B", value) : fmt::format("{:.1f} {}", value, units[unit]);
}

ordered_json profile_json(const ProfileRecording& recording, const ProfileAnalysis& analysis, std::size_t top) {
  const std::uint64_t total = total_samples(recording.stacks);
  ordered_json out;
  out["pid"] = recording.pid;
  out["process"] = recording.process_name;
  out["sampler"] = recording.sampler;
  out["fallback_reason"] = recording.fallback_reason.empty() ? ordered_json(nullptr) : ordered_json(recording.fallback_reason);
  out["duration_seconds"] = recording.duration_seconds;
  out["frequency_hz"] = recording.frequency_hz;
  out["samples"] = recording.samples;
  out["lost_samples"] = recording.lost_samples;
  out["command_exit_code"] = recording.command_exit_code ? ordered_json(*recording.command_exit_code) : ordered_json(nullptr);
  out["command_cpu_seconds"] = optional_number(recording.command_cpu_seconds);
  ordered_json functions = ordered_json::array();
  for (std::size_t i = 0; i < std::min(top, analysis.functions.size()); ++i) {
    const FunctionTime& function = analysis.functions[i];
    functions.push_back({{"name", function.name},
                         {"self_samples", function.self_samples},
                         {"self_percent", percent(function.self_samples, total)},
                         {"total_samples", function.total_samples},
                         {"total_percent", percent(function.total_samples, total)}});
  }
  out["functions"] = std::move(functions);
  ordered_json threads = ordered_json::array();
  for (const ThreadTime& thread : recording.threads) {
    threads.push_back({{"tid", thread.tid},
                       {"name", thread.name},
                       {"cpu_seconds", thread.cpu_seconds},
                       {"samples", thread.samples},
                       {"running_samples", thread.running_samples}});
  }
  out["threads"] = std::move(threads);
  const LeakVerdict& memory = analysis.memory;
  out["memory"] = {
      {"verdict", memory.verdict},
      {"points", memory.points},
      {"start_bytes", recording.memory.empty() ? 0 : recording.memory.front().resident_bytes},
      {"end_bytes", recording.memory.empty() ? 0 : recording.memory.back().resident_bytes},
      {"peak_bytes", peak_bytes(recording)},
      {"slope_bytes_per_second", memory.slope_bytes_per_second},
      {"slope_low_bytes_per_second", memory.slope_low_bytes_per_second},
      {"slope_high_bytes_per_second", memory.slope_high_bytes_per_second},
      {"confidence", memory.confidence},
      {"growth_bytes", memory.growth_bytes},
      {"growth_fraction", memory.growth_fraction}};
  out["io"] = {{"disk_read_bytes_per_second", optional_number(analysis.io.disk_read_bytes_per_second)},
               {"disk_write_bytes_per_second", optional_number(analysis.io.disk_write_bytes_per_second)},
               {"net_receive_bytes_per_second", optional_number(analysis.io.net_receive_bytes_per_second)},
               {"net_transmit_bytes_per_second", optional_number(analysis.io.net_transmit_bytes_per_second)}};
  return out;
}

std::string profile_markdown(const ProfileRecording& recording, const ProfileAnalysis& analysis, std::size_t top) {
  const std::uint64_t total = total_samples(recording.stacks);
  std::string text = fmt::format("## Profile of {} (pid {})\n\n", recording.process_name.empty() ? "?" : recording.process_name,
                                 recording.pid);
  text += fmt::format("Sampler: {} at {} Hz for {:.1f} s: {} samples ({} lost).", recording.sampler,
                      recording.frequency_hz, recording.duration_seconds, recording.samples, recording.lost_samples);
  if (recording.command_exit_code) text += fmt::format(" The command exited with code {}", *recording.command_exit_code);
  if (recording.command_cpu_seconds) text += fmt::format(" after {:.2f} s of CPU", *recording.command_cpu_seconds);
  if (recording.command_exit_code) text += ".";
  text += "\n\n";
  if (recording.sampler == "proc") {
    text += "### Threads (the /proc sampler sees threads and their states, not functions)\n\n";
    MarkdownTable threads{{"Thread", "TID", "CPU s", "Samples", "Running %"},
                          {Align::left, Align::right, Align::right, Align::right, Align::right},
                          {}};
    std::vector<ThreadTime> sorted = recording.threads;
    std::sort(sorted.begin(), sorted.end(), [](const ThreadTime& a, const ThreadTime& b) { return a.cpu_seconds > b.cpu_seconds; });
    for (std::size_t i = 0; i < std::min(top, sorted.size()); ++i) {
      const ThreadTime& thread = sorted[i];
      threads.rows.push_back({thread.name, std::to_string(thread.tid), fmt::format("{:.2f}", thread.cpu_seconds),
                              std::to_string(thread.samples),
                              fmt::format("{:.1f}", percent(thread.running_samples, thread.samples))});
    }
    text += threads.render() + "\n### Thread states by samples\n\n" + function_table(analysis.functions, total, top);
  } else {
    text += "### Top functions by self time\n\n" + function_table(analysis.functions, total, top);
    std::vector<FunctionTime> by_total = analysis.functions;
    std::stable_sort(by_total.begin(), by_total.end(),
                     [](const FunctionTime& a, const FunctionTime& b) { return a.total_samples > b.total_samples; });
    text += "\n### Top functions by total time\n\n" + function_table(by_total, total, top);
  }
  const LeakVerdict& memory = analysis.memory;
  text += "\n### Memory (RSS every 100 ms, Theil-Sen slope)\n\n";
  MarkdownTable memory_table{{"Start", "End", "Peak", "Slope", "95% interval", "Trend confidence", "Verdict"},
                             {Align::right, Align::right, Align::right, Align::right, Align::right, Align::right, Align::left},
                             {}};
  memory_table.rows.push_back(
      {byte_size(recording.memory.empty() ? 0.0 : static_cast<double>(recording.memory.front().resident_bytes)),
       byte_size(recording.memory.empty() ? 0.0 : static_cast<double>(recording.memory.back().resident_bytes)),
       byte_size(static_cast<double>(peak_bytes(recording))), byte_size(memory.slope_bytes_per_second) + "/s",
       byte_size(memory.slope_low_bytes_per_second) + "/s .. " + byte_size(memory.slope_high_bytes_per_second) + "/s",
       fmt::format("{:.1f}%", 100 * memory.confidence), memory.verdict});
  text += memory_table.render();
  text += "\n### I/O over the run\n\n";
  MarkdownTable io{{"Disk read", "Disk write", "Network receive", "Network transmit"},
                   {Align::right, Align::right, Align::right, Align::right},
                   {{rate_text(analysis.io.disk_read_bytes_per_second), rate_text(analysis.io.disk_write_bytes_per_second),
                     rate_text(analysis.io.net_receive_bytes_per_second),
                     rate_text(analysis.io.net_transmit_bytes_per_second)}}};
  text += io.render();
  return text;
}

}  // namespace fleetcast::outputs
