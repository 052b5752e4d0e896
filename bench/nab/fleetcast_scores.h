#pragma once
// fleetcast's combined anomaly score (models/anomaly) for every row of the NAB series.
#include <vector>

#include "nab_corpus.h"

namespace fleetcast::bench::nab {

// Each series is regularised at its median spacing (as `fleetcast anomalies --csv` reads it) and scored
// causally; a row takes the score of its step. Series are scored in parallel.
DetectorScores fleetcast_scores(const std::vector<NabSeries>& corpus);

}  // namespace fleetcast::bench::nab
