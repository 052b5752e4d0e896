// The NAB benchmark of fleetcast's anomaly detector beside NAB's published detectors (bench/nab.sh runs
// it): every detector is scored by the same code (models/nab_scoring.h) on the same series.
//   nab_bench --data ../shared/data/nab --published bench/nab/published
//       fleetcast's threshold is swept on the artificial series only; the published detectors keep their
//       published standard-profile thresholds. Prints a Markdown table of NAB standard scores.
//   nab_bench --validate NAB_CHECKOUT
//       scores the published detectors on all 58 series of a numenta/NAB checkout and compares with its
//       results/final_results.json (the scorer's check against NAB's own figures).
//   nab_bench --export-published NAB_CHECKOUT --data ../shared/data/nab --published bench/nab/published
//       writes the compact copy of the published scores for the series present in --data.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/time.h"
#include "fleetcast_scores.h"
#include "nab_corpus.h"

namespace {

namespace fs = std::filesystem;
using fleetcast::InputError;
using fleetcast::bench::nab::DetectorScores;
using fleetcast::bench::nab::NabSeries;
namespace scoring = fleetcast::models::nab;

struct Published {
  const char* detector;  // NAB's name, as in results/ and config/thresholds.json
  const char* label;
};
constexpr Published kPublished[] = {
    {"numenta", "Numenta HTM"}, {"ARTime", "ARTime"}, {"contextOSE", "contextOSE"}, {"windowedGaussian", "windowed Gaussian"}};

std::vector<scoring::SeriesSweep> sweeps(const std::vector<NabSeries>& corpus, const DetectorScores& scores,
                                         const std::string& detector, const std::set<std::string>& categories) {
  std::vector<scoring::SeriesSweep> all;
  for (const auto& series : corpus) {
    if (!categories.contains(series.category)) continue;
    const auto found = scores.find(series.name);
    if (found == scores.end() || found->second.size() != series.timestamps.size()) {
      throw InputError(fmt::format("{}: {} scores for {} rows of {}", detector,
                                   found == scores.end() ? 0 : found->second.size(), series.timestamps.size(),
                                   series.name));
    }
    all.push_back(scoring::sweep_series(found->second, series.windows));
  }
  return all;
}

std::set<std::string> categories_of(const std::vector<NabSeries>& corpus) {
  std::set<std::string> categories;
  for (const auto& series : corpus) categories.insert(series.category);
  return categories;
}

std::string table_row(const std::string& label, double threshold, const std::vector<NabSeries>& corpus,
                      const DetectorScores& scores, const std::string& detector) {
  std::string row = fmt::format("| {} | {:.4f} |", label, threshold);
  for (const auto& category : categories_of(corpus)) {
    const auto part = sweeps(corpus, scores, detector, {category});
    const auto score = scoring::score_at_threshold(part, threshold);
    const double normalised = scoring::normalised_score(score.score, part);
    // A category without windows (artificialNoAnomaly) has no normalised score: its raw score is the cost
    // of its false positives (0 when there are none).
    row += std::isnan(normalised) ? fmt::format(" {:.2f} (raw) |", score.score) : fmt::format(" {:.1f} |", normalised);
  }
  const auto all = sweeps(corpus, scores, detector, categories_of(corpus));
  const auto score = scoring::score_at_threshold(all, threshold);
  std::size_t windows = 0;
  for (const auto& series : all) windows += series.window_count;
  row += fmt::format(" **{:.1f}** | {}/{} | {} |", scoring::normalised_score(score.score, all), score.detected_windows,
                     windows, score.false_positive_rows);
  return row;
}

// fleetcast's scores as CSVs under `dir`, one per series, to look into:
// timestamp,value,score,seasonal_residual,isolation_forest,change_point.
void write_scores(const fs::path& dir, const std::vector<NabSeries>& corpus,
                  const fleetcast::bench::nab::FleetcastScores& scores) {
  for (const auto& series : corpus) {
    std::string text = "timestamp,value,score,seasonal_residual,isolation_forest,change_point\n";
    const auto& rows = scores.at(series.name);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      text += fmt::format("{},{},{},{},{},{}\n", fleetcast::format_iso8601(series.timestamps[i]), series.values[i],
                          rows[i].combined, rows[i].seasonal_residual, rows[i].isolation_forest, rows[i].change_point);
    }
    fs::create_directories((dir / series.name).parent_path());
    fleetcast::write_file_atomically(dir / series.name, text);
  }
}

