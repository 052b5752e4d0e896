#include "service/state_database.h"

#include <fmt/format.h>

#include "common/errors.h"

namespace fleetcast::service {
namespace {

constexpr std::string_view kApplicationTag = "fleetcast-state";

[[noreturn]] void fail(sqlite3* db, std::string_view doing) {
  throw RuntimeFailure(fmt::format("state database: {}: {}", doing, db ? sqlite3_errmsg(db) : "out of memory"));
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK) {
    fail(db, fmt::format("preparing '{}'", sql));
  }
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (sqlite3_bind_double(statement_, index, value) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(db_, "binding");
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

bool Statement::step() {
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  fail(db_, fmt::format("running '{}'", sqlite3_sql(statement_)));
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(statement_, index); }
double Statement::column_double(int index) const { return sqlite3_column_double(statement_, index); }
std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(statement_, index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(statement_, index)))
              : std::string();
}
bool Statement::column_is_null(int index) const { return sqlite3_column_type(statement_, index) == SQLITE_NULL; }

StateDatabase::StateDatabase(const std::filesystem::path& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw RuntimeFailure(fmt::format("{}: cannot open the state database: {}", path.string(), message));
  }
  try {
    sqlite3_busy_timeout(db_, 5000);
    execute("PRAGMA journal_mode=WAL");
    // NORMAL in WAL mode survives a killed process (only a power loss may drop the last commits).
    execute("PRAGMA synchronous=NORMAL");
    execute("PRAGMA foreign_keys=ON");
    execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    Statement tag(db_, "SELECT value FROM meta WHERE key = 'application'");
    if (tag.step()) {
      if (tag.column_text(0) != kApplicationTag) {
        throw RuntimeFailure(fmt::format("{}: not a fleetcast state database", path.string()));
      }
    } else {
      Statement insert(db_, "INSERT INTO meta (key, value) VALUES ('application', ?)");
      insert.bind(1, kApplicationTag).run();
    }
  } catch (const RuntimeFailure& error) {
    sqlite3_close(db_);
    const std::string what = error.what();
    // A file that is not SQLite at all fails on the first pragma with "file is not a database".
    if (what.find(path.string()) == 0) throw;
    throw RuntimeFailure(fmt::format("{}: {}", path.string(), what));
  }
}

StateDatabase::~StateDatabase() { sqlite3_close(db_); }

void StateDatabase::execute(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string reason = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw RuntimeFailure(fmt::format("state database: running '{}': {}", text, reason));
  }
}

Transaction::Transaction(StateDatabase& database) : database_(database) { database_.execute("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  database_.execute("COMMIT");
  done_ = true;
}

}  // namespace fleetcast::service
