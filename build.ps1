# Paddle.NET build entry point (Windows, MSVC). Not run in CI (no Windows machine there).
#   .\build.ps1            build native (CMake + MSVC) and managed
#   .\build.ps1 test       build, run ctest and xunit, print "N passed, N failed, N skipped"
#   .\build.ps1 sample     build, run the MLP sample
# Requirements: Visual Studio 2022 (Desktop C++), CMake >= 3.18, the .NET 10 SDK, and oneDNN
# (https://github.com/oneapi-src/oneDNN releases, or vcpkg `onednn`) found through the DNNL_DIR
# environment variable (the folder holding dnnlConfig.cmake, e.g. C:\oneDNN\lib\cmake\dnnl).
# GoogleTest comes from GTEST_ROOT or vcpkg (`gtest`).
param([string]$Command = "build")
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
$Config = if ($env:CONFIG) { $env:CONFIG } else { "Release" }

function Build-Native {
  if (-not $env:DNNL_DIR) { throw "Set DNNL_DIR to the folder containing dnnlConfig.cmake (oneDNN)" }
  cmake -S native -B build/native -A x64 "-Ddnnl_DIR=$env:DNNL_DIR"
  if ($LASTEXITCODE) { throw "cmake configure failed" }
  cmake --build build/native --config $Config --parallel
  if ($LASTEXITCODE) { throw "native build failed" }
  # Put paddle_native.dll where the managed projects copy it from (build/native).
  Copy-Item "build/native/$Config/paddle_native.dll" "build/native/" -Force
}

function Build-Managed {
  dotnet build Paddle.sln -c $Config
  if ($LASTEXITCODE) { throw "managed build failed" }
}

function Run-Tests {
  $passed = 0; $failed = 0; $skipped = 0
  $out = ctest --test-dir build/native -C $Config 2>&1 | Out-String
  if ($out -match '(\d+) tests failed out of (\d+)') {
    $failed += [int]$Matches[1]; $passed += [int]$Matches[2] - [int]$Matches[1]
  } else { $failed += 1 }
  foreach ($proj in Get-ChildItem tests/*/*.csproj) {
    $out = dotnet test $proj.FullName -c $Config --no-build 2>&1 | Out-String
    if ($out -match 'Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)') {
      $failed += [int]$Matches[1]; $passed += [int]$Matches[2]; $skipped += [int]$Matches[3]
    } else { $failed += 1 }
  }
  Write-Output "$passed passed, $failed failed, $skipped skipped"
  if ($failed -gt 0) { exit 1 }
}

switch ($Command) {
  "build"  { Build-Native; Build-Managed }
  "test"   { Build-Native; Build-Managed; Run-Tests }
  "sample" { Build-Native; Build-Managed; dotnet run --project samples/MlpSpirals -c $Config --no-build }
  default  { Write-Error "usage: .\build.ps1 [build|test|sample]"; exit 2 }
}
