#!/usr/bin/env bash
# Paddle.NET build entry point (Linux).
#   ./build.sh            install missing system packages (as root), build native + managed
#   ./build.sh test       build, pack, then run GoogleTest (ctest) and xunit; prints "N passed, N failed, N skipped"
#   ./build.sh test --sanitize   as test, plus the native tests built with AddressSanitizer + UBSan
#                         (build/native-asan), counted into the same summary line (what CI runs)
#   ./build.sh pack       build, then write the NuGet packages Paddle, Paddle.runtime.linux-x64, Paddle-cpu to artifacts/packages
#   ./build.sh fuzz [--calls N] [--seed S]   build the C ABI fuzzer with ASan + UBSan and run it
#                         (default 1 000 000 calls)
#   ./build.sh bench      build, run the native (Google Benchmark) and managed (BenchmarkDotNet, ONNX Runtime)
#                         benchmarks, write artifacts/bench/report.md + ratios.png
#   ./build.sh bench ARGS run only BenchmarkDotNet with ARGS (e.g. --filter '*Nms*'), no report
#   ./build.sh sample     build, then run the MLP training sample
#   ./build.sh clean      remove build outputs
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CMD="${1:-build}"
CONFIG="${CONFIG:-Release}"
SANITIZE=0
for arg in "${@:2}"; do [ "$arg" = --sanitize ] && SANITIZE=1; done
[ "$CMD" = fuzz ] && SANITIZE=1
JOBS="$(nproc 2>/dev/null || echo 2)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { echo "==> $*" >&2; }

