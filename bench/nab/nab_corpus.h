#pragma once
// The NAB series this benchmark scores: their rows' timestamps, their labelled windows as rows, and a
// detector's anomaly scores for them, read from NAB's data folder, from the compact copy of the published
// detectors' scores kept in bench/nab/published/, or from a checkout of numenta/NAB (its results/ CSVs).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/time.h"
#include "models/nab_scoring.h"

namespace fleetcast::bench::nab {

struct NabSeries {
  std::string category;  // "realTweets"
  std::string name;      // "realTweets/Twitter_volume_AAPL.csv", as NAB's label file names it
  std::filesystem::path file;  // the data file (empty for a series read from NAB's results)
  std::vector<TimestampUs> timestamps;
  std::vector<double> values;
  std::vector<models::nab::RowWindow> windows;
};

// A detector's anomaly score per row, by series name.
using DetectorScores = std::map<std::string, std::vector<double>>;

// Every <category>/*.csv under `data_dir` that `labels_file` (NAB's combined_windows.json) names, sorted by
// name, with its windows as rows. Throws InputError naming the file for an unreadable file or a window
// timestamp that is not one of the series' rows.
std::vector<NabSeries> load_data_folder(const std::filesystem::path& data_dir, const std::filesystem::path& labels_file);

// The series of a numenta/NAB checkout's results/<detector>/ (their timestamps taken from the results CSVs,
// which hold every data row) and that detector's scores in `scores`. Windows from the checkout's labels.
std::vector<NabSeries> load_results_folder(const std::filesystem::path& nab_repo, const std::string& detector,
                                           DetectorScores& scores);

// bench/nab/published/<detector>.txt.gz: for each series a line "# <name> <rows>" then one score a line.
DetectorScores read_published_scores(const std::filesystem::path& file);
void write_published_scores(const std::filesystem::path& file, const DetectorScores& scores,
                            double threshold);

// NAB's config/thresholds.json: the standard profile's threshold per detector.
std::map<std::string, double> read_standard_thresholds(const std::filesystem::path& file);

}  // namespace fleetcast::bench::nab
