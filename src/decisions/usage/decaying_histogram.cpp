#include "decisions/usage/decaying_histogram.h"

#include <algorithm>
#include <cmath>

#include "common/errors.h"

namespace fleetcast::decisions::usage {
namespace {

// Enough buckets for 1e-3 to 1e12 of the unit at 5% growth; values beyond land in the last one.
constexpr std::size_t kMaxBuckets = 1200;
// Rescale when a stored weight would grow past 2^kMaxExponent.
constexpr double kMaxExponent = 100;
// What is left of a removed weight after floating-point round-off counts as none.
constexpr double kNegligibleWeight = 1e-9;

}  // namespace

DecayingHistogram::DecayingHistogram(HistogramShape shape, double half_life_seconds)
    : shape_(shape), half_life_seconds_(half_life_seconds), log_growth_(std::log(shape.growth)) {
  if (!(shape.first_bucket > 0) || !(shape.growth > 1) || !(half_life_seconds > 0)) {
    throw InputError("a usage histogram needs a positive first bucket, growth above 1 and a positive half-life");
  }
  edges_.resize(kMaxBuckets);
  for (std::size_t bucket = 0; bucket < kMaxBuckets; ++bucket) {
    edges_[bucket] = shape.first_bucket * std::pow(shape.growth, static_cast<double>(bucket));
  }
}

std::size_t DecayingHistogram::bucket_of(double value) const {
  if (!(value >= shape_.first_bucket)) return 0;
  const double index = 1 + std::floor(std::log(value / shape_.first_bucket) / log_growth_);
  // Round-off can put a value that sits exactly on an edge one bucket too low; the edge belongs above.
  auto bucket = static_cast<std::size_t>(std::min(index, static_cast<double>(kMaxBuckets - 1)));
  while (bucket + 1 < kMaxBuckets && value >= upper_edge(bucket)) ++bucket;
  return bucket;
}

double DecayingHistogram::upper_edge(std::size_t bucket) const { return edges_[bucket]; }

double DecayingHistogram::scale_at(TimestampUs time) {
  if (!has_reference_) {
    reference_ = time;
    has_reference_ = true;
  }
  const double exponent = static_cast<double>(time - reference_) / kMicrosPerSecond / half_life_seconds_;
  if (exponent <= kMaxExponent) return std::exp2(exponent);
  const double shrink = std::exp2(-exponent);
  for (double& weight : weights_) weight *= shrink;
  total_weight_ *= shrink;
  reference_ = time;
  return 1;
}

void DecayingHistogram::add(double value, double weight, TimestampUs time) {
  const std::size_t bucket = bucket_of(value);
  if (bucket >= weights_.size()) weights_.resize(bucket + 1, 0.0);
  const double scaled = weight * scale_at(time);
  weights_[bucket] += scaled;
  total_weight_ += scaled;
  if (weights_[bucket] < kNegligibleWeight * std::abs(scaled)) weights_[bucket] = 0;
  if (total_weight_ < kNegligibleWeight * std::abs(scaled)) total_weight_ = 0;
}

double DecayingHistogram::percentile(double fraction) const {
  if (empty()) return 0;
  const double wanted = fraction * total_weight_;
  double cumulative = 0;
  std::size_t last_nonempty = 0;
  for (std::size_t bucket = 0; bucket < weights_.size(); ++bucket) {
    if (weights_[bucket] <= 0) continue;
    cumulative += weights_[bucket];
    last_nonempty = bucket;
    // A relative tolerance, so that a fraction met exactly by a sum of weights is met despite round-off.
    if (cumulative >= wanted * (1 - 1e-12)) return upper_edge(bucket);
  }
  return upper_edge(last_nonempty);
}

double DecayingHistogram::recent_max(TimestampUs now, double min_weight) const {
  if (empty()) return 0;
  const double decay = std::exp2(-static_cast<double>(now - reference_) / kMicrosPerSecond / half_life_seconds_);
  for (std::size_t bucket = weights_.size(); bucket-- > 0;) {
    if (weights_[bucket] > 0 && weights_[bucket] * decay >= min_weight) return upper_edge(bucket);
  }
  return 0;
}

}  // namespace fleetcast::decisions::usage
