#include "sources/synthetic_fleet.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>
#include <numbers>
#include <random>

#include "common/atomic_writer.h"
#include "common/errors.h"
#include "common/random.h"

namespace fleetcast::sources {
namespace {

constexpr double kPi = std::numbers::pi;

// The draws the generator needs, on top of the portable ones in common/random.h.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return uniform01(engine_); }
  double normal() { return standard_normal(engine_); }
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  std::uint64_t poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 40) return static_cast<std::uint64_t>(std::max(0.0, std::round(mean + std::sqrt(mean) * normal())));
    const double limit = std::exp(-mean);
    std::uint64_t count = 0;
    for (double product = uniform(); product > limit; product *= uniform()) ++count;
    return count;
  }

 private:
  std::mt19937_64 engine_;
};

struct CallerProfile {
  std::string name;
  double share;            // of the fleet's requests
  double prompt_median;
  double completion_median;
  bool nocturnal;          // busiest at night (batch work)
  std::string model;
  double failure_rate;
  std::vector<FailingCaller> failure_episodes;
};

std::vector<CallerProfile> caller_profiles(const FleetSpec& spec) {
  std::vector<CallerProfile> callers = {
      {"chat-frontend", 0.34, 600, 250, false, "hermes3:8b", 0.01, {}},
      {"triage-bot", 0.22, 800, 160, false, "hermes3:8b", 0.01, {}},
      {"code-review-agent", 0.18, 2400, 420, false, "qwen2.5-coder:14b", 0.015, {}},
      {"docs-summarizer", 0.14, 1800, 300, false, "llama3.1:8b", 0.01, {}},
      {"batch-indexer", 0.12, 5200, 60, true, "nomic-embed-text", 0.005, {}},
  };
  if (spec.heavy_batch) {
    callers.back().share = 0.3;
    callers.back().prompt_median = 16000;
  }
  constexpr double kUsualFailureRate = 0.01;
  for (const auto& failing : spec.failing_callers) {
    auto found = std::find_if(callers.begin(), callers.end(), [&](const CallerProfile& c) { return c.name == failing.name; });
    if (found == callers.end()) {
      callers.push_back({failing.name, 0.08, 900, 200, false, "hermes3:8b", failing.episode ? kUsualFailureRate : failing.failure_rate, {}});
      found = std::prev(callers.end());
    } else if (!failing.episode) {
      found->failure_rate = failing.failure_rate;
    }
    if (failing.episode) found->failure_episodes.push_back(failing);
  }
  return callers;
}

bool covers(const RelativeWindow& window, TimestampUs t, TimestampUs end) {
  const double before_end = static_cast<double>(end - t) / 1e6;
  return before_end <= window.starts_seconds_before_end && before_end > window.starts_seconds_before_end - window.duration_seconds;
}

bool inside(const std::vector<RelativeWindow>& windows, TimestampUs t, TimestampUs end) {
  return std::any_of(windows.begin(), windows.end(), [&](const RelativeWindow& window) { return covers(window, t, end); });
}

// The first episode that covers t decides; outside every episode the caller's own rate holds.
double failure_rate_at(const CallerProfile& caller, TimestampUs t, TimestampUs end) {
  for (const auto& episode : caller.failure_episodes) {
    if (covers(*episode.episode, t, end)) return episode.failure_rate;
  }
  return caller.failure_rate;
}

// Requests per hour at time t relative to the mean: a daily cycle peaking mid-afternoon UTC, quieter weekends.
double daily_shape(TimestampUs t, bool nocturnal) {
  const double hour = std::fmod(static_cast<double>(t) / 3.6e9, 24.0);
  const double day_cycle = 0.5 - 0.5 * std::cos(2.0 * kPi * (hour - 4.0) / 24.0);  // 0 at 04:00, 1 at 16:00
  const double shape = nocturnal ? 1.3 - 0.9 * day_cycle : 0.3 + 1.3 * day_cycle;
  const std::int64_t day = (t / (86400LL * kMicrosPerSecond) + 4) % 7;  // 0 = Sunday (1970-01-01 was a Thursday)
  return (day == 0 || day == 6) ? shape * 0.6 : shape;
}

