// Seeded fuzzer of the C ABI (issue 5): from one seed it makes random and adversarial calls to
// every function of paddle_c.h (NULL / released / made-up handles, double release, bad ranks,
// dims, dtypes and places, random registered ops with wrong input counts and attributes of wrong
// types and values, NaN/Inf data, inconsistent LoD, empty tensors, backward and grad on odd
// graphs ...). It checks that every call returns, that every failing call leaves its status and a
// message, that no call reports PD_INTERNAL (an engine bug), and at the end, after releasing all
// it holds, that pd_live_stats are back where they started.
//
// Used by the 20k-call gtest (capi_fuzz_test.cc) and the paddle_native_fuzz target (tests/fuzz).
// A watchdog thread aborts, printing the seed and the last calls, when one call runs too long; a
// crash under the sanitizers prints the same (death callback). Run with trace=true to print every
// call as it is made: the sequence is a pure function of the seed.
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "framework/op_registry.h"
#include "paddle_c.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define PD_FUZZ_SANITIZED 1
#endif

namespace pd::fuzz {

struct Options {
  uint64_t seed = 1;
  int64_t calls = 20000;
  double call_timeout_s = 10;  // one call running longer than this is a hang
  bool trace = false;          // print every call to stderr
};

struct Result {
  int64_t calls = 0;
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t op_runs_ok = 0;  // pd_op_run calls that succeeded (reached a kernel)
  int64_t backward_ok = 0;
  std::vector<std::string> violations;  // broken contract: the test fails on any
};

// ---- call log: a ring of the last calls, printed on a hang or a sanitizer report ----
constexpr int kRing = 48;
constexpr int kLine = 200;
inline char g_ring[kRing][kLine];
inline std::atomic<uint64_t> g_ring_pos{0};
inline uint64_t g_seed = 0;

inline void print_ring() {
  const uint64_t end = g_ring_pos.load();
  std::fprintf(stderr, "paddle fuzz: seed %llu, last calls (newest last):\n", (unsigned long long)g_seed);
  for (uint64_t i = end > kRing ? end - kRing : 0; i < end; ++i)
    std::fprintf(stderr, "  #%llu %s\n", (unsigned long long)i, g_ring[i % kRing]);
  std::fflush(stderr);
}

class Fuzzer {
 public:
  explicit Fuzzer(Options o) : opt_(o), rng_(o.seed) {
    g_seed = o.seed;
#ifdef PD_FUZZ_SANITIZED
    __sanitizer_set_death_callback(print_ring);
#else
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
      std::signal(sig, [](int sig) {
        std::fprintf(stderr, "paddle fuzz: signal %d\n", sig);
        print_ring();  // not async-signal-safe, but the process is dying anyway
        std::signal(sig, SIG_DFL);
        std::raise(sig);
      });
#endif
    watchdog_ = std::thread([this] { watch(); });
  }
  ~Fuzzer() {
    stop_ = true;
    watchdog_.join();
  }

  Result run() {
    pd_live_stats(&b0_, &t0_, &s0_, &g0_);
    grad_was_ = pd_is_grad_enabled();
    for (int64_t i = 0; i < opt_.calls;) i += step();
    cleanup();
    return res_;
  }

 private:
  using Op = const pd::OpDef;

  Options opt_;
  std::mt19937_64 rng_;
  Result res_;
  std::vector<pd_tensor*> live_;  // handles this fuzzer owns
  std::vector<pd_tensor*> dead_;  // handles it released (must stay invalid forever)
  int64_t b0_ = 0, t0_ = 0, s0_ = 0, g0_ = 0;
  int32_t grad_was_ = 1;
  std::thread watchdog_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> call_start_ns_{0};  // 0 when no call is running

  static constexpr int kPool = 40;
  static constexpr int kBuf = 64;  // every array argument has room for this many elements

  // ---- randomness ----
  uint64_t u64() { return rng_(); }
  int pick(int n) { return n <= 1 ? 0 : (int)(rng_() % (uint64_t)n); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <typename T>
  T one_of(std::initializer_list<T> l) { return *(l.begin() + pick((int)l.size())); }

  // ---- the call wrapper: log, watchdog, status contract ----
  void log(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    const uint64_t n = g_ring_pos.load(std::memory_order_relaxed);
    char* line = g_ring[n % kRing];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(line, kLine, fmt, ap);
    va_end(ap);
    g_ring_pos.store(n + 1, std::memory_order_relaxed);
    if (opt_.trace) std::fprintf(stderr, "#%llu %s\n", (unsigned long long)n, line);
  }

  static int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
  }

  template <typename F>
  auto timed(F&& f) {
    call_start_ns_.store(now_ns(), std::memory_order_relaxed);
    auto r = f();
    call_start_ns_.store(0, std::memory_order_relaxed);
    res_.calls++;
    return r;
  }

  void violation(const std::string& what) {
    if (res_.violations.size() < 64)
      res_.violations.push_back("call #" + std::to_string(g_ring_pos.load() - 1) + " (" +
                                g_ring[(g_ring_pos.load() - 1) % kRing] + "): " + what);
  }

  // Runs one status-returning call and checks the error contract.
  template <typename F>
  pd_status st(F&& f) {
    const pd_status s = timed(f);
    if (s == PD_OK) {
      res_.ok++;
      return s;
    }
    res_.failed++;
    const char* msg = pd_last_error_message();
    if (s < PD_INVALID_ARGUMENT || s > PD_INTERNAL)
      violation("unknown status code " + std::to_string((int)s));
    else if (!msg || !*msg)
      violation("failed with status " + std::to_string((int)s) + " but left no message");
    else if (pd_last_error_status() != s)
      violation("pd_last_error_status disagrees with the returned status");
    else if (s == PD_INTERNAL)
      violation(std::string("PD_INTERNAL (an engine bug): ") + msg);
    if (opt_.trace) std::fprintf(stderr, "   -> %d %s\n", (int)s, msg ? msg : "(null)");
    return s;
  }

