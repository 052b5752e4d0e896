#include "events/metric_store.h"

#include <algorithm>

namespace fleetcast::events {
namespace {

std::int64_t floor_second(TimestampUs timestamp) {
  return timestamp >= 0 ? timestamp / kMicrosPerSecond : -((-timestamp + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

CallerTotals& totals_for(SecondBucket& bucket, CallerId caller) {
  for (auto& [id, totals] : bucket.callers) {
    if (id == caller) return totals;
  }
  return bucket.callers.emplace_back(caller, CallerTotals{}).second;
}

// Lines this close share a span: re-reading a little extra is cheaper than tracking every line.
constexpr std::uint64_t kSpanMergeGap = 64 * 1024;
// More scattered than this, a second's lines are found again by reading everything.
constexpr std::size_t kMaxSpansPerSecond = 8;

void add_span(SecondBucket& bucket, const LineSpan& where) {
  if (!bucket.spans_known) return;
  if (where.file == LineSpan::kUnknownFile) {
    bucket.spans_known = false;
    bucket.spans.clear();
    return;
  }
  for (auto& span : bucket.spans) {
    if (span.file == where.file && where.begin <= span.end + kSpanMergeGap && where.end + kSpanMergeGap >= span.begin) {
      span.begin = std::min(span.begin, where.begin);
      span.end = std::max(span.end, where.end);
      return;
    }
  }
  if (bucket.spans.size() == kMaxSpansPerSecond) {
    bucket.spans_known = false;
    bucket.spans.clear();
    return;
  }
  bucket.spans.push_back(where);
}

}  // namespace

CallerId MetricStore::intern_caller(std::string_view name) {
  if (const auto found = caller_ids_.find(name); found != caller_ids_.end()) return found->second;
  const auto id = static_cast<CallerId>(caller_names_.size());
  caller_names_.emplace_back(name);
  caller_ids_.emplace(caller_names_.back(), id);
  return id;
}

CallerId MetricStore::find_caller(std::string_view name) const {
  const auto found = caller_ids_.find(name);
  return found == caller_ids_.end() ? kNoCaller : found->second;
}

SecondBucket& MetricStore::bucket_for(std::int64_t second) {
  // Logs are mostly in time order: the bucket of the previous event is the likeliest hit.
  if (last_bucket_ < buckets_.size() && buckets_[last_bucket_].second == second) return buckets_[last_bucket_];
  auto [found, inserted] = bucket_index_.try_emplace(second, static_cast<std::uint32_t>(buckets_.size()));
  if (inserted) {
    buckets_.emplace_back();
    buckets_.back().second = second;
  }
  last_bucket_ = found->second;
  return buckets_[last_bucket_];
}

void MetricStore::add_event(TimestampUs timestamp, CallerId caller, double tokens, bool success, const LineSpan& where) {
  SecondBucket& bucket = bucket_for(floor_second(timestamp));
  add_span(bucket, where);
  bucket.earliest = std::min(bucket.earliest, timestamp);
  bucket.latest = std::max(bucket.latest, timestamp);
  CallerTotals& totals = totals_for(bucket, caller);
  totals.requests += 1;
  totals.tokens += tokens;
  totals.failures += success ? 0 : 1;
  ++event_count_;
}

void MetricStore::add_bucket(const SecondBucket& saved) {
  SecondBucket& bucket = bucket_for(saved.second);
  bucket.earliest = std::min(bucket.earliest, saved.earliest);
  bucket.latest = std::max(bucket.latest, saved.latest);
  for (const auto& [id, totals] : saved.callers) {
    totals_for(bucket, id).add(totals);
    event_count_ += totals.requests;
  }
  if (!saved.spans_known) add_span(bucket, LineSpan{});
  for (const auto& span : saved.spans) add_span(bucket, span);
}

void MetricStore::merge(MetricStore&& other) {
  std::vector<CallerId> remap(other.caller_names_.size());
  for (std::size_t i = 0; i < other.caller_names_.size(); ++i) remap[i] = intern_caller(other.caller_names_[i]);
  for (auto& source : other.buckets_) {
    SecondBucket& bucket = bucket_for(source.second);
    bucket.earliest = std::min(bucket.earliest, source.earliest);
    bucket.latest = std::max(bucket.latest, source.latest);
    for (const auto& [id, totals] : source.callers) totals_for(bucket, remap[id]).add(totals);
    if (!source.spans_known) add_span(bucket, LineSpan{});
    for (const auto& span : source.spans) add_span(bucket, span);
  }
  event_count_ += other.event_count_;
  other = MetricStore{};
}

void MetricStore::finalize() {
  std::sort(buckets_.begin(), buckets_.end(), [](const SecondBucket& a, const SecondBucket& b) { return a.second < b.second; });
  for (auto& bucket : buckets_) std::sort(bucket.callers.begin(), bucket.callers.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  bucket_index_.clear();
  for (std::size_t i = 0; i < buckets_.size(); ++i) bucket_index_[buckets_[i].second] = static_cast<std::uint32_t>(i);
  last_bucket_ = std::numeric_limits<std::uint32_t>::max();
}

std::uint64_t MetricStore::drop_seconds_before(std::int64_t second) {
  const auto first_kept = std::lower_bound(buckets_.begin(), buckets_.end(), second,
                                           [](const SecondBucket& bucket, std::int64_t s) { return bucket.second < s; });
  std::uint64_t dropped = 0;
  for (auto it = buckets_.begin(); it != first_kept; ++it) {
    for (const auto& [id, totals] : it->callers) dropped += totals.requests;
  }
  if (first_kept == buckets_.begin()) return 0;
  buckets_.erase(buckets_.begin(), first_kept);
  event_count_ -= dropped;
  bucket_index_.clear();
  for (std::size_t i = 0; i < buckets_.size(); ++i) bucket_index_[buckets_[i].second] = static_cast<std::uint32_t>(i);
  last_bucket_ = std::numeric_limits<std::uint32_t>::max();
  return dropped;
}

}  // namespace fleetcast::events
