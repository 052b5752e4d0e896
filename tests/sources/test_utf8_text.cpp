#include "sources/utf8_text.h"

#include <gtest/gtest.h>

namespace fleetcast::sources {
namespace {

TEST(FirstInvalidUtf8Line, ValidTextHasNone) {
  EXPECT_EQ(first_invalid_utf8_line(""), std::nullopt);
  EXPECT_EQ(first_invalid_utf8_line("pools:\n  - name: café ☕ 推論\n"), std::nullopt);
}

TEST(FirstInvalidUtf8Line, NamesTheLine) {
  EXPECT_EQ(first_invalid_utf8_line("\xff"), 1u);
  EXPECT_EQ(first_invalid_utf8_line("a\nb\n  - name: bad\xc3\x28name\nc\n"), 3u);
  EXPECT_EQ(first_invalid_utf8_line("a\n\n\xe2\x82"), 3u);           // a sequence cut short at the end
  EXPECT_EQ(first_invalid_utf8_line("a\xc0\xaf\nb\xff\n"), 1u);      // an overlong encoding; the first line wins
  EXPECT_EQ(first_invalid_utf8_line("ok\n\xed\xa0\x80\n"), 2u);      // a UTF-16 surrogate
}

}  // namespace
}  // namespace fleetcast::sources