  void watch() {
    const int64_t limit = (int64_t)(opt_.call_timeout_s * 1e9);
    while (!stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const int64_t t = call_start_ns_.load(std::memory_order_relaxed);
      if (t != 0 && now_ns() - t > limit) {
        std::fprintf(stderr, "paddle fuzz: a call ran more than %.1f s (hang)\n", opt_.call_timeout_s);
        print_ring();
        std::abort();
      }
    }
  }

  // ---- handles ----
  void keep(pd_tensor* h) {
    if (!h) return;
    live_.push_back(h);
    while ((int)live_.size() > kPool) release_at(pick((int)live_.size()));
  }
  void release_at(int i) {
    pd_tensor* h = live_[i];
    live_.erase(live_.begin() + i);
    log("pd_tensor_release(%p) [pool]", (void*)h);
    if (st([&] { return pd_tensor_release(h); }) != PD_OK) violation("releasing a live handle failed");
    remember_dead(h);
  }
  void remember_dead(pd_tensor* h) {
    dead_.push_back(h);
    if (dead_.size() > 64) dead_.erase(dead_.begin());
  }
  // A handle argument: mostly live, sometimes NULL, released or made up.
  pd_tensor* any_handle() {
    const int r = pick(100);
    if (r < 86 && !live_.empty()) return live_[pick((int)live_.size())];
    if (r < 91 || (live_.empty() && r < 95)) return nullptr;
    if (r < 96 && !dead_.empty()) return dead_[pick((int)dead_.size())];
    return made_up();
  }
  pd_tensor* made_up() {
    // Never dereferenced by a correct library: tagged ids far past the counter, raw pointers,
    // small integers, all-ones.
    switch (pick(5)) {
      case 0: return reinterpret_cast<pd_tensor*>(((u64() | (uint64_t(1) << 40)) << 4 >> 4 << 4) | 0xD);
      case 1: return reinterpret_cast<pd_tensor*>(&rng_);
      case 2: return reinterpret_cast<pd_tensor*>((uintptr_t)(1 + pick(64)));
      case 3: return reinterpret_cast<pd_tensor*>(~uintptr_t(0));
      default: return reinterpret_cast<pd_tensor*>((uintptr_t)u64());
    }
  }
  // True when the handle is one this fuzzer still owns.
  bool is_live(pd_tensor* h) const { return h && std::find(live_.begin(), live_.end(), h) != live_.end(); }
  // Checks the contract for a call that got a handle that is not live.
  void expect_rejected(pd_tensor* h, pd_status s, const char* fn) {
    if (is_live(h)) return;
    if (s != PD_INVALID_ARGUMENT)
      violation(std::string(fn) + " accepted a NULL/released/made-up handle (status " +
                std::to_string((int)s) + ")");
  }

  // ---- value generators ----
  int32_t dtype_code() {
    if (chance(0.06)) return one_of<int32_t>({-1, 7, 19, 25, 100, std::numeric_limits<int32_t>::min()});
    return one_of<int32_t>({PD_FLOAT32, PD_FLOAT32, PD_FLOAT32, PD_FLOAT64, PD_FLOAT64, PD_INT64,
                            PD_INT64, PD_INT32, PD_BOOL, PD_FLOAT16, PD_BFLOAT16, PD_UINT8, PD_INT8,
                            PD_INT16, PD_COMPLEX64, PD_COMPLEX128});
  }
  static int64_t dsize(int32_t dt) {
    switch (dt) {
      case PD_BOOL: case PD_UINT8: case PD_INT8: return 1;
      case PD_INT16: case PD_FLOAT16: case PD_BFLOAT16: return 2;
      case PD_INT32: case PD_FLOAT32: return 4;
      case PD_INT64: case PD_FLOAT64: case PD_COMPLEX64: return 8;
      case PD_COMPLEX128: return 16;
      default: return 0;
    }
  }
  // A shape into `dims` (room for kBuf); returns ndim. Mostly small valid shapes.
  int32_t shape(int64_t* dims, bool adversarial) {
    if (adversarial && chance(0.5)) {
      switch (pick(6)) {
        case 0: return one_of<int32_t>({-1, -5, 10, 17, kBuf, std::numeric_limits<int32_t>::min()});
        case 1: dims[0] = -1 - pick(3); dims[1] = 2; return 2;
        case 2: dims[0] = int64_t(1) << 40; dims[1] = int64_t(1) << 40; return 2;  // overflows
        case 3: dims[0] = std::numeric_limits<int64_t>::max(); return 1;
        case 4: dims[0] = int64_t(1) << 37; dims[1] = 3; return 2;  // more than any RAM here
        default:
          for (int i = 0; i < 9; ++i) dims[i] = 1;
          return 9;  // the maximum rank: valid
      }
    }
    const int32_t nd = one_of<int32_t>({0, 1, 1, 2, 2, 2, 3, 3, 4});
    for (int i = 0; i < nd; ++i) dims[i] = chance(0.05) ? 0 : 1 + pick(3);
    return nd;
  }
  void fill(int32_t dt, int64_t numel, std::vector<unsigned char>& buf) {
    const int64_t es = dsize(dt);
    buf.assign((size_t)(numel * es), 0);
    const bool wild = chance(0.2);
    for (int64_t i = 0; i < numel; ++i) {
      unsigned char* p = buf.data() + i * es;
      const double v = value(wild);
      switch (dt) {
        case PD_FLOAT32: { float f = (float)v; std::memcpy(p, &f, 4); break; }
        case PD_FLOAT64: std::memcpy(p, &v, 8); break;
        case PD_COMPLEX64: { float f[2] = {(float)v, (float)value(wild)}; std::memcpy(p, f, 8); break; }
        case PD_COMPLEX128: { double f[2] = {v, value(wild)}; std::memcpy(p, f, 16); break; }
        case PD_FLOAT16: case PD_BFLOAT16: {
          uint16_t b = wild && chance(0.3) ? (uint16_t)u64() : half_bits(dt, v);
          std::memcpy(p, &b, 2);
          break;
        }
        case PD_BOOL: *p = wild && chance(0.2) ? (unsigned char)(2 + pick(250)) : (unsigned char)pick(2); break;
        default: {
          int64_t x = integer(wild);
          std::memcpy(p, &x, (size_t)es);  // little-endian truncation
        }
      }
    }
  }
  double value(bool wild) {
    if (wild && chance(0.3))
      return one_of<double>({std::nan(""), INFINITY, -INFINITY, 1e300, -1e300, 1e-310, 0.0, -0.0, 3.4e38});
    return std::uniform_real_distribution<double>(-3, 3)(rng_);
  }
  int64_t integer(bool wild) {
    if (wild && chance(0.3))
      // No int32 extremes: range(INT32_MIN, INT32_MAX) is a valid 16 GB request, too slow for a
      // fuzz call; int64 extremes truncate to 0 / -1 in int32 tensors.
      return one_of<int64_t>({std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                              -1, int64_t(1) << 40, -(int64_t(1) << 40), 1000});
    return -2 + pick(7);
  }
  static uint16_t half_bits(int32_t dt, double v) {
    float f = (float)v;
    uint32_t b;
    std::memcpy(&b, &f, 4);
    if (dt == PD_BFLOAT16) return (uint16_t)(b >> 16);
    // float -> IEEE half, truncating (exact rounding does not matter for fuzzing).
    const uint32_t sign = (b >> 16) & 0x8000;
    const int32_t exp = (int32_t)((b >> 23) & 0xFF) - 127 + 15;
    const uint32_t man = (b >> 13) & 0x3FF;
    if (((b >> 23) & 0xFF) == 0xFF) return (uint16_t)(sign | 0x7C00 | (man ? 0x200 : 0));
    if (exp <= 0) return (uint16_t)sign;
    if (exp >= 31) return (uint16_t)(sign | 0x7C00);
    return (uint16_t)(sign | (uint32_t)exp << 10 | man);
  }

