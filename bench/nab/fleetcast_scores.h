#pragma once
// fleetcast's combined anomaly score (models/anomaly) for every row of the NAB series.
#include <map>
#include <string>
#include <vector>

#include "nab_corpus.h"

namespace fleetcast::bench::nab {

// One row's scores: the combined one NAB scores, and each detector's, to see which drove it.
struct RowScores {
  double combined = 0, seasonal_residual = 0, isolation_forest = 0, change_point = 0;
};
using FleetcastScores = std::map<std::string, std::vector<RowScores>>;

// Each series' file is read and scored by the calls `fleetcast anomalies --csv FILE` makes (default options;
// the CSV regularised at its median spacing, a repeated timestamp's later row kept), so the combined score
// is the one its --scores file holds; a data row takes the scores of its step. Scored in parallel;
// warnings go to stderr.
FleetcastScores fleetcast_scores(const std::vector<NabSeries>& corpus);

// The combined scores alone, as NAB scores them.
DetectorScores combined_scores(const FleetcastScores& scores);

}  // namespace fleetcast::bench::nab
