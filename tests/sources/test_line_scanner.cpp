#include "sources/line_scanner.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <mutex>
#include <string>

#include "common/errors.h"
#include "sources/input_files.h"
#include "support/test_paths.h"

namespace fleetcast::sources {
namespace {

// Keeps lines that start with '{', rejects the rest.
class CollectingConsumer : public LineConsumer {
 public:
  const char* consume(const Line& line) override {
    if (line.text.empty() || line.text.front() != '{') return "rejected";
    lines.emplace_back(line.text);
    offsets.push_back(line.offset);
    return nullptr;
  }
  std::vector<std::uint64_t> offsets;
  std::vector<std::string> lines;
};

ScanResult scan(const std::vector<std::string>& patterns) {
  const auto inputs = InputFiles::resolve(patterns);
  return scan_lines(*inputs, [] { return std::make_unique<CollectingConsumer>(); }, nullptr);
}

std::vector<std::string> all_lines(ScanResult& result) {
  std::vector<std::string> lines;
  for (auto& consumer : result.consumers) {
    auto& collected = static_cast<CollectingConsumer&>(*consumer).lines;
    lines.insert(lines.end(), collected.begin(), collected.end());
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

void write_gzip(const std::filesystem::path& path, const std::string& content) {
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
  gzclose(file);
}

TEST(LineScanner, BlankLinesIgnoredCrlfStrippedLastLineWithoutNewline) {
  fleetcast::testing::TempDir dir;
  dir.write("a.jsonl", "{1}\r\n\n   \nbad\n{2}");
  auto result = scan({(dir.path() / "a.jsonl").string()});
  EXPECT_EQ(result.stats.lines, 3u);
  EXPECT_EQ(result.stats.skipped, 1u);
  ASSERT_EQ(result.stats.first_skipped.size(), 1u);
  EXPECT_EQ(result.stats.first_skipped[0].line_number, 4u);
  EXPECT_EQ(all_lines(result), (std::vector<std::string>{"{1}", "{2}"}));
}

TEST(LineScanner, DirectoryReadsJsonlAndGzipOnly) {
  fleetcast::testing::TempDir dir;
  dir.write("d/a.jsonl", "{a}\n");
  write_gzip(dir.path() / "d/b.jsonl.gz", "{b}\nnope\n{c}\n");
  dir.write("d/notes.txt", "{ignored}\n");
  auto result = scan({(dir.path() / "d").string()});
  EXPECT_EQ(all_lines(result), (std::vector<std::string>{"{a}", "{b}", "{c}"}));
  ASSERT_EQ(result.stats.first_skipped.size(), 1u);
  EXPECT_EQ(result.stats.first_skipped[0].line_number, 2u);
  EXPECT_EQ(result.stats.first_skipped[0].file_index, 1u);
}

TEST(LineScanner, GlobAndMissingPaths) {
  fleetcast::testing::TempDir dir;
  dir.write("x1.jsonl", "{1}\n");
  dir.write("x2.jsonl", "{2}\n");
  auto result = scan({(dir.path() / "x*.jsonl").string()});
  EXPECT_EQ(all_lines(result).size(), 2u);
  EXPECT_THROW(scan({(dir.path() / "missing.jsonl").string()}), InputError);
  EXPECT_THROW(scan({(dir.path() / "nothing*.jsonl").string()}), InputError);
}

TEST(LineScanner, TruncatedGzipIsReportedNotFatal) {
  fleetcast::testing::TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i) content += "{\"line\": " + std::to_string(i) + "}\n";
  write_gzip(dir.path() / "t.jsonl.gz", content);
  std::filesystem::resize_file(dir.path() / "t.jsonl.gz", std::filesystem::file_size(dir.path() / "t.jsonl.gz") / 2);
  auto result = scan({(dir.path() / "t.jsonl.gz").string()});
  EXPECT_EQ(result.stats.file_errors.size(), 1u);
  EXPECT_LT(all_lines(result).size(), 2000u);
}

TEST(LineScanner, LineNumbersStayExactAcrossParallelChunks) {
  // Larger than one 8 MiB chunk, so the file is split and numbered by several workers.
  fleetcast::testing::TempDir dir;
  std::string content;
  const std::string good = "{\"padding\": \"" + std::string(100, 'x') + "\"}\n";
  const int total = 200'000;
  for (int i = 1; i <= total; ++i) content += (i % 50'000 == 0) ? "broken\n" : good;
  dir.write("big.jsonl", content);
  auto result = scan({(dir.path() / "big.jsonl").string()});
  EXPECT_EQ(result.stats.lines, static_cast<std::uint64_t>(total));
  ASSERT_EQ(result.stats.first_skipped.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(result.stats.first_skipped[i].line_number, 50'000u * (i + 1));
}

TEST(LineScanner, KeepsOnlyTheFirstTenSkipsButCountsAll) {
  fleetcast::testing::TempDir dir;
  std::string content;
  for (int i = 0; i < 25; ++i) content += "bad\n{ok}\n";
  dir.write("m.jsonl", content);
  auto result = scan({(dir.path() / "m.jsonl").string()});
  EXPECT_EQ(result.stats.skipped, 25u);
  EXPECT_EQ(result.stats.first_skipped.size(), kMaxReportedSkips);
  EXPECT_EQ(result.stats.first_skipped.back().line_number, 19u);
}

TEST(LineScanner, RangesReadOnlyTheirLinesInPlainAndGzipFiles) {
  fleetcast::testing::TempDir dir;
  const std::string content = "{a}\n{bb}\n{ccc}\n{dddd}\n";  // lines start at 0, 4, 9, 15
  dir.write("r.jsonl", content);
  write_gzip(dir.path() / "r.jsonl.gz", content);
  const auto inputs = InputFiles::resolve({(dir.path() / "r.jsonl").string(), (dir.path() / "r.jsonl.gz").string()});
  for (std::uint32_t file = 0; file < 2; ++file) {
    CollectingConsumer consumer;
    scan_line_ranges(*inputs, file, {{4, 8}, {15, 21}}, consumer);
    EXPECT_EQ(consumer.lines, (std::vector<std::string>{"{bb}", "{dddd}"})) << file;
    EXPECT_EQ(consumer.offsets, (std::vector<std::uint64_t>{4, 15})) << file;
  }
}

}  // namespace
}  // namespace fleetcast::sources