  // Creates a tensor through the ABI (a fuzz call itself); returns the handle or NULL.
  pd_tensor* create(int32_t dt, const int64_t* dims, int32_t nd) {
    int64_t numel = 1;
    for (int i = 0; i < nd; ++i) numel *= dims[i];
    std::vector<unsigned char> data;
    fill(dt, numel, data);
    pd_tensor* h = nullptr;
    log("pd_tensor_create_from_data(dtype=%d, ndim=%d, numel=%lld)", dt, nd, (long long)numel);
    const pd_status s = st([&] {
      return pd_tensor_create_from_data(dt, dims, nd, PD_PLACE_CPU, data.data(),
                                        (int64_t)data.size(), &h);
    });
    if (s != PD_OK) {
      violation("creating a valid small tensor failed");
      return nullptr;
    }
    return h;
  }

  // ---- one step: a random API call, returns the number of calls made ----
  int64_t step() {
    const int64_t before = res_.calls;
    const int r = pick(1000);
    if (r < 420) op_run(false);
    else if (r < 460) op_run(true);
    else if (r < 480) op_run_inplace_view();
    else if (r < 560) create_call();
    else if (r < 720) query_call();
    else if (r < 800) autograd_call();
    else if (r < 840) lod_call();
    else if (r < 920) release_call();
    else library_call();
    return std::max<int64_t>(1, res_.calls - before);
  }

  void create_call() {
    int64_t dims[kBuf];
    const bool adv = chance(0.3);
    const int32_t nd = shape(dims, adv);
    int32_t dt = adv ? dtype_code() : one_of<int32_t>({PD_FLOAT32, PD_FLOAT64, PD_INT64, PD_INT32, PD_BOOL});
    const int32_t place = chance(0.05) ? one_of<int32_t>({-1, 1, 2, 3, 4, 99}) : PD_PLACE_CPU;
    const bool with_out = !chance(0.03);
    pd_tensor* h = nullptr;
    bool valid = nd >= 0 && nd <= 9 && dsize(dt) > 0 && place == PD_PLACE_CPU && with_out;
    int64_t numel = 1;
    for (int i = 0; valid && i < nd; ++i) {
      if (dims[i] < 0 || dims[i] > 64) valid = false;
      else numel *= dims[i];
    }
    if (chance(0.25)) {
      log("pd_tensor_create(dtype=%d, ndim=%d, place=%d, out=%s)", dt, nd, place, with_out ? "ok" : "NULL");
      const pd_status s = st([&] { return pd_tensor_create(dt, dims, nd, place, with_out ? &h : nullptr); });
      if (valid && s != PD_OK) violation("pd_tensor_create of a valid small shape failed");
      if (!valid && s == PD_OK && (dims[0] > 64 || nd < 0 || nd > 9)) violation("pd_tensor_create accepted a bad shape");
      if (s == PD_OK) {
        // Fill through pd_tensor_data: left uninitialised, a tensor used as a size (range, linspace
        // Num) could ask for a valid but many-GB output, and runs would not repeat from the seed.
        void* p = nullptr;
        std::vector<unsigned char> data;
        log("pd_tensor_data(%p) [fill]", (void*)h);
        if (st([&] { return pd_tensor_data(h, &p); }) == PD_OK && p && valid) {
          fill(dt, numel, data);
          // Raw writes bypass create_from_data's bool normalisation: keep bools 0/1 (the contract).
          if (dt == PD_BOOL) for (auto& b : data) b = b != 0;
          if (!data.empty()) std::memcpy(p, data.data(), data.size());
        }
        keep(h);
      }
      return;
    }
    std::vector<unsigned char> data;
    if (valid) fill(dt, numel, data);
    int64_t nbytes = (int64_t)data.size();
    const void* ptr = data.empty() ? nullptr : data.data();
    if (chance(0.1)) {
      nbytes = one_of<int64_t>({nbytes + 1, nbytes - 1, -1, 0, std::numeric_limits<int64_t>::max()});
      if (nbytes > (int64_t)data.size()) data.resize(data.size() + 1);  // wrong but readable
      ptr = data.empty() ? nullptr : data.data();
    }
    const bool null_data = chance(0.03);
    log("pd_tensor_create_from_data(dtype=%d, ndim=%d, place=%d, nbytes=%lld%s)", dt, nd, place,
        (long long)nbytes, null_data ? ", data=NULL" : "");
    const pd_status s = st([&] {
      return pd_tensor_create_from_data(dt, dims, nd, place, null_data ? nullptr : ptr, nbytes,
                                        with_out ? &h : nullptr);
    });
    if (s == PD_OK) {
      if (valid && nbytes != numel * dsize(dt)) violation("create_from_data accepted a wrong nbytes");
      keep(h);
    }
  }

