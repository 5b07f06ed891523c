#pragma once
// A bounded, blocking, multi-producer multi-consumer queue with explicit close, in the spirit of
// spdlog's mpmc_blocking_q. It is bounded twice: by the number of items and by the sum of the
// byte sizes the producers declare for them, so memory stays bounded whether the inputs are
// many small files or a few huge ones.
//
//   producers ─► push(item, bytes) ──► [ items ≤ max_items, Σbytes ≤ max_bytes ] ──► pop ─►
//   consumers
//                 blocks while full                                              blocks while empty
//
// An item larger than max_bytes on its own is admitted once the queue is empty, so a single
// oversized input passes instead of deadlocking (the bound is then exceeded by that one item).
//
// Shutdown: close() wakes every waiter. After it push() refuses (returns false) and pop() keeps
// returning the items still queued, then false. Closing twice is harmless.
//
// Thread-safety: every member function may be called from any thread.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>

namespace edgarsql::pipeline {

template <typename T>
class BoundedQueue {
  public:
    /// Both bounds are clamped to at least 1.
    BoundedQueue(std::size_t max_items, std::size_t max_bytes)
        : max_items_(max_items > 0 ? max_items : 1), max_bytes_(max_bytes > 0 ? max_bytes : 1) {}
    BoundedQueue(const BoundedQueue&) = delete;
    BoundedQueue& operator=(const BoundedQueue&) = delete;

    /// Blocks until there is room (or the queue is empty) and enqueues `item`, which accounts
    /// for `bytes` of the byte bound. Returns false, leaving `item` untouched, if the queue is
    /// or gets closed.
    bool push(T&& item, std::size_t bytes) {
        std::unique_lock<std::mutex> lock(mutex_);
        not_full_.wait(lock, [&] { return closed_ || admits(bytes); });
        if (closed_) return false;
        items_.emplace_back(std::move(item), bytes);
        bytes_ += bytes;
        lock.unlock();
        not_empty_.notify_one();
        return true;
    }

    /// Blocks until an item is available and moves it into `out`. Returns false once the queue
    /// is closed and empty.
    bool pop(T& out) {
        std::unique_lock<std::mutex> lock(mutex_);
        not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
        if (items_.empty()) return false;
        out = std::move(items_.front().first);
        bytes_ -= items_.front().second;
        items_.pop_front();
        lock.unlock();
        // Several producers may fit in the room one large item leaves.
        not_full_.notify_all();
        return true;
    }

    void close() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            closed_ = true;
        }
        not_full_.notify_all();
        not_empty_.notify_all();
    }

    bool closed() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return closed_;
    }
    std::size_t size() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return items_.size();
    }
    std::size_t bytes() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return bytes_;
    }
    std::size_t max_items() const { return max_items_; }
    std::size_t max_bytes() const { return max_bytes_; }

  private:
    bool admits(std::size_t bytes) const {
        if (items_.empty()) return true;
        return items_.size() < max_items_ && bytes_ + bytes <= max_bytes_;
    }

    const std::size_t max_items_;
    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::condition_variable not_full_;
    std::condition_variable not_empty_;
    std::deque<std::pair<T, std::size_t>> items_;
    std::size_t bytes_ = 0;
    bool closed_ = false;
};

}  // namespace edgarsql::pipeline
