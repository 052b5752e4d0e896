#pragma once
// Reads the R reference fixtures in tests/data/r-reference (made by scripts/r-reference/generate.R).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_paths.h"

namespace fleetcast::testing {

inline std::filesystem::path r_reference_path(const std::string& name) {
  return test_data_dir() / "r-reference" / name;
}

// A CSV of numbers with a header row: each column by its name.
inline std::map<std::string, std::vector<double>> read_r_columns(const std::string& name) {
  std::ifstream in(r_reference_path(name));
  EXPECT_TRUE(in) << "missing fixture " << r_reference_path(name);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string field; std::getline(header, field, ',');) names.push_back(field);
  std::map<std::string, std::vector<double>> columns;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string field;
    for (std::size_t i = 0; i < names.size() && std::getline(row, field, ','); ++i) {
      columns[names[i]].push_back(std::stod(field));
    }
  }
  return columns;
}

// A key,value CSV without a header (an ETS fit's form and parameters).
inline std::map<std::string, std::string> read_r_pairs(const std::string& name) {
  std::ifstream in(r_reference_path(name));
  EXPECT_TRUE(in) << "missing fixture " << r_reference_path(name);
  std::map<std::string, std::string> pairs;
  for (std::string line; std::getline(in, line);) {
    const auto comma = line.find(',');
    if (comma != std::string::npos) pairs[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return pairs;
}

}  // namespace fleetcast::testing
