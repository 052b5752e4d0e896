#include "sources/line_scanner.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
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

std::string numbered_lines(int count) {
  std::string content;
  for (int i = 0; i < count; ++i) content += "{\"line\": " + std::to_string(i) + "}\n";
  return content;
}

std::string gzip_bytes(const std::string& content) {
  fleetcast::testing::TempDir dir;
  write_gzip(dir.path() / "x.gz", content);
  std::ifstream in(dir.path() / "x.gz", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string error_of(const std::vector<std::string>& patterns) {
  try {
    scan(patterns);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no InputError";
}

TEST(LineScanner, TruncatedGzipIsAnErrorNamingTheFile) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.path() / "t.jsonl.gz";
  write_gzip(path, numbered_lines(2000));
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  const std::string error = error_of({path.string()});
  EXPECT_NE(error.find(path.string() + ": gzip stream is truncated after line "), std::string::npos) << error;
}

TEST(LineScanner, GzipCutAtAMemberBoundaryOrWithinTheTrailerIsTruncated) {
  fleetcast::testing::TempDir dir;
  const std::string member = gzip_bytes(numbered_lines(10));
  // A second member cut inside its header, and a single member missing the last byte of its trailer.
  dir.write("header.jsonl.gz", member + member.substr(0, 5));
  dir.write("trailer.jsonl.gz", member.substr(0, member.size() - 1));
  EXPECT_NE(error_of({(dir.path() / "header.jsonl.gz").string()}).find("gzip stream is truncated after line 10"), std::string::npos);
  EXPECT_NE(error_of({(dir.path() / "trailer.jsonl.gz").string()}).find("gzip stream is truncated"), std::string::npos);
}

TEST(LineScanner, CorruptGzipIsAnErrorNamingTheFile) {
  fleetcast::testing::TempDir dir;
  const std::string bytes = gzip_bytes(numbered_lines(5000));
  std::string bad_checksum = bytes;
  bad_checksum[bad_checksum.size() - 8] = static_cast<char>(~bad_checksum[bad_checksum.size() - 8]);
  std::string bad_block = bytes;
  bad_block[10] = static_cast<char>(bad_block[10] | 0x06);  // the first deflate block's type becomes the reserved 3
  const auto checksum_path = dir.write("crc.jsonl.gz", bad_checksum);
  const auto block_path = dir.write("block.jsonl.gz", bad_block);
  EXPECT_NE(error_of({checksum_path.string()}).find(checksum_path.string() + ": gzip data is corrupt (incorrect data check) after line "),
            std::string::npos)
      << error_of({checksum_path.string()});
  EXPECT_NE(error_of({block_path.string()}).find(block_path.string() + ": gzip data is corrupt (invalid block type) after line 0"),
            std::string::npos)
      << error_of({block_path.string()});
}

TEST(LineScanner, ConcatenatedGzipMembersAreReadWhole) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("m.jsonl.gz", gzip_bytes("{a}\n{b}") + gzip_bytes("\n{c}\n"));
  auto result = scan({path.string()});
  EXPECT_EQ(all_lines(result), (std::vector<std::string>{"{a}", "{b}", "{c}"}));
}

TEST(LineScanner, GzipLineOfTwentyMebibytesKeepsEveryLaterLine) {
  // The stream buffer used to stop growing after one doubling: the read then asked zlib for 0 bytes, took
  // that for the end of the file, and every line after the long one vanished without an error.
  fleetcast::testing::TempDir dir;
  const std::string long_line = "{" + std::string(20u << 20, 'x') + "}";
  const auto path = dir.path() / "long.jsonl.gz";
  write_gzip(path, "{first}\n" + long_line + "\n" + numbered_lines(1000) + "{last}");
  auto result = scan({path.string()});
  const auto lines = all_lines(result);
  EXPECT_EQ(result.stats.lines, 1003u);
  EXPECT_EQ(result.stats.skipped, 0u);
  ASSERT_EQ(lines.size(), 1003u);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), long_line), 1);  // not printed on failure: 20 MiB
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "{last}"), 1);
}

TEST(LineScanner, PlainLineLongerThanAChunkIsReadWhole) {
  fleetcast::testing::TempDir dir;
  const std::string long_line = "{" + std::string(20u << 20, 'y') + "}";
  const auto path = dir.write("long.jsonl", "{first}\n" + long_line + "\n{last}\n");
  auto result = scan({path.string()});
  const auto lines = all_lines(result);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "{first}");
  EXPECT_EQ(lines[1], "{last}");
  EXPECT_TRUE(lines[2] == long_line);
}

TEST(LineScanner, ReadsOnlyWhatTheFileHeldWhenResolved) {
  // A log still being written: lines appended after the inputs were resolved are left for the next run,
  // so every pass over the inputs sees the same lines.
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("growing.jsonl", "{a}\n{b}\n");
  const auto inputs = InputFiles::resolve({path.string()});
  std::ofstream(path, std::ios::app) << "{c}\n";
  auto result = scan_lines(*inputs, [] { return std::make_unique<CollectingConsumer>(); }, nullptr);
  EXPECT_EQ(all_lines(result), (std::vector<std::string>{"{a}", "{b}"}));
}

TEST(LineScanner, FileShrunkOrReplacedAfterResolvingIsAnError) {
  fleetcast::testing::TempDir dir;
  const auto shrunk = dir.write("shrunk.jsonl", "{a}\n{b}\n");
  const auto replaced = dir.write("replaced.jsonl", "{a}\n{b}\n");
  const auto inputs = InputFiles::resolve({shrunk.string(), replaced.string()});
  std::filesystem::resize_file(shrunk, 4);
  const auto make = [] { return std::make_unique<CollectingConsumer>(); };
  EXPECT_THROW(scan_lines(*inputs, make, nullptr), RuntimeFailure);
  std::filesystem::resize_file(shrunk, 8);
  std::filesystem::rename(dir.write("replacement.jsonl", "{z}\n{y}\n"), replaced);
  EXPECT_THROW(scan_lines(*inputs, make, nullptr), RuntimeFailure);
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

namespace fleetcast::sources {
namespace {

TEST(MergeLineRanges, SortsAndJoinsOverlappingAndTouchingRanges) {
  const auto merged = merge_line_ranges({{40, 50}, {0, 10}, {10, 20}, {45, 60}, {70, 80}, {15, 18}});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].begin, 0u);
  EXPECT_EQ(merged[0].end, 20u);
  EXPECT_EQ(merged[1].begin, 40u);
  EXPECT_EQ(merged[1].end, 60u);
  EXPECT_EQ(merged[2].begin, 70u);
  EXPECT_EQ(merged[2].end, 80u);
  EXPECT_TRUE(merge_line_ranges({}).empty());
}

}  // namespace
}  // namespace fleetcast::sources
