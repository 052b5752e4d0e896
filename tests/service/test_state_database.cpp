#include "service/state_database.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/errors.h"

namespace fleetcast::service {
namespace {

std::filesystem::path fresh_path(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("fleetcast-test-" + name + "-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  return path;
}

TEST(StateDatabase, UncommittedTransactionIsRolledBack) {
  const auto path = fresh_path("rollback");
  {
    StateDatabase database(path);
    database.execute("CREATE TABLE counts (n INTEGER)");
    {
      Transaction kept(database);
      Statement(database.handle(), "INSERT INTO counts VALUES (1)").run();
      kept.commit();
    }
    {
      Transaction dropped(database);
      Statement(database.handle(), "INSERT INTO counts VALUES (2)").run();
    }
  }
  StateDatabase reopened(path);
  Statement sum(reopened.handle(), "SELECT COUNT(*), SUM(n) FROM counts");
  ASSERT_TRUE(sum.step());
  EXPECT_EQ(sum.column_int(0), 1);
  EXPECT_EQ(sum.column_int(1), 1);
  std::filesystem::remove(path);
}

TEST(StateDatabase, RefusesAFileThatIsNotAStateDatabase) {
  const auto path = fresh_path("garbage");
  std::ofstream(path) << "this is not sqlite, it is a text file of some length to look like a header..........\n";
  try {
    StateDatabase database(path);
    FAIL() << "opened a text file";
  } catch (const RuntimeFailure& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
  std::filesystem::remove(path);
}

TEST(StateDatabase, RefusesAnotherApplicationsDatabase) {
  const auto path = fresh_path("other");
  {
    StateDatabase database(path);
    database.execute("UPDATE meta SET value = 'something-else' WHERE key = 'application'");
  }
  EXPECT_THROW(StateDatabase{path}, RuntimeFailure);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace fleetcast::service