# System packages the build needs, checked by file so nothing is reinstalled needlessly.
ensure_system_deps() {
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  command -v g++ >/dev/null || missing+=(g++)
  command -v make >/dev/null || missing+=(make)
  [ -f /usr/include/oneapi/dnnl/dnnl.h ] || missing+=(libdnnl-dev)
  [ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
  [ -f /usr/include/benchmark/benchmark.h ] || missing+=(libbenchmark-dev)
  command -v clang-14 >/dev/null || command -v clang >/dev/null || missing+=(clang)
  # Sanitizer runtimes (normally installed with g++ through libgcc-12-dev).
  if [ "$SANITIZE" = 1 ] && command -v g++ >/dev/null; then
    [ -f "$(g++ -print-file-name=libasan.so)" ] || missing+=(libasan8)
    [ -f "$(g++ -print-file-name=libubsan.so)" ] || missing+=(libubsan1)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      log "installing: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
      exit 1
    fi
  fi
  command -v dotnet >/dev/null || { echo "the .NET 10 SDK (dotnet) is required: https://dot.net" >&2; exit 1; }
}

# The bench chart (ScottPlot/SkiaSharp, fontconfig-free native build) draws its text with a
# TrueType font from /usr/share/fonts; a bare Debian/Ubuntu image has none.
ensure_bench_deps() {
  if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      log "installing: fonts-dejavu-core (chart text)"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
    else
      echo "missing package: fonts-dejavu-core (sudo apt-get install fonts-dejavu-core)" >&2; exit 1
    fi
  fi
}

# Native + managed benchmarks, one report. With arguments: BenchmarkDotNet only, as given.
run_bench() {
  [ "$CONFIG" = Release ] || dotnet build bench/Paddle.Bench -c Release -v q -nologo -clp:ErrorsOnly   # timings are Release-only
  if [ "$#" -gt 0 ]; then
    dotnet run --project bench/Paddle.Bench -c Release --no-build -- "$@"; return
  fi
  local out=artifacts/bench start=$SECONDS
  mkdir -p "$out"
  log "native benchmarks (Google Benchmark)"
  build/native/paddle_native_bench --benchmark_min_time=0.2 \
    --benchmark_out="$out/native.json" --benchmark_out_format=json
  log "managed benchmarks (BenchmarkDotNet, ONNX Runtime) + report"
  PADDLE_BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    dotnet run --project bench/Paddle.Bench -c Release --no-build -- --report "$out" --native-json "$out/native.json"
  log "bench done in $((SECONDS - start)) s: $out/report.md, $out/ratios.png"
}

build_native() {
  log "native engine (CMake, $CONFIG)"
  cmake -S native -B build/native -DCMAKE_BUILD_TYPE="$CONFIG" ${CMAKE_ARGS:-} >/dev/null
  cmake --build build/native -j "$JOBS" ${1:+--target "$@"}   # targets given: only those (bench skips the tests)
}

# The engine, tests and fuzzer with AddressSanitizer + UBSan (any finding aborts), in their own
# build folder. Optional arguments: targets to build (default: all).
build_native_sanitized() {
  log "native engine with AddressSanitizer + UBSan (build/native-asan)"
  cmake -S native -B build/native-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPADDLE_SANITIZE=ON \
    -DPADDLE_BUILD_BENCH=OFF ${CMAKE_ARGS:-} >/dev/null
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build build/native-asan -j "$JOBS" "${targets[@]}"
}

build_managed() {
  log "managed projects (dotnet, $CONFIG)"
  dotnet restore Paddle.sln -v q
  dotnet build Paddle.sln -c "$CONFIG" --no-restore -v q -nologo -clp:ErrorsOnly
}

# NuGet packages (README "Packages"): stage the native files, then pack with deterministic paths in
# an artifacts path of its own (build/pack), so the source-tree build is left as it is.
pack_packages() {
  log "packages → artifacts/packages"
  bash packaging/stage-native.sh build/native build/package/linux-x64
  rm -rf artifacts/packages
  local proj
  for proj in managed/Paddle/Paddle.csproj packaging/Paddle.runtime.linux-x64/Paddle.runtime.linux-x64.csproj \
              packaging/Paddle-cpu/Paddle-cpu.csproj; do
    dotnet pack "$proj" -c "$CONFIG" -o artifacts/packages --artifacts-path build/pack -p:PaddlePack=true \
      -p:ContinuousIntegrationBuild=true -v q -nologo -clp:ErrorsOnly
  done
  ls -l artifacts/packages >&2
}

run_tests() {
  local passed=0 failed=0 skipped=0 out dir
  local dirs=(build/native)
  [ "$SANITIZE" = 1 ] && dirs+=(build/native-asan)
  for dir in "${dirs[@]}"; do
  log "native tests (ctest, $dir)"
  set +e
  out="$(cd "$dir" && ctest -j "$JOBS" --output-on-failure 2>&1)"
  local rc=$?
  set -e
  echo "$out" | grep -E "tests passed|Failed|\*\*\*" | tail -40 >&2 || true
  local total nfail
  total="$(echo "$out" | sed -nE 's/.*tests failed out of ([0-9]+).*/\1/p' | tail -1)"
  nfail="$(echo "$out" | sed -nE 's/.* ([0-9]+) tests failed out of.*/\1/p' | tail -1)"
  if [ -z "$total" ]; then echo "ctest ran no tests in $dir (rc=$rc)" >&2; failed=$((failed + 1)); else
    passed=$((passed + total - nfail)); failed=$((failed + nfail)); fi
  done
  for proj in tests/*/*.csproj; do
    log "xunit: $proj"
    set +e
    out="$(dotnet test "$proj" -c "$CONFIG" --no-build -v q --nologo 2>&1)"
    rc=$?
    set -e
    echo "$out" | grep -E "error|Failed |\[FAIL\]|Passed!|Failed!|Skipped " | head -60 >&2 || true
    local line p f s
    line="$(echo "$out" | grep -E "(Passed|Failed)! +- " | tail -1)"
    if [ -z "$line" ]; then echo "no xunit summary for $proj (rc=$rc)" >&2; failed=$((failed + 1)); continue; fi
    f="$(echo "$line" | sed -nE 's/.*Failed: +([0-9]+).*/\1/p')"
    p="$(echo "$line" | sed -nE 's/.*Passed: +([0-9]+).*/\1/p')"
    s="$(echo "$line" | sed -nE 's/.*Skipped: +([0-9]+).*/\1/p')"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  done
  # The service load test's measurement (tests/DetectionService.Tests writes it).
  [ -f artifacts/loadtest.txt ] && head -1 artifacts/loadtest.txt >&2
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

case "$CMD" in
  build)
    ensure_system_deps; build_native; build_managed
    log "done. Try: dotnet run --project samples/MlpSpirals -c $CONFIG" ;;
  test)
    ensure_system_deps; build_native; build_managed; pack_packages
    [ "$SANITIZE" = 1 ] && build_native_sanitized
    run_tests ;;
  pack)
    ensure_system_deps; build_native; build_managed; pack_packages ;;
  fuzz)
    ensure_system_deps; build_native_sanitized paddle_native_fuzz
    log "C ABI fuzzer (ASan + UBSan)"
    build/native-asan/paddle_native_fuzz "${@:2}" ;;
  sample)
    ensure_system_deps; build_native; build_managed
    dotnet run --project samples/MlpSpirals -c "$CONFIG" --no-build ;;
  bench)
    ensure_system_deps; ensure_bench_deps; build_native paddle_native paddle_native_bench; build_managed; run_bench "${@:2}" ;;
  clean)
    rm -rf build artifacts; find . -name bin -o -name obj | xargs rm -rf ;;
  *)
    echo "usage: ./build.sh [build|test [--sanitize]|pack|fuzz [--calls N] [--seed S]|bench|sample|clean]" >&2; exit 2 ;;
esac
