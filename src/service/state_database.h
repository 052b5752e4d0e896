#pragma once
// The service's state file: one SQLite database in WAL mode, so the HTTP threads can read while the
// refresh loop writes, and a kill -9 loses at most the transaction in flight. Each part of the service
// creates its own tables (CREATE TABLE IF NOT EXISTS) through this connection.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace fleetcast::service {

// One prepared statement; bind by 1-based index, step, read columns by 0-based index.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind_null(int index);
  // True while a row is available; false when done. Throws RuntimeFailure on error.
  bool step();
  // Steps to completion and resets, ready to bind again.
  void run();
  void reset();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

class StateDatabase {
 public:
  // Opens or creates `path` (WAL, foreign keys on). Throws RuntimeFailure naming the file when it cannot
  // be opened or is not a fleetcast state database.
  explicit StateDatabase(const std::filesystem::path& path);
  ~StateDatabase();
  StateDatabase(const StateDatabase&) = delete;
  StateDatabase& operator=(const StateDatabase&) = delete;

  sqlite3* handle() { return db_; }
  const std::filesystem::path& path() const { return path_; }
  void execute(std::string_view sql);

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed before commit() (an exception on the way).
class Transaction {
 public:
  explicit Transaction(StateDatabase& database);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  StateDatabase& database_;
  bool done_ = false;
};

}  // namespace fleetcast::service
