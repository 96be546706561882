#include "engine/core/workers.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/core/error.hpp"

namespace sg {

// Workers sleep on `wake` until run() bumps `generation`; each finished part
// counts `pending` down, and the last one signals `done`.
struct Workers::Pool {
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::condition_variable wake, done;
  const std::function<void(int)>* task = nullptr;
  int parts = 0;
  int pending = 0;                 // parts on workers not finished yet
  std::uint64_t generation = 0;    // bumped by each run(): the workers' signal to start
  bool stopping = false;
  std::vector<std::exception_ptr> errors;   // per part

  void work(int part) {
    std::uint64_t seen = 0;
    for (;;) {
      const std::function<void(int)>* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return stopping || generation != seen; });
        if (stopping) return;
        seen = generation;
        if (part < parts) job = task;
      }
      if (!job) continue;   // this run needs fewer parts than there are threads
      std::exception_ptr error;
      try {
        (*job)(part);
      } catch (...) {
        error = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      errors[static_cast<std::size_t>(part)] = error;
      if (--pending == 0) done.notify_one();
    }
  }
};

Workers::Workers(int threads) : threads_(threads) {
  if (threads < 1 || threads > 256)
    throw ValueError(fmt::format("Workers: threads must be in [1, 256], got {}", threads));
  pool_ = std::make_unique<Pool>();
  pool_->errors.resize(static_cast<std::size_t>(threads));
  for (int part = 1; part < threads; ++part) pool_->threads.emplace_back([this, part] { pool_->work(part); });
}

Workers::~Workers() {
  {
    std::lock_guard<std::mutex> lock(pool_->mutex);
    pool_->stopping = true;
  }
  pool_->wake.notify_all();
  for (std::thread& t : pool_->threads) t.join();
}

void Workers::run(int parts, const std::function<void(int)>& task) {
  if (parts < 1 || parts > threads_)
    throw ValueError(fmt::format("Workers::run: parts must be in [1, {}], got {}", threads_, parts));
  Pool& p = *pool_;
  if (parts > 1) {
    {
      std::lock_guard<std::mutex> lock(p.mutex);
      p.task = &task;
      p.parts = parts;
      p.pending = parts - 1;
      ++p.generation;
    }
    p.wake.notify_all();
  }
  std::exception_ptr first;
  try {
    task(0);
  } catch (...) {
    first = std::current_exception();
  }
  if (parts > 1) {
    std::unique_lock<std::mutex> lock(p.mutex);
    p.done.wait(lock, [&] { return p.pending == 0; });
    p.task = nullptr;
    for (int part = 1; part < parts && !first; ++part) first = p.errors[static_cast<std::size_t>(part)];
    for (auto& e : p.errors) e = nullptr;
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace sg