  void query_call() {
    pd_tensor* h = any_handle();
    const bool live = is_live(h);
    int64_t buf[kBuf];
    int32_t i32 = 0;
    int64_t i64 = 0;
    pd_status s = PD_OK;
    const int which = pick(19);
    switch (which) {
      case 0:
        log("pd_tensor_ndim(%p)", (void*)h);
        s = st([&] { return pd_tensor_ndim(h, chance(0.05) ? nullptr : &i32); });
        break;
      case 1: {
        const int32_t cap = chance(0.1) ? one_of<int32_t>({-1, std::numeric_limits<int32_t>::min()}) : pick(12);
        const bool null_buf = chance(0.05);
        log("pd_tensor_shape(%p, %s, %d)", (void*)h, null_buf ? "NULL" : "buf", cap);
        s = st([&] { return pd_tensor_shape(h, null_buf ? nullptr : buf, cap); });
        break;
      }
      case 2: {
        const int32_t cap = chance(0.1) ? -1 : pick(12);
        log("pd_tensor_strides(%p, %d)", (void*)h, cap);
        s = st([&] { return pd_tensor_strides(h, buf, cap); });
        break;
      }
      case 3:
        log("pd_tensor_numel(%p)", (void*)h);
        s = st([&] { return pd_tensor_numel(h, chance(0.05) ? nullptr : &i64); });
        break;
      case 4:
        log("pd_tensor_dtype(%p)", (void*)h);
        s = st([&] { return pd_tensor_dtype(h, chance(0.05) ? nullptr : &i32); });
        break;
      case 5: {
        int32_t k = 0, d = 0;
        log("pd_tensor_place(%p)", (void*)h);
        s = st([&] { return pd_tensor_place(h, chance(0.2) ? nullptr : &k, chance(0.2) ? nullptr : &d); });
        break;
      }
      case 6:
        log("pd_tensor_is_contiguous(%p)", (void*)h);
        s = st([&] { return pd_tensor_is_contiguous(h, chance(0.05) ? nullptr : &i32); });
        break;
      case 7: s = copy_to(h); break;
      case 8: {
        void* p = nullptr;
        log("pd_tensor_data(%p)", (void*)h);
        s = st([&] { return pd_tensor_data(h, chance(0.05) ? nullptr : &p); });
        if (s == PD_OK && p) {
          int64_t n = 0;
          pd_tensor_numel(h, &n);
          volatile unsigned char first = n > 0 ? *static_cast<unsigned char*>(p) : 0;  // must be readable
          (void)first;
        }
        break;
      }
      case 9: case 10: case 11: {
        pd_tensor* out = nullptr;
        const bool null_out = chance(0.05);
        const char* fn = which == 9 ? "pd_tensor_contiguous" : which == 10 ? "pd_tensor_retain" : "pd_tensor_detach";
        log("%s(%p)", fn, (void*)h);
        s = st([&] {
          pd_tensor** o = null_out ? nullptr : &out;
          return which == 9 ? pd_tensor_contiguous(h, o) : which == 10 ? pd_tensor_retain(h, o) : pd_tensor_detach(h, o);
        });
        if (s == PD_OK) keep(out);
        break;
      }
      case 12:
        log("pd_tensor_stop_gradient(%p)", (void*)h);
        s = st([&] { return pd_tensor_stop_gradient(h, chance(0.05) ? nullptr : &i32); });
        break;
      case 13: case 14: {
        const int32_t v = one_of<int32_t>({0, 0, 0, 1, 2, -1});
        log("pd_tensor_set_stop_gradient(%p, %d)", (void*)h, v);
        s = st([&] { return pd_tensor_set_stop_gradient(h, v); });
        break;
      }
      case 15:
        log("pd_tensor_is_leaf(%p)", (void*)h);
        s = st([&] { return pd_tensor_is_leaf(h, chance(0.05) ? nullptr : &i32); });
        break;
      case 16: {
        pd_tensor* g = nullptr;
        const bool null_out = chance(0.05);
        log("pd_tensor_grad(%p)", (void*)h);
        s = st([&] { return pd_tensor_grad(h, null_out ? nullptr : &g); });
        if (s == PD_OK) keep(g);
        break;
      }
      case 17:
        log("pd_tensor_clear_grad(%p)", (void*)h);
        s = st([&] { return pd_tensor_clear_grad(h); });
        break;
      default:
        log("pd_tensor_lod_levels(%p)", (void*)h);
        s = st([&] { return pd_tensor_lod_levels(h, chance(0.05) ? nullptr : &i32); });
        break;
    }
    if (!live) expect_rejected(h, s, "a tensor query");
  }

