#pragma once
// Renderings of `fleetcast profile`: Markdown tables for people (top functions by self and total time,
// threads for the /proc sampler, memory and its leak verdict, I/O rates) and the --json answer.
#include <nlohmann/json.hpp>

#include <string>

#include "decisions/usage/profile_analysis.h"
#include "sources/usage/profile_session.h"

namespace fleetcast::outputs {

// {"pid", "process", "sampler" ("perf_event" | "proc"), "fallback_reason" (null unless perf events were
//  refused), "duration_seconds", "frequency_hz", "samples", "lost_samples", "command_exit_code" (null for
//  --pid, or a command stopped at --seconds), "command_cpu_seconds" (its user + system CPU, null
//  likewise), "functions": [{"name", "self_samples", "self_percent",
//  "total_samples", "total_percent"}] (at most `top`, by self time), "threads": [{"tid", "name",
//  "cpu_seconds", "samples", "running_samples"}] (proc only), "memory": {"verdict", "points",
//  "start_bytes", "end_bytes", "peak_bytes", "slope_bytes_per_second", "slope_low_bytes_per_second",
//  "slope_high_bytes_per_second", "confidence", "growth_bytes", "growth_fraction"}, "io":
//  {"disk_read_bytes_per_second", "disk_write_bytes_per_second", "net_receive_bytes_per_second",
//  "net_transmit_bytes_per_second"} (null where unreadable)}.
nlohmann::ordered_json profile_json(const ProfileRecording& recording, const ProfileAnalysis& analysis,
                                    std::size_t top);

std::string profile_markdown(const ProfileRecording& recording, const ProfileAnalysis& analysis, std::size_t top);

// "12.3 MiB", "512 B".
std::string byte_size(double bytes);

}  // namespace fleetcast::outputs
