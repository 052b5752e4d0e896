#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <string>

#include "common/errors.h"
#include "sources/input_files.h"
#include "sources/line_scanner.h"
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

TailScan tail(const std::filesystem::path& path, std::uint64_t begin, std::uint64_t lines_before, CollectingConsumer& consumer) {
  const auto inputs = InputFiles::resolve({path.string()});
  return scan_tail(inputs->files().front(), 7, begin, lines_before, consumer);
}

TEST(ScanTail, ReadsOnFromAnOffsetToTheLastNewline) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.write("a.jsonl", "{a}\n\nnope\n{b}\n{c, still being writ");
  CollectingConsumer first;
  const TailScan one = tail(path, 0, 0, first);
  EXPECT_EQ(first.lines, (std::vector<std::string>{"{a}", "{b}"}));
  EXPECT_EQ(one.end, 14u);
  EXPECT_EQ(one.line_count, 4u);
  EXPECT_EQ(one.stats.lines, 3u);
  EXPECT_EQ(one.stats.skipped, 1u);
  EXPECT_EQ(one.stats.bytes, 14u);
  ASSERT_EQ(one.stats.first_skipped.size(), 1u);
  EXPECT_EQ(one.stats.first_skipped[0].file_index, 7u);
  EXPECT_EQ(one.stats.first_skipped[0].line_number, 3u);

  std::ofstream(path, std::ios::app) << "ten}\r\nbad\n";
  CollectingConsumer second;
  const TailScan two = tail(path, one.end, one.line_count, second);
  EXPECT_EQ(second.lines, (std::vector<std::string>{"{c, still being written}"}));
  EXPECT_EQ(second.offsets, (std::vector<std::uint64_t>{14}));
  EXPECT_EQ(two.end, 44u);
  EXPECT_EQ(two.line_count, 6u);
  ASSERT_EQ(two.stats.first_skipped.size(), 1u);
  EXPECT_EQ(two.stats.first_skipped[0].line_number, 6u);

  CollectingConsumer none;
  const TailScan three = tail(path, two.end, two.line_count, none);
  EXPECT_EQ(three.end, 44u);
  EXPECT_EQ(three.stats.lines, 0u);
}

TEST(ScanTail, ReadsAGzipFileWholeFromAnOffsetOfItsContent) {
  fleetcast::testing::TempDir dir;
  const auto path = dir.path() / "a.jsonl.gz";
  const std::string content = "{a}\nnope\n{b}\n{c}";  // a finished file may lack its last newline
  gzFile file = gzopen(path.c_str(), "wb");
  gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
  gzclose(file);
  CollectingConsumer consumer;
  const TailScan scan = tail(path, 9, 2, consumer);
  EXPECT_EQ(consumer.lines, (std::vector<std::string>{"{b}", "{c}"}));
  EXPECT_EQ(scan.end, content.size());
  EXPECT_EQ(scan.line_count, 4u);
  EXPECT_EQ(scan.stats.lines, 2u);
  EXPECT_EQ(scan.stats.skipped, 0u);
  EXPECT_EQ(scan.stats.bytes, content.size() - 9);
}

TEST(ScanTail, AGzipStreamCutShortIsAnInputError) {
  fleetcast::testing::TempDir dir;
  const auto whole = dir.path() / "whole.gz";
  std::string content;
  for (int i = 0; i < 1000; ++i) content += "{line " + std::to_string(i) + "}\n";
  gzFile file = gzopen(whole.c_str(), "wb");
  gzwrite(file, content.data(), static_cast<unsigned>(content.size()));
  gzclose(file);
  std::ifstream in(whole, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(in), {});
  const auto cut = dir.write("cut.jsonl.gz", bytes.substr(0, bytes.size() / 2));
  CollectingConsumer consumer;
  EXPECT_THROW(tail(cut, 0, 0, consumer), InputError);
}

}  // namespace
}  // namespace fleetcast::sources
