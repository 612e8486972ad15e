// The clock is injected everywhere so that time-dependent rules are testable.
#pragma once

#include <atomic>
#include <cstdint>

namespace motcua {

// Instants are Unix seconds (UTC) throughout MotCua's storage and services.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowSeconds() const = 0;
  // Monotonic microseconds, for durations only.
  virtual int64_t SteadyMicros() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override;
  int64_t SteadyMicros() const override;
  static const SystemClock& Instance();
};

// A clock the test moves by hand.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t now_seconds) : now_(now_seconds) {}
  int64_t NowSeconds() const override { return now_.load(); }
  int64_t SteadyMicros() const override { return now_.load() * 1000000; }
  void Set(int64_t now_seconds) { now_.store(now_seconds); }
  void Advance(int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace motcua