int benchmark(const fs::path& data_dir, const fs::path& published_dir, const fs::path& scores_dir) {
  const auto corpus = fleetcast::bench::nab::load_data_folder(data_dir, data_dir / "labels" / "combined_windows.json");
  if (corpus.empty()) throw InputError(fmt::format("{}: no NAB series named by its labels", data_dir.string()));
  const auto thresholds = fleetcast::bench::nab::read_standard_thresholds(published_dir / "thresholds.json");

  const auto detailed_scores = fleetcast::bench::nab::fleetcast_scores(corpus);
  if (!scores_dir.empty()) write_scores(scores_dir, corpus, detailed_scores);
  const auto fleetcast_scores = fleetcast::bench::nab::combined_scores(detailed_scores);
  const auto tuning = sweeps(corpus, fleetcast_scores, "fleetcast", {"artificialNoAnomaly", "artificialWithAnomaly"});
  const double fleetcast_threshold = scoring::best_threshold(tuning).threshold;

  std::string header = "| detector | threshold |";
  std::string rule = "|---|---:|";
  for (const auto& category : categories_of(corpus)) {
    header += fmt::format(" {} |", category);
    rule += "---:|";
  }
  fmt::print("{} overall | windows found | false-positive rows |\n{}---:|---:|---:|\n", header, rule);
  fmt::print("{}\n", table_row("fleetcast", fleetcast_threshold, corpus, fleetcast_scores, "fleetcast"));
  for (const auto& published : kPublished) {
    const auto scores = fleetcast::bench::nab::read_published_scores(published_dir / (std::string(published.detector) + ".txt.gz"));
    fmt::print("{}\n", table_row(published.label, thresholds.at(published.detector), corpus, scores, published.detector));
  }
  // What fleetcast's scores allow at best, the threshold chosen on every series it is scored on: a bound
  // for the detector's developers, not a fair score.
  const auto everything = sweeps(corpus, fleetcast_scores, "fleetcast", categories_of(corpus));
  const auto oracle = scoring::best_threshold(everything);
  fmt::print("\nfleetcast with the threshold chosen on all series instead (an upper bound, not a fair score): "
             "{:.1f} at {:.4f}\n", scoring::normalised_score(oracle.score, everything), oracle.threshold);
  return 0;
}

int validate(const fs::path& nab_repo) {
  const auto thresholds = fleetcast::bench::nab::read_standard_thresholds(nab_repo / "config" / "thresholds.json");
  std::ifstream final_file(nab_repo / "results" / "final_results.json");
  const auto final_results = nlohmann::json::parse(final_file);
  fmt::print("| detector | threshold | series | windows | this scorer | final_results.json | difference |\n"
             "|---|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& published : kPublished) {
    DetectorScores scores;
    const auto corpus = fleetcast::bench::nab::load_results_folder(nab_repo, published.detector, scores);
    const auto all = sweeps(corpus, scores, published.detector, categories_of(corpus));
    std::size_t windows = 0;
    for (const auto& series : all) windows += series.window_count;
    const double threshold = thresholds.at(published.detector);
    const double ours = scoring::normalised_score(scoring::score_at_threshold(all, threshold).score, all);
    const double theirs = final_results.at(published.detector).at("standard").get<double>();
    fmt::print("| {} | {} | {} | {} | {:.4f} | {:.4f} | {:+.4f} |\n", published.label, threshold, corpus.size(),
               windows, ours, theirs, ours - theirs);
  }
  return 0;
}

int export_published(const fs::path& nab_repo, const fs::path& data_dir, const fs::path& published_dir) {
  const auto corpus = fleetcast::bench::nab::load_data_folder(data_dir, data_dir / "labels" / "combined_windows.json");
  const auto thresholds = fleetcast::bench::nab::read_standard_thresholds(nab_repo / "config" / "thresholds.json");
  nlohmann::json kept;
  for (const auto& published : kPublished) {
    DetectorScores all;
    fleetcast::bench::nab::load_results_folder(nab_repo, published.detector, all);
    DetectorScores present;
    for (const auto& series : corpus) present[series.name] = all.at(series.name);
    const double threshold = thresholds.at(published.detector);
    const fs::path file = published_dir / (std::string(published.detector) + ".txt.gz");
    fleetcast::bench::nab::write_published_scores(file, present, threshold);
    // The rounding must change no detection: the copy scores exactly as the original on every series.
    const auto copy = fleetcast::bench::nab::read_published_scores(file);
    for (const auto& series : corpus) {
      const std::vector<NabSeries> one{series};
      const auto original = scoring::score_at_threshold(sweeps(one, present, published.detector, {series.category}), threshold);
      const auto compact = scoring::score_at_threshold(sweeps(one, copy, published.detector, {series.category}), threshold);
      if (original.score != compact.score || original.false_positive_rows != compact.false_positive_rows) {
        throw std::runtime_error(fmt::format("{}: the compact copy of {} scores {} instead of {}", file.string(),
                                             series.name, compact.score, original.score));
      }
    }
    kept[published.detector]["standard"]["threshold"] = threshold;
  }
  fleetcast::write_file_atomically(published_dir / "thresholds.json", kept.dump(2) + "\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"NAB scores of fleetcast's anomaly detector beside NAB's published detectors"};
  fs::path data_dir, published_dir, validate_repo, export_repo, scores_dir;
  app.add_option("--data", data_dir, "NAB's data folder (category folders and labels/combined_windows.json)");
  app.add_option("--published", published_dir, "the compact published scores (bench/nab/published)");
  app.add_option("--validate", validate_repo, "a numenta/NAB checkout: check this scorer against its final results");
  app.add_option("--export-published", export_repo, "a numenta/NAB checkout: write --published from it");
  app.add_option("--scores-out", scores_dir, "also write fleetcast's scores there, a CSV per series");
  CLI11_PARSE(app, argc, argv);
  try {
    if (!validate_repo.empty()) return validate(validate_repo);
    if (data_dir.empty() || published_dir.empty()) {
      fmt::print(stderr, "nab_bench: --data and --published are needed (or --validate NAB_CHECKOUT)\n");
      return 2;
    }
    if (!export_repo.empty()) return export_published(export_repo, data_dir, published_dir);
    return benchmark(data_dir, published_dir, scores_dir);
  } catch (const InputError& error) {
    fmt::print(stderr, "nab_bench: {}\n", error.what());
    return 2;
  } catch (const std::exception& error) {
    fmt::print(stderr, "nab_bench: {}\n", error.what());
    return 1;
  }
}
