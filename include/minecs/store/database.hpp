#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "minecs/core/change_signal.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace minecs::store {

class statement;

// One SQLite connection in WAL mode. Every access goes through read() or write(), each one
// transaction under the connection's mutex: a write commits when the function returns and rolls
// back when it throws, so a failed request changes nothing. Committed writes bump `changes()`,
// which the reconciler waits on.
class database {
 public:
  // ":memory:" for tests. Applies pending schema migrations.
  explicit database(const std::string& path);
  ~database();
  database(const database&) = delete;
  database& operator=(const database&) = delete;

  template <class F>
  auto read(F&& fn) {
    std::lock_guard lock(mutex_);
    transaction tx(*this, false);
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      tx.commit();
    } else {
      auto result = fn();
      tx.commit();
      return result;
    }
  }

  template <class F>
  auto write(F&& fn) {
    std::unique_lock lock(mutex_);
    transaction tx(*this, true);
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      tx.commit();
      lock.unlock();
      changes_.notify();
    } else {
      auto result = fn();
      tx.commit();
      lock.unlock();
      changes_.notify();
      return result;
    }
  }

  change_signal& changes() { return changes_; }
  int schema_version();
  // Deletes every row of every table (POST /_minecs/reset), in one transaction.
  void wipe();
  // A number unique in this process to what this database holds: each database object gets a
  // new one, and so does every wipe(). A cache of facts that, once true, stay true until a wipe
  // (a region's defaults exist) keys on it, so that neither a reset nor a database that reuses
  // a freed one's address can be served a stale fact.
  std::uint64_t lineage() const { return lineage_.load(std::memory_order_acquire); }

  // For the table code in this layer: valid only inside read()/write().
  statement prepare(std::string_view sql);
  // How many statements prepare() has handed out: lets a test hold a lookup to a number of
  // queries that does not grow with the rows it reads.
  std::uint64_t statements_run() const { return statements_run_; }
  void exec(std::string_view sql);
  std::int64_t last_insert_rowid();
  int changed_rows();

 private:
  class transaction {
   public:
    transaction(database& db, bool write);
    ~transaction();
    void commit();

   private:
    database& db_;
    bool done_ = false;
  };

  void migrate();

  sqlite3* db_ = nullptr;
  // Prepared statements live as long as the connection: preparing is most of a small query's cost.
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
  std::uint64_t statements_run_ = 0;
  std::mutex mutex_;
  change_signal changes_;
  std::atomic<std::uint64_t> lineage_;
};

// A prepared statement; cached per SQL text by the database, reset on destruction.
class statement {
 public:
  statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  statement(statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) {
    other.stmt_ = nullptr;
  }
  statement(const statement&) = delete;
  ~statement();

  statement& bind(int index, std::int64_t v);
  statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  statement& bind(int index, double v);
  statement& bind(int index, std::string_view v);
  statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  statement& bind(int index, std::nullptr_t);
  template <class T>
  statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind(index, nullptr);
  }

  // Steps once: true when a row is available.
  bool step();
  void run() {
    while (step()) {
    }
  }

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  std::optional<double> opt_real(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace minecs::store
