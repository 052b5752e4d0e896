// The dashboard page compiled into the binary: complete, self-contained, and asking the API for what it draws.
#include <gtest/gtest.h>

#include <string>

#include "service/dashboard_page.h"

namespace {

using fleetcast::service::dashboard_page;

TEST(DashboardPage, IsOneCompleteHtmlDocument) {
  const std::string page{dashboard_page()};
  EXPECT_TRUE(page.starts_with("<!doctype html>\n"));
  EXPECT_TRUE(page.ends_with("</html>\n"));
  EXPECT_EQ(page.find('\0'), std::string::npos);
}

TEST(DashboardPage, InlinesUplotAndThePageSources) {
  const std::string page{dashboard_page()};
  EXPECT_NE(page.find("var uPlot="), std::string::npos) << "uPlot's script";
  EXPECT_NE(page.find(".uplot {"), std::string::npos) << "uPlot's style";
  EXPECT_NE(page.find("new uPlot("), std::string::npos) << "the page's script";
  EXPECT_NE(page.find("#accuracy"), std::string::npos) << "the page's style";
  for (const char* placeholder : {"@UPLOT_JS@", "@UPLOT_CSS@", "@PAGE_JS@", "@PAGE_CSS@"}) {
    EXPECT_EQ(page.find(placeholder), std::string::npos) << placeholder;
  }
}

TEST(DashboardPage, LoadsNothingFromElsewhere) {
  const std::string page{dashboard_page()};
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("rel=\"stylesheet\""), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_NE(page.find("content=\"default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                      "connect-src 'self';"),
            std::string::npos)
      << "the Content-Security-Policy that lets the browser fetch only from the server that sent the page";
}

TEST(DashboardPage, FetchesTheApiItDraws) {
  const std::string page{dashboard_page()};
  for (const char* path : {"'/api/v1/pools'", "`/api/v1/forecast?${query}`", "`/api/v1/plan?${query}`",
                           "'/api/v1/accuracy'"}) {
    EXPECT_NE(page.find(path), std::string::npos) << path;
  }
  EXPECT_NE(page.find("Authorization: `Bearer ${token}`"), std::string::npos);
}

}  // namespace