  pd_status copy_to(pd_tensor* h) {
    int64_t n = 0;
    int32_t dt = 0;
    if (is_live(h)) {
      log("pd_tensor_numel(%p)", (void*)h);
      st([&] { return pd_tensor_numel(h, &n); });
      log("pd_tensor_dtype(%p)", (void*)h);
      st([&] { return pd_tensor_dtype(h, &dt); });
    }
    int64_t nbytes = n * dsize(dt);
    if (nbytes > (int64_t(1) << 26)) return PD_OK;
    std::vector<unsigned char> dst((size_t)nbytes + 16);
    if (chance(0.15)) nbytes = one_of<int64_t>({nbytes + 1, nbytes - 1, -1, 0, std::numeric_limits<int64_t>::max()});
    const bool null_dst = chance(0.04);
    log("pd_tensor_copy_to(%p, %s, %lld)", (void*)h, null_dst ? "NULL" : "buf", (long long)nbytes);
    return st([&] { return pd_tensor_copy_to(h, null_dst ? nullptr : dst.data(), nbytes); });
  }

  void lod_call() {
    pd_tensor* h = any_handle();
    if (chance(0.4)) {
      int64_t buf[1024];
      int64_t size = 0;
      const int32_t level = one_of<int32_t>({0, 0, 1, 2, -1, 16, std::numeric_limits<int32_t>::max()});
      const int64_t cap = chance(0.1) ? -1 : pick(1024);
      const bool with_offsets = chance(0.7);
      log("pd_tensor_lod_level(%p, %d, %s, %lld)", (void*)h, level, with_offsets ? "buf" : "NULL", (long long)cap);
      const pd_status s = st([&] {
        return pd_tensor_lod_level(h, level, with_offsets ? buf : nullptr, cap, chance(0.2) ? nullptr : &size);
      });
      expect_rejected(h, s, "pd_tensor_lod_level");
      return;
    }
    // A LoD that fits the tensor's first dimension, then maybe broken in one place.
    int64_t dim0 = 1;
    int32_t nd = 0;
    int64_t dims[kBuf];
    if (is_live(h)) {
      pd_tensor_ndim(h, &nd);
      pd_tensor_shape(h, dims, kBuf);
      dim0 = nd > 0 ? dims[0] : 1;
    }
    int32_t nlevels = 1 + pick(2);
    std::vector<std::vector<int64_t>> levels(nlevels);
    int64_t end = dim0;
    for (int l = nlevels - 1; l >= 0; --l) {  // innermost level ends at dim0
      const int64_t seqs = 1 + pick(3);
      std::vector<int64_t>& o = levels[l];
      o.push_back(0);
      for (int64_t k = 1; k < seqs; ++k) o.push_back(std::min<int64_t>(end, o.back() + pick(3)));
      o.push_back(end);
      end = (int64_t)o.size() - 1;
    }
    std::vector<int64_t> flat, sizes;
    for (auto& o : levels) {
      sizes.push_back((int64_t)o.size());
      flat.insert(flat.end(), o.begin(), o.end());
    }
    const char* broken = "none";
    if (chance(0.5)) {
      switch (pick(7)) {
        case 0: flat[0] = 1; broken = "start"; break;
        case 1: flat.back() += 1 + pick(3); broken = "end"; break;
        case 2: if (flat.size() > 2) { std::swap(flat[1], flat[flat.size() - 2]); flat[1] += 5; } broken = "order"; break;
        case 3: sizes[0] = one_of<int64_t>({0, 1, -1, int64_t(1) << 40}); broken = "size"; break;
        case 4: nlevels = one_of<int32_t>({-1, 17, std::numeric_limits<int32_t>::max()}); broken = "nlevels"; break;
        case 5: nlevels = 0; broken = "clear"; break;
        default: flat[flat.size() / 2] = -7; broken = "negative"; break;
      }
    }
    const bool null_arrays = chance(0.04);
    log("pd_tensor_set_lod(%p, nlevels=%d, broken=%s%s)", (void*)h, nlevels, broken, null_arrays ? ", NULL arrays" : "");
    const pd_status s = st([&] {
      return pd_tensor_set_lod(h, null_arrays ? nullptr : flat.data(), null_arrays ? nullptr : sizes.data(), nlevels);
    });
    expect_rejected(h, s, "pd_tensor_set_lod");
  }

  void release_call() {
    const int r = pick(10);
    if (r < 6 && !live_.empty()) {
      release_at(pick((int)live_.size()));
      return;
    }
    pd_tensor* h = r < 8 && !dead_.empty() ? dead_[pick((int)dead_.size())] : r == 9 ? nullptr : made_up();
    log("pd_tensor_release(%p) [not live]", (void*)h);
    const pd_status s = st([&] { return pd_tensor_release(h); });
    if (h == nullptr ? s != PD_OK : s != PD_INVALID_ARGUMENT)
      violation("releasing a NULL / released / made-up handle gave status " + std::to_string((int)s));
  }

  void autograd_call() {
    if (chance(0.6)) {
      pd_tensor* t = any_handle();
      pd_tensor* g = chance(0.6) ? nullptr : any_handle();
      const int32_t retain = pick(2);
      log("pd_backward(%p, %p, %d)", (void*)t, (void*)g, retain);
      const pd_status s = st([&] { return pd_backward(t, g, retain); });
      if (s == PD_OK) res_.backward_ok++;
      expect_rejected(t, s, "pd_backward");
      return;
    }
    pd_tensor* outs[kBuf];
    pd_tensor* ins[kBuf];
    pd_tensor* gouts[kBuf];
    pd_tensor* grads[kBuf];
    int32_t no = 1 + pick(2), ni = 1 + pick(3);
    for (int i = 0; i < no; ++i) { outs[i] = any_handle(); gouts[i] = chance(0.7) ? nullptr : any_handle(); }
    for (int i = 0; i < ni; ++i) ins[i] = any_handle();
    if (chance(0.08)) no = one_of<int32_t>({0, -1, std::numeric_limits<int32_t>::max()});
    if (chance(0.08)) ni = one_of<int32_t>({0, -1, std::numeric_limits<int32_t>::max()});
    const bool with_gouts = chance(0.3);
    const bool null_grads = chance(0.04);
    const int32_t retain = pick(2), create = pick(2), unused = pick(2);
    log("pd_grad(n_out=%d, n_in=%d, gouts=%d, retain=%d, create=%d, allow_unused=%d%s)", no, ni,
        (int)with_gouts, retain, create, unused, null_grads ? ", grads_out=NULL" : "");
    const pd_status s = st([&] {
      return pd_grad(outs, no, ins, ni, with_gouts ? gouts : nullptr, retain, create, unused,
                     null_grads ? nullptr : grads);
    });
    if (s == PD_OK)
      for (int i = 0; i < ni; ++i) keep(grads[i]);
  }

