// End-to-end: what `cmake --install` and `cpack -G DEB` make of this build tree, and `fleetcast --version`.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/run_command.h"
#include "support/test_paths.h"

namespace fleetcast {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::run_fleetcast;
using testing::run_program;
using testing::TempDir;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The commands in the "Subcommands:" block of `fleetcast --help`.
std::vector<std::string> help_commands() {
  const auto help = run_fleetcast({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  std::vector<std::string> commands;
  bool in_block = false;
  const std::regex command_line("^  ([a-z]+) .*");
  for (const auto& line : lines_of(help.out)) {
    if (line == "Subcommands:") {
      in_block = true;
    } else if (in_block && line.empty()) {
      break;
    } else if (std::smatch match; in_block && std::regex_match(line, match, command_line)) {
      commands.push_back(match[1]);
    }
  }
  return commands;
}

// Every long flag a command's --help lists.
std::set<std::string> help_flags(const std::string& command) {
  const auto help = run_fleetcast({command, "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.err;
  std::set<std::string> flags;
  const std::regex flag_line("^  (-[a-zA-Z],)?(--[a-z0-9][a-z0-9-]*).*");
  for (const auto& line : lines_of(help.out)) {
    if (std::smatch match; std::regex_match(line, match, flag_line)) flags.insert(match[2]);
  }
  return flags;
}

// The line of a completion script that handles `command` ("    report) flags=...").
std::string case_line(const std::string& script, const std::string& command) {
  for (const auto& line : lines_of(script)) {
    if (line.rfind("    " + command + ")", 0) == 0) return line;
  }
  return "";
}

bool has_word(const std::string& text, const std::string& word) {
  return std::regex_search(text, std::regex("(^|[ '(])" + word + "($|[ ')])"));
}

TEST(Version, NamesTheVersionAndTheGitRevisionOfTheBuild) {
  const auto result = run_fleetcast({"--version"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  if (std::string(FLEETCAST_GIT_COMMAND).empty()) {
    EXPECT_EQ(result.out, "fleetcast 0.1.0 (unknown)\n");
    return;
  }
  std::smatch match;
  ASSERT_TRUE(std::regex_match(result.out, match,
                               std::regex(R"(fleetcast 0\.1\.0 \(([0-9a-f]{12})(-dirty)?\)\n)")))
      << result.out;
  // The tests run in a checkout: the revision is one of its commits.
  const auto known = run_program({FLEETCAST_GIT_COMMAND, "-C", FLEETCAST_SOURCE_DIR, "cat-file", "-e",
                                  match[1].str() + "^{commit}"});
  EXPECT_EQ(known.exit_code, 0) << match[1] << " is not a commit of " << FLEETCAST_SOURCE_DIR;
}

TEST(Version, RevisionIsUnknownOutsideAGitCheckout) {
  TempDir outside;
  const fs::path output = outside.path() / "version.cpp";
  const auto result = run_program({FLEETCAST_CMAKE_COMMAND, "-DSOURCE_DIR=" + outside.path().string(),
                                   std::string("-DGIT_EXECUTABLE=") + FLEETCAST_GIT_COMMAND, "-DVERSION=9.8.7",
                                   std::string("-DTEMPLATE=") + FLEETCAST_SOURCE_DIR + "/src/cli/version.cpp.in",
                                   "-DOUTPUT=" + output.string(), "-P",
                                   std::string(FLEETCAST_SOURCE_DIR) + "/cmake/revision.cmake"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(slurp(output).find("\"fleetcast 9.8.7 (unknown)\""), std::string::npos) << slurp(output);
}

class InstallTree : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    prefix_ = new TempDir;
    const auto result = run_program({FLEETCAST_CMAKE_COMMAND, "--install", FLEETCAST_BUILD_DIR, "--prefix",
                                     prefix_->path().string()});
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  }
  static void TearDownTestSuite() {
    delete prefix_;
    prefix_ = nullptr;
  }
  static fs::path installed(const std::string& relative) { return prefix_->path() / relative; }
  static TempDir* prefix_;
};
TempDir* InstallTree::prefix_ = nullptr;

TEST_F(InstallTree, InstalledBinaryRunsAndIsTheBuiltOne) {
  const auto installed_version = run_program({installed("bin/fleetcast").string(), "--version"});
  ASSERT_EQ(installed_version.exit_code, 0) << installed_version.err;
  EXPECT_EQ(installed_version.out, run_fleetcast({"--version"}).out);
}

TEST_F(InstallTree, HasAManPagePerCommand) {
  const auto commands = help_commands();
  ASSERT_GE(commands.size(), 8u);
  EXPECT_NE(slurp(installed("share/man/man1/fleetcast.1")).find(".TH FLEETCAST \"1\""), std::string::npos);
  for (const auto& command : commands) {
    const std::string page = slurp(installed("share/man/man1/fleetcast-" + command + ".1"));
    std::string title = "fleetcast-" + command;
    for (auto& c : title) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_NE(page.find(".TH " + title + " \"1\""), std::string::npos) << command;
    EXPECT_NE(page.find(".SH OPTIONS"), std::string::npos) << command;
  }
}

TEST_F(InstallTree, CompletionsOfferEveryCommandAndEveryFlag) {
  const std::string bash = slurp(installed("share/bash-completion/completions/fleetcast"));
  const std::string zsh = slurp(installed("share/zsh/vendor-completions/_fleetcast"));
  ASSERT_NE(bash.find("complete -o default -F _fleetcast fleetcast"), std::string::npos) << bash;
  ASSERT_EQ(zsh.rfind("#compdef fleetcast\n", 0), 0u) << zsh;
  for (const auto& command : help_commands()) {
    EXPECT_NE(zsh.find("'" + command + ":"), std::string::npos) << "zsh lacks the command " << command;
    const std::string bash_line = case_line(bash, command);
    const std::string zsh_line = case_line(zsh, command);
    ASSERT_FALSE(bash_line.empty()) << "bash lacks the command " << command;
    ASSERT_FALSE(zsh_line.empty()) << "zsh lacks the command " << command;
    const auto flags = help_flags(command);
    EXPECT_TRUE(flags.count("--help")) << command;
    for (const auto& flag : flags) {
      EXPECT_TRUE(has_word(bash_line, flag)) << "bash: " << command << " " << flag;
      EXPECT_TRUE(has_word(zsh_line, flag)) << "zsh: " << command << " " << flag;
    }
  }
  // The bash script is valid bash.
  if (fs::exists("/bin/bash")) {
    EXPECT_EQ(run_program({"/bin/bash", "-n", installed("share/bash-completion/completions/fleetcast").string()})
                  .exit_code, 0);
  }
}

TEST(DebPackage, HoldsTheBinaryManPagesAndCompletionsWithTheirDependencies) {
  if (!fs::exists("/usr/bin/dpkg-deb")) GTEST_SKIP() << "dpkg-deb is absent";
  TempDir out;
  const auto packed = run_program({FLEETCAST_CPACK_COMMAND, "-G", "DEB", "--config",
                                   std::string(FLEETCAST_BUILD_DIR) + "/CPackConfig.cmake", "-B",
                                   out.path().string()});
  ASSERT_EQ(packed.exit_code, 0) << packed.out << packed.err;
  const fs::path deb = out.path() / "fleetcast_0.1.0_amd64.deb";
  ASSERT_TRUE(fs::exists(deb)) << packed.out;

  const auto info = run_program({"/usr/bin/dpkg-deb", "--info", deb.string()});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find(" Package: fleetcast\n"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find(" Version: 0.1.0\n"), std::string::npos) << info.out;
  // Depends comes from the libraries the binary links: the C library, serve's SQLite and gRPC among them.
  std::smatch depends;
  ASSERT_TRUE(std::regex_search(info.out, depends, std::regex(" Depends: ([^\n]+)\n"))) << info.out;
  for (const auto* library : {"libc6 (", "libsqlite3-0 (", "libgrpc++1", "libcpp-httplib"}) {
    EXPECT_NE(depends[1].str().find(library), std::string::npos) << library << " is not in " << depends[1];
  }

  const auto contents = run_program({"/usr/bin/dpkg-deb", "--contents", deb.string()});
  ASSERT_EQ(contents.exit_code, 0) << contents.err;
  std::vector<std::string> expected = {"./usr/bin/fleetcast", "./usr/share/man/man1/fleetcast.1",
                                       "./usr/share/bash-completion/completions/fleetcast",
                                       "./usr/share/zsh/vendor-completions/_fleetcast"};
  for (const auto& command : help_commands()) expected.push_back("./usr/share/man/man1/fleetcast-" + command + ".1");
  for (const auto& path : expected) {
    EXPECT_TRUE(std::regex_search(contents.out, std::regex(" " + path + "\n"))) << path << "\n" << contents.out;
  }
}

}  // namespace
}  // namespace fleetcast
