#pragma once
// `fleetcast collect`'s loop: a sampling round every interval, appended to the usage log, until the
// duration is over, SIGINT or SIGTERM arrives, or every named target has gone.
#include <cstdint>
#include <filesystem>
#include <optional>

#include "common/warnings.h"
#include "sources/usage/usage_sampler.h"

namespace fleetcast::sources {

struct CollectionSettings {
  std::filesystem::path out;
  double interval_seconds = 5;
  std::optional<double> duration_seconds;  // none: until a signal
};

struct CollectionSummary {
  std::uint64_t rounds = 0;
  std::uint64_t samples = 0;
  double elapsed_seconds = 0;
  double own_cpu_seconds = 0;  // the collector's own user + system time over the run
  bool stopped_by_signal = false;
  bool targets_gone = false;
};

// Runs rounds at a fixed cadence (a late round does not shift the next ones; rounds missed while one
// ran long are skipped). SIGINT and SIGTERM are blocked while it runs and taken between rounds, so a
// round is always written whole; the previous signal mask is restored on return. Vanished targets go
// to `warn`. Throws RuntimeFailure when the log cannot be written.
CollectionSummary run_collection(UsageSampler& sampler, const CollectionSettings& settings, const WarningSink& warn);

}  // namespace fleetcast::sources