  // Attribute values: mostly of the declared type near its default, sometimes wrong or wild.
  struct AttrStore {
    std::vector<std::vector<int64_t>> ints;
    std::vector<std::vector<double>> floats;
    std::vector<std::string> strs;
  };
  void make_attr(Op& def, pd_attr& a, AttrStore& store) {
    a = pd_attr{};
    const int na = (int)def.attrs.size();
    a.index = na == 0 || chance(0.04) ? one_of<int32_t>({-1, na, na + 5, std::numeric_limits<int32_t>::max()}) : pick(na);
    int32_t type = a.index >= 0 && a.index < na ? (int32_t)def.attrs[a.index].def.type : PD_ATTR_INT;
    if (chance(0.06)) type = one_of<int32_t>({PD_ATTR_INT, PD_ATTR_FLOAT, PD_ATTR_BOOL, PD_ATTR_STRING,
                                              PD_ATTR_INTS, PD_ATTR_FLOATS, -1, 6, 77});
    a.type = type;
    const pd::AttrValue* dflt = a.index >= 0 && a.index < na ? &def.attrs[a.index].def : nullptr;
    const bool wild = chance(0.12);
    switch (type) {
      case PD_ATTR_INT: case PD_ATTR_BOOL:
        if (wild) a.value_i = one_of<int64_t>({std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                                               int64_t(1) << 40, -(int64_t(1) << 40), std::numeric_limits<int32_t>::min(), 1000});
        else if (dflt && chance(0.5)) a.value_i = dflt->i + pick(3) - 1;
        else a.value_i = chance(0.2) ? one_of<int64_t>({0, 2, 3, 5, 6, 20, 21, 22}) : -3 + pick(8);
        break;
      case PD_ATTR_FLOAT:
        if (wild) a.value_f = one_of<double>({std::nan(""), INFINITY, -INFINITY, 1e300, -1e300, 1e-320, 0.0});
        else if (dflt && chance(0.5)) a.value_f = dflt->f * (chance(0.5) ? 1.0 : -0.5);
        else a.value_f = std::uniform_real_distribution<double>(-3, 3)(rng_);
        break;
      case PD_ATTR_STRING: {
        std::string s;
        if (dflt && !wild && chance(0.6)) s = dflt->s;
        else s = one_of<const char*>({"", "NCHW", "NHWC", "NCL", "NLC", "sum", "mean", "none", "max", "min", "avg",
                                     "constant", "reflect", "replicate", "circular", "SAME", "VALID", "EXPLICIT",
                                     "nearest", "bilinear", "xyz", "float32", "int64"});
        if (wild && chance(0.3)) s.assign(300, 'a');
        store.strs.push_back(s);
        a.value_s = chance(0.03) ? nullptr : store.strs.back().c_str();
        break;
      }
      case PD_ATTR_INTS: {
        std::vector<int64_t> v;
        if (dflt && !wild && chance(0.4)) v = dflt->ints;
        else {
          const int n = wild && chance(0.3) ? 5 + pick(6) : pick(5);
          for (int i = 0; i < n; ++i)
            v.push_back(wild && chance(0.4) ? one_of<int64_t>({std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                                                               int64_t(1) << 40, -(int64_t(1) << 40), int64_t(1) << 36})
                                            : -3 + pick(8));
        }
        store.ints.push_back(v);
        a.ints = store.ints.back().data();
        a.count = (int64_t)v.size();
        if (chance(0.03)) { a.count = one_of<int64_t>({-1, int64_t(1) << 40}); }
        else if (chance(0.02) && a.count > 0) a.ints = nullptr;
        break;
      }
      case PD_ATTR_FLOATS: {
        std::vector<double> v;
        if (dflt && !wild && chance(0.4)) v = dflt->floats;
        else {
          const int n = pick(5);
          for (int i = 0; i < n; ++i) v.push_back(value(wild));
        }
        store.floats.push_back(v);
        a.floats = store.floats.back().data();
        a.count = (int64_t)v.size();
        if (chance(0.03)) a.count = -1;
        break;
      }
      default: break;
    }
  }

  int32_t op_id() {
    const int32_t n = pd_op_count();
    if (chance(0.02)) return one_of<int32_t>({-1, n, n + 100, std::numeric_limits<int32_t>::min()});
    return pick(n);
  }

  // Inputs for `def`: either fresh tensors of one small shape and an accepted dtype (so most calls
  // reach the kernel), or handles from the pool (mismatched shapes/dtypes, dead handles ...).
  void make_inputs(Op& def, pd_tensor** in, int32_t* counts, int32_t& n_in, std::vector<pd_tensor*>& fresh) {
    const bool use_fresh = chance(0.75);
    int64_t dims[kBuf];
    const int32_t nd = shape(dims, false);
    int32_t dt = PD_FLOAT32;
    if (!def.accepted_dtypes.empty()) dt = (int32_t)def.accepted_dtypes[pick((int)def.accepted_dtypes.size())];
    if (chance(0.3)) dt = one_of<int32_t>({PD_FLOAT32, PD_FLOAT64, PD_INT64, PD_INT32, PD_BOOL});
    n_in = 0;
    for (size_t s = 0; s < def.inputs.size(); ++s) {
      const pd::InputDecl& d = def.inputs[s];
      int c = d.variadic ? 1 + pick(3) : d.optional ? pick(2) : 1;
      counts[s] = c;
      for (int k = 0; k < c && n_in < kBuf; ++k) {
        pd_tensor* h;
        if (use_fresh && !chance(0.1)) {
          int64_t own[kBuf];
          const bool other_shape = chance(0.15);
          const int32_t ond = other_shape ? shape(own, false) : nd;
          if (!other_shape) std::copy(dims, dims + nd, own);
          const int32_t odt = chance(0.1) ? one_of<int32_t>({PD_INT64, PD_INT32, PD_FLOAT32}) : dt;
          h = create(odt, own, ond);
          if (h) fresh.push_back(h);
          if (h && chance(0.3)) {
            log("pd_tensor_set_stop_gradient(%p, 0)", (void*)h);
            st([&] { return pd_tensor_set_stop_gradient(h, 0); });
          }
        } else {
          h = any_handle();
        }
        in[n_in++] = h;
      }
    }
  }