std::string day_stamp(TimestampUs t) {
  const std::string iso = format_iso8601(t);
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

// One writer per UTC day, opened as the generator reaches that day.
class DailyFiles {
 public:
  DailyFiles(std::filesystem::path directory, std::string prefix, bool gzip)
      : directory_(std::move(directory)), prefix_(std::move(prefix)), gzip_(gzip) {}

  AtomicFileWriter& for_time(TimestampUs t, FleetSummary& summary) {
    const std::string stamp = day_stamp(t);
    if (!writer_ || stamp != stamp_) {
      if (writer_) writer_->commit();
      stamp_ = stamp;
      const auto path = directory_ / (prefix_ + stamp + (gzip_ ? ".jsonl.gz" : ".jsonl"));
      writer_ = std::make_unique<AtomicFileWriter>(path, gzip_);
      summary.files.push_back(path);
    }
    return *writer_;
  }
  void commit() {
    if (writer_) writer_->commit();
    writer_.reset();
  }

 private:
  std::filesystem::path directory_;
  std::string prefix_;
  bool gzip_;
  std::string stamp_;
  std::unique_ptr<AtomicFileWriter> writer_;
};

std::string malformed_variant(std::uint64_t index, const std::string& good_line) {
  switch (index % 5) {
    case 0: return "this is not json";
    case 1: return R"({"caller": "triage-bot", "prompt_tokens": 10})";  // no timestamp
    case 2: return R"({"timestamp": "2026-13-45T99:00:00Z", "caller": "triage-bot"})";
    case 3: return R"(["timestamp", "2026-03-29T14:05:11Z"])";
    default: return good_line.substr(0, good_line.size() / 2);  // truncated
  }
}

void generate_metrics(const FleetSpec& spec, TimestampUs start, Random& random, FleetSummary& summary) {
  const auto callers = caller_profiles(spec);
  DailyFiles files(spec.out / "metrics", "local_", spec.gzip);
  constexpr TimestampUs kSlot = 60 * kMicrosPerSecond;
  std::vector<TimestampUs> arrivals;
  std::string line;
  std::string pending;  // the previous line, held back so the last one can be truncated
  TimestampUs pending_time = 0;
  std::uint64_t line_number = 0;

  auto flush_pending = [&](bool last) {
    if (pending.empty()) return;
    AtomicFileWriter& out = files.for_time(pending_time, summary);
    if (last && spec.truncate_last_line) {
      out.write(std::string_view(pending).substr(0, pending.size() / 2));
      ++summary.malformed_lines;
    } else {
      out.write(pending);
      out.write("\n");
    }
    pending.clear();
  };

  for (TimestampUs slot = start; slot < spec.end; slot += kSlot) {
    if (inside(spec.gaps, slot, spec.end)) continue;
    const double surge = inside(spec.surges, slot, spec.end) ? spec.surge_factor : 1.0;
    // Hour-level noise, the same for every caller in that hour, so demand wanders as real demand does.
    Random hour_noise(spec.seed ^ static_cast<std::uint64_t>(slot / 3'600'000'000LL) * 0x9E3779B97F4A7C15ULL);
    const double wander = std::exp(0.12 * hour_noise.normal());
    for (const auto& caller : callers) {
      const double per_hour = spec.requests_per_hour * caller.share * daily_shape(slot, caller.nocturnal) * wander * surge;
      const std::uint64_t count = random.poisson(per_hour / 60.0);
      arrivals.clear();
      for (std::uint64_t i = 0; i < count; ++i) arrivals.push_back(slot + static_cast<TimestampUs>(random.uniform() * 60'000) * 1000);
      std::sort(arrivals.begin(), arrivals.end());
      const bool down = inside(spec.inference_outages, slot, spec.end);
      for (const TimestampUs t : arrivals) {
        const auto prompt = static_cast<long>(random.lognormal(caller.prompt_median, 0.5));
        const auto completion = static_cast<long>(random.lognormal(caller.completion_median, 0.6));
        const bool success = !down && random.uniform() >= failure_rate_at(caller, t, spec.end);
        const double latency = 80.0 + static_cast<double>(prompt) * 0.15 + static_cast<double>(completion) * 12.0 * (0.8 + 0.4 * random.uniform());
        line = fmt::format(R"({{"timestamp": "{}", "caller": "{}", "model": "{}", "prompt_tokens": {}, "completion_tokens": {}, "success": {}, "latency_ms": {:.1f}}})",
                           format_iso8601(t), caller.name, caller.model, prompt, success ? completion : 0, success ? "true" : "false", latency);
        ++line_number;
        flush_pending(false);
        if (spec.malformed_every > 0 && line_number % spec.malformed_every == 0) {
          pending = malformed_variant(line_number / spec.malformed_every, line);
          ++summary.malformed_lines;
        } else {
          pending = line;
        }
        pending_time = t;
        ++summary.metric_lines;
      }
    }
  }
  flush_pending(true);
  files.commit();
}

void generate_heartbeats(const FleetSpec& spec, TimestampUs start, FleetSummary& summary) {
  DailyFiles files(spec.out / "heartbeat", "ticks_", spec.gzip);
  const auto tick = static_cast<TimestampUs>(spec.tick_minutes * 60e6);
  std::uint64_t tick_id = 1;
  for (TimestampUs t = start; t < spec.end; t += tick, ++tick_id) {
    const bool gitea_ok = !inside(spec.gitea_outages, t, spec.end);
    const bool inference_ok = !inside(spec.inference_outages, t, spec.end);
    std::string line;
    if (spec.nested_heartbeat) {
      line = fmt::format(R"({{"timestamp": "{}", "tick_id": {}, "perception": {{"gitea_alive": {}, "model_health": {{"inference_ok": {}}}}}}})",
                         format_iso8601(t), tick_id, gitea_ok, inference_ok);
    } else {
      line = fmt::format(R"({{"timestamp": "{}", "tick_id": {}, "gitea_ok": {}, "inference_ok": {}}})", format_iso8601(t), tick_id,
                         gitea_ok, inference_ok);
    }
    AtomicFileWriter& out = files.for_time(t, summary);
    out.write(line);
    out.write("\n");
    ++summary.heartbeat_ticks;
  }
  files.commit();
}

bool is_telemetry_file(const std::filesystem::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  return entry.is_regular_file() && (name.ends_with(".jsonl") || name.ends_with(".jsonl.gz"));
}

// Telemetry already under out/ would be read together with the new files as one fleet that nobody
// generated, so it is refused, or removed when the caller asked for that.
void clear_existing_telemetry(const FleetSpec& spec) {
  if (std::filesystem::exists(spec.out) && !std::filesystem::is_directory(spec.out)) {
    throw InputError("--out " + spec.out.string() + ": exists and is not a directory");
  }
  std::vector<std::filesystem::path> existing;
  for (const auto& folder : {spec.out, spec.out / "metrics", spec.out / "heartbeat"}) {
    if (!std::filesystem::is_directory(folder)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (is_telemetry_file(entry)) existing.push_back(entry.path());
    }
  }
  if (existing.empty()) return;
  if (!spec.replace_existing) {
    throw InputError(fmt::format("--out {}: already holds telemetry ({} files, such as {}); give --force to replace it",
                                 spec.out.string(), existing.size(), existing.front().string()));
  }
  for (const auto& path : existing) std::filesystem::remove(path);
}

}  // namespace

FleetSummary generate_fleet(const FleetSpec& spec) {
  if (!(spec.days > 0) || spec.days > 3660) throw InputError("--days must be between 0 and 3660");
  if (!(spec.requests_per_hour > 0)) throw InputError("--rate must be positive");
  if (!(spec.tick_minutes > 0)) throw InputError("--tick-minutes must be positive");
  clear_existing_telemetry(spec);
  std::filesystem::create_directories(spec.out / "metrics");
  std::filesystem::create_directories(spec.out / "heartbeat");
  const TimestampUs start = spec.end - static_cast<TimestampUs>(std::llround(spec.days * 86400e6));
  Random random(spec.seed);
  FleetSummary summary;
  generate_metrics(spec, start, random, summary);
  generate_heartbeats(spec, start, summary);
  return summary;
}

}  // namespace fleetcast::sources
