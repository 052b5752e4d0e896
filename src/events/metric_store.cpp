#include "events/metric_store.h"

#include <algorithm>

namespace fleetcast::events {
namespace {

std::int64_t floor_second(TimestampUs timestamp) {
  return timestamp >= 0 ? timestamp / kMicrosPerSecond : -((-timestamp + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

// A bucket's callers stay sorted by id as they are added, so finalize() need not visit every bucket.
CallerTotals& totals_for(SecondBucket& bucket, CallerId caller) {
  auto it = bucket.callers.begin();
  while (it != bucket.callers.end() && it->first < caller) ++it;
  if (it != bucket.callers.end() && it->first == caller) return it->second;
  return bucket.callers.emplace(it, caller, CallerTotals{})->second;
}

bool earlier_second(const SecondBucket& a, const SecondBucket& b) { return a.second < b.second; }

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
  auto [found, inserted] = bucket_index_.try_emplace(second, index_base_ + buckets_.size());
  if (inserted) {
    buckets_.emplace_back();
    buckets_.back().second = second;
  }
  last_bucket_ = static_cast<std::uint32_t>(found->second - index_base_);
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
  // Only the seconds added since the last finalize() are sorted and merged in; as logs move forward
  // they mostly go after the rest, so a store that grows by a little costs a little (serve's refreshes).
  const auto added = buckets_.begin() + static_cast<std::ptrdiff_t>(sorted_);
  std::sort(added, buckets_.end(), earlier_second);
  auto first_moved = added;
  if (added != buckets_.end()) {
    first_moved = std::upper_bound(buckets_.begin(), added, *added, earlier_second);
    std::inplace_merge(first_moved, added, buckets_.end(), earlier_second);
  }
  for (auto it = first_moved; it != buckets_.end(); ++it) {
    bucket_index_[it->second] = index_base_ + static_cast<std::uint64_t>(it - buckets_.begin());
  }
  sorted_ = buckets_.size();
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
  for (auto it = buckets_.begin(); it != first_kept; ++it) bucket_index_.erase(it->second);
  const auto removed = static_cast<std::size_t>(first_kept - buckets_.begin());
  buckets_.erase(buckets_.begin(), first_kept);
  index_base_ += removed;  // the kept seconds' index entries stay right without renumbering
  sorted_ -= removed;
  event_count_ -= dropped;
  last_bucket_ = std::numeric_limits<std::uint32_t>::max();
  return dropped;
}

}  // namespace fleetcast::events