  void op_run(bool inplace) {
    const int32_t op = op_id();
    Op* def = pd::OpRegistry::instance().get_checked(op);
    pd_tensor* in[kBuf] = {};
    int32_t counts[kBuf] = {};
    int32_t n_in = 0, n_slots = 0;
    std::vector<pd_tensor*> fresh;
    if (def) {
      make_inputs(*def, in, counts, n_in, fresh);
      n_slots = (int32_t)def->inputs.size();
    } else {
      n_in = pick(3);
      for (int i = 0; i < n_in; ++i) in[i] = any_handle();
    }
    // Slot counts: NULL (one handle per slot) when that fits, else explicit; sometimes wrong.
    bool explicit_counts = !def || def->has_variadic_input() || chance(0.3);
    if (def && !explicit_counts) {
      // One handle per slot: absent optionals become NULL entries.
      pd_tensor* flat[kBuf];
      int pos = 0;
      for (int s = 0; s < n_slots; ++s) flat[s] = counts[s] ? in[pos++] : nullptr;
      std::copy(flat, flat + n_slots, in);
      n_in = n_slots;
    }
    const char* broken = "none";
    if (chance(0.06)) {
      switch (pick(5)) {
        case 0: n_in = one_of<int32_t>({-1, std::numeric_limits<int32_t>::min(), (1 << 20) + 1, std::numeric_limits<int32_t>::max()}); broken = "n_inputs"; break;
        case 1: n_slots += one_of<int32_t>({-1, 1, 100}); explicit_counts = true; broken = "n_slots"; break;
        case 2: if (n_slots > 0) { counts[pick(n_slots)] += one_of<int32_t>({-1, 1, -1000}); } explicit_counts = true; broken = "counts"; break;
        case 3: if (n_in > 0) n_in -= 1; broken = "count-1"; break;
        default: if (n_in < kBuf) in[n_in++] = any_handle(); broken = "extra"; break;
      }
    }
    pd_attr attrs[kBuf];
    AttrStore store;
    int32_t n_attrs = def ? pick(std::min<int>(4, (int)def->attrs.size() + 1)) : pick(2);
    store.ints.reserve(kBuf); store.floats.reserve(kBuf); store.strs.reserve(kBuf);
    for (int i = 0; i < n_attrs; ++i) {
      if (def) make_attr(*def, attrs[i], store);
      else attrs[i] = pd_attr{};
    }
    if (chance(0.02)) n_attrs = one_of<int32_t>({-1, 97, std::numeric_limits<int32_t>::max()});
    const bool null_attrs = n_attrs > 0 && chance(0.02);
    const char* name = def ? def->type.c_str() : "?";

    if (inplace) {
      pd_tensor* target = chance(0.5) && n_in > 0 && n_in < kBuf ? in[0] : any_handle();
      log("pd_op_run_inplace(%s #%d, target=%p, n_in=%d, counts=%s, n_attrs=%d, broken=%s)", name, op,
          (void*)target, n_in, explicit_counts ? "explicit" : "NULL", n_attrs, broken);
      st([&] {
        return pd_op_run_inplace(op, target, in, n_in, explicit_counts ? counts : nullptr, n_slots,
                                 null_attrs ? nullptr : attrs, n_attrs);
      });
    } else {
      pd_tensor* outs[kBuf];
      int32_t n_out = -7;
      const int32_t cap = chance(0.05) ? one_of<int32_t>({0, 1, -1, std::numeric_limits<int32_t>::min()}) : 16;
      const bool null_outs = chance(0.02), null_nout = chance(0.02);
      log("pd_op_run(%s #%d, n_in=%d, counts=%s, n_slots=%d, n_attrs=%d, cap=%d, broken=%s)", name, op, n_in,
          explicit_counts ? "explicit" : "NULL", n_slots, n_attrs, cap, broken);
      const pd_status s = st([&] {
        return pd_op_run(op, in, n_in, explicit_counts ? counts : nullptr, n_slots, null_attrs ? nullptr : attrs,
                         n_attrs, null_outs ? nullptr : outs, cap, null_nout ? nullptr : &n_out);
      });
      if (s == PD_OK) {
        res_.op_runs_ok++;
        if (n_out < 0 || n_out > cap) violation("pd_op_run reported " + std::to_string(n_out) + " outputs");
        for (int i = 0; i < n_out && i < cap; ++i) keep(outs[i]);
      } else if (!null_nout && n_out != 0) {
        violation("a failed pd_op_run left *n_outputs = " + std::to_string(n_out));
      }
    }
    for (pd_tensor* h : fresh)
      if (chance(0.5)) keep(h);
      else {
        log("pd_tensor_release(%p) [input]", (void*)h);
        if (st([&] { return pd_tensor_release(h); }) != PD_OK) violation("releasing an input failed");
        remember_dead(h);
      }
  }

