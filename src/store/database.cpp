#include "minecs/store/database.hpp"

#include <sqlite3.h>

#include <map>
#include <stdexcept>

#include "migrations.hpp"

namespace minecs::store {

namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

std::uint64_t next_lineage() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

database::database(const std::string& path) : lineage_(next_lineage()) {
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    // WAL with synchronous=NORMAL: a committed transaction survives the process being killed
    // (kill -9); only an OS crash could lose the last ones, which a local emulator accepts.
    // One connection owns the file (the store is minecs's alone), so SQLite need not take file
    // locks on every transaction; an outside sqlite3 shell can read the file once minecs has
    // stopped.
    exec("PRAGMA locking_mode=EXCLUSIVE");
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    // Fewer, larger checkpoints: each one syncs while every request waits on the connection.
    exec("PRAGMA wal_autocheckpoint=4000");
    exec("PRAGMA foreign_keys=ON");
    std::lock_guard lock(mutex_);
    migrate();
  } catch (...) {
    // No destructor runs for a constructor that throws, so the connection is closed here.
    for (auto& [_, stmt] : statements_) {
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db_);
    throw;
  }
}

database::~database() {
  for (auto& [_, stmt] : statements_) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db_);
}

void database::exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw std::runtime_error("sqlite: " + msg + " in: " + text);
  }
}

statement database::prepare(std::string_view sql) {
  ++statements_run_;
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      fail(db_, "prepare " + std::string(sql));
    }
    it = statements_.emplace(std::string(sql), stmt).first;
  }
  return statement(db_, it->second);
}

std::int64_t database::last_insert_rowid() {
  return sqlite3_last_insert_rowid(db_);
}
int database::changed_rows() {
  return sqlite3_changes(db_);
}

int database::schema_version() {
  return read([&] {
    auto st = prepare("PRAGMA user_version");
    st.step();
    return static_cast<int>(st.int64(0));
  });
}

void database::migrate() {
  // The statement is reset (at the end of its scope) before any step runs: SQLite refuses to
  // drop an index or table while a statement of the connection is still active.
  std::size_t version = 0;
  {
    auto st = prepare("PRAGMA user_version");
    st.step();
    version = static_cast<std::size_t>(st.int64(0));
  }
  const auto& steps = migrations();
  if (version > steps.size()) {
    throw std::runtime_error("the database schema (version " + std::to_string(version) +
                             ") is newer than this minecs understands");
  }
  for (auto v = version; v < steps.size(); ++v) {
    transaction tx(*this, true);
    exec(steps[v]);
    exec("PRAGMA user_version=" + std::to_string(v + 1));
    tx.commit();
  }
}

void database::wipe() {
  write([&] {
    auto tables =
        prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'");
    std::vector<std::string> names;
    while (tables.step()) {
      names.push_back(tables.text(0));
    }
    for (const auto& name : names) {
      exec("DELETE FROM \"" + name + "\"");
    }
    // Inside the write: no request sees the empty store under the old lineage.
    lineage_.store(next_lineage(), std::memory_order_release);
  });
}

database::transaction::transaction(database& db, bool write) : db_(db) {
  db_.prepare(write ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

database::transaction::~transaction() {
  if (!done_) {
    sqlite3_exec(db_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void database::transaction::commit() {
  db_.prepare("COMMIT").run();
  done_ = true;
}

statement::~statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

statement& statement::bind(int index, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, index, v) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}
statement& statement::bind(int index, double v) {
  if (sqlite3_bind_double(stmt_, index, v) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}
statement& statement::bind(int index, std::string_view v) {
  if (sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}
statement& statement::bind(int index, std::nullptr_t) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
    fail(db_, "bind");
  }
  return *this;
}

bool statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  fail(db_, "step");
}

bool statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
std::int64_t statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}
std::string statement::text(int col) const {
  auto* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
std::optional<std::string> statement::opt_text(int col) const {
  return is_null(col) ? std::nullopt : std::optional(text(col));
}
std::optional<double> statement::opt_real(int col) const {
  return is_null(col) ? std::nullopt : std::optional(real(col));
}
std::optional<std::int64_t> statement::opt_int64(int col) const {
  return is_null(col) ? std::nullopt : std::optional(int64(col));
}

}  // namespace minecs::store
