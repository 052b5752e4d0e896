#pragma once
// A histogram whose samples lose half their weight every half-life, as the Autopilot and VPA
// recommenders keep usage (Rzadca et al., EuroSys 2020, section 3.2; VPA's util.decayingHistogram).
// Buckets grow geometrically from `first_bucket` (VPA: 5% each), so a percentile is known to within one
// bucket: it is reported as the upper edge of the bucket holding it, at most `growth` - 1 above the
// true value (and at most `first_bucket` above it below the first edge).
// Hand-written: no Debian package offers a time-decayed weighted histogram.
#include <cstddef>
#include <vector>

#include "common/time.h"

namespace fleetcast::decisions::usage {

struct HistogramShape {
  double first_bucket = 0.001;  // the upper edge of bucket 0, which holds [0, first_bucket)
  double growth = 1.05;         // each bucket this much wider than the previous one
};

class DecayingHistogram {
 public:
  DecayingHistogram(HistogramShape shape, double half_life_seconds);

  // Adds `value` with `weight` as of `time`; a negative `weight` takes back an earlier add of the same
  // value at the same time.
  void add(double value, double weight, TimestampUs time);
  bool empty() const { return total_weight_ <= 0; }

  // The upper edge of the bucket where the cumulative weight first reaches `fraction` of the total
  // (0 when empty).
  double percentile(double fraction) const;

  // The upper edge of the highest bucket whose weight, decayed to `now`, is at least `min_weight`: the
  // largest value seen recently (0 when none is).
  double recent_max(TimestampUs now, double min_weight) const;

 private:
  std::size_t bucket_of(double value) const;
  double upper_edge(std::size_t bucket) const;
  // The stored weights are scaled by 2^((time - reference) / half-life); rescales them to a new
  // reference before the factor could overflow.
  double scale_at(TimestampUs time);

  HistogramShape shape_;
  double half_life_seconds_;
  double log_growth_;
  TimestampUs reference_ = 0;
  bool has_reference_ = false;
  std::vector<double> edges_;  // upper edge of each bucket, computed once
  std::vector<double> weights_;
  double total_weight_ = 0;
};

}  // namespace fleetcast::decisions::usage