  void op_run_inplace_view() {
    static const char* kViews[] = {"reshape2", "squeeze2", "unsqueeze2", "flatten_contiguous_range", "transpose2"};
    int32_t op = op_id();
    if (chance(0.7)) pd_op_lookup(kViews[pick(5)], &op);
    Op* def = pd::OpRegistry::instance().get_checked(op);
    pd_attr attrs[kBuf];
    AttrStore store;
    store.ints.reserve(kBuf); store.floats.reserve(kBuf); store.strs.reserve(kBuf);
    int32_t n_attrs = def ? pick(std::min<int>(3, (int)def->attrs.size() + 1)) : 0;
    for (int i = 0; i < n_attrs; ++i) make_attr(*def, attrs[i], store);
    pd_tensor* target = any_handle();
    log("pd_op_run_inplace_view(%s #%d, %p, n_attrs=%d)", def ? def->type.c_str() : "?", op, (void*)target, n_attrs);
    const pd_status s = st([&] { return pd_op_run_inplace_view(op, target, attrs, n_attrs); });
    if (def) expect_rejected(target, s, "pd_op_run_inplace_view");
  }

  void library_call() {
    int64_t a = 0, b = 0, c = 0, d = 0;
    switch (pick(16)) {
      case 0: log("pd_version()"); timed([] { return pd_version(); }); break;
      case 1: log("pd_abi_version()");
        if (timed([] { return pd_abi_version(); }) != PD_ABI_VERSION) violation("ABI version mismatch");
        break;
      case 2: log("pd_last_error_message()"); timed([] { return pd_last_error_message(); }); break;
      case 3: log("pd_last_error_status()"); timed([] { return pd_last_error_status(); }); break;
      case 4: log("pd_live_stats(...)");
        timed([&] { pd_live_stats(chance(0.5) ? &a : nullptr, chance(0.5) ? &b : nullptr,
                                  chance(0.5) ? &c : nullptr, chance(0.5) ? &d : nullptr); return 0; });
        break;
      case 5: log("pd_cpu_cached_bytes()"); timed([] { return pd_cpu_cached_bytes(); }); break;
      case 6: log("pd_cpu_empty_cache()"); timed([] { pd_cpu_empty_cache(); return 0; }); break;
      case 7: {
        const int32_t n = one_of<int32_t>({-5, 0, 1, 2, 1, 65, 100000, std::numeric_limits<int32_t>::min(),
                                           std::numeric_limits<int32_t>::max()});
        log("pd_set_num_threads(%d)", n);
        const pd_status s = st([&] { return pd_set_num_threads(n); });
        if (n > 64 && s == PD_OK) violation("pd_set_num_threads accepted an absurd count");
        break;
      }
      case 8: log("pd_get_num_threads()"); timed([] { return pd_get_num_threads(); }); break;
      case 9: { const uint64_t sd = u64(); log("pd_seed(%llu)", (unsigned long long)sd); st([&] { return pd_seed(sd); }); break; }
      case 10: { const int32_t e = one_of<int32_t>({0, 1, 1, 1, 2, -1}); log("pd_set_grad_enabled(%d)", e);
        timed([&] { return pd_set_grad_enabled(e); }); break; }
      case 11: log("pd_is_grad_enabled()"); timed([] { return pd_is_grad_enabled(); }); break;
      case 12: log("pd_is_compiled_with_cuda()"); timed([] { return pd_is_compiled_with_cuda(); }); break;
      case 13: {
        const int32_t n = pd_op_count();
        const int32_t id = chance(0.8) ? pick(n) : one_of<int32_t>({-1, n, std::numeric_limits<int32_t>::max()});
        log("pd_op_name(%d)", id);
        const char* s = timed([&] { return pd_op_name(id); });
        if (!s) violation("pd_op_name returned NULL");
        int32_t back = -1;
        if (s && *s) {
          log("pd_op_lookup(%s)", s);
          if (st([&] { return pd_op_lookup(s, &back); }) != PD_OK || back != id) violation("op name/id round trip failed");
        }
        break;
      }
      case 14: {
        std::string name = chance(0.7) ? pd_op_name(pick(pd_op_count())) : one_of<const char*>({"", "no_such_op", "elementwise_add\n"});
        const bool null_name = chance(0.1), null_out = chance(0.1);
        int32_t id = 0;
        log("pd_op_lookup(%s%s)", null_name ? "NULL" : name.c_str(), null_out ? ", out=NULL" : "");
        st([&] { return pd_op_lookup(null_name ? nullptr : name.c_str(), null_out ? nullptr : &id); });
        break;
      }
      default: {
        const int32_t op = op_id();
        Op* def = pd::OpRegistry::instance().get_checked(op);
        std::string attr = def && !def->attrs.empty() && chance(0.7) ? def->attrs[pick((int)def->attrs.size())].name
                                                                     : std::string(one_of<const char*>({"", "axis", "zzz"}));
        const bool null_name = chance(0.05), null_out = chance(0.05);
        int32_t idx = 0;
        log("pd_op_attr_index(%d, %s)", op, null_name ? "NULL" : attr.c_str());
        st([&] { return pd_op_attr_index(op, null_name ? nullptr : attr.c_str(), null_out ? nullptr : &idx); });
        break;
      }
    }
    (void)pd_op_count();
  }

  void cleanup() {
    while (!live_.empty()) release_at((int)live_.size() - 1);
    pd_set_grad_enabled(grad_was_);
    pd_set_num_threads(0);
    int64_t b, t, s, g;
    pd_live_stats(&b, &t, &s, &g);
    if (b != b0_ || t != t0_ || s != s0_ || g != g0_) {
      char msg[256];
      std::snprintf(msg, sizeof msg,
                    "leak: live stats (bytes, tensors, storages, grad nodes) went from "
                    "(%lld, %lld, %lld, %lld) to (%lld, %lld, %lld, %lld)",
                    (long long)b0_, (long long)t0_, (long long)s0_, (long long)g0_, (long long)b,
                    (long long)t, (long long)s, (long long)g);
      res_.violations.push_back(msg);
    }
  }
};

inline Result run(const Options& o) {
  Fuzzer f(o);
  return f.run();
}

}  // namespace pd::fuzz
