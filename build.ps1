# Paddle.NET build entry point (Windows, MSVC). Not run in CI (no Windows machine there).
#   .\build.ps1            build native (CMake + MSVC) and managed
#   .\build.ps1 test       build, run ctest and xunit, print "N passed, N failed, N skipped"
#   .\build.ps1 sample     build, run the MLP sample
#   .\build.ps1 pack       build, then write Paddle, Paddle.runtime.win-x64 and Paddle-cpu to artifacts\packages
#                          (never run: no Windows machine here; README "Packages" says what it is meant to do)
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

# Stages build\package\win-x64 the way packaging/stage-native.sh does for linux-x64: the engine with its
# PDB, oneDNN's dnnl.dll (DNNL_DIR\..\..\..\bin), and the MSVC runtime DLLs a stock Windows may lack
# (app-local copies from the Visual Studio redist folder, VCToolsRedistDir: vcruntime140*.dll,
# msvcp140.dll, vcomp140.dll for OpenMP). Windows looks for a DLL's dependencies in the DLL's own
# folder when .NET loads it by full path, so no RPATH is needed.
function Pack-Packages {
  $rid = "win-x64"
  $stage = "build/package/$rid"
  $native = "$stage/runtimes/$rid/native"
  Remove-Item $stage -Recurse -Force -ErrorAction SilentlyContinue
  New-Item -ItemType Directory -Force $native, "$stage/debug/$rid/native", "$stage/licenses" | Out-Null
  Copy-Item "build/native/$Config/paddle_native.dll" $native
  if (Test-Path "build/native/$Config/paddle_native.pdb") { Copy-Item "build/native/$Config/paddle_native.pdb" "$stage/debug/$rid/native" }
  $dnnlRoot = Resolve-Path (Join-Path $env:DNNL_DIR "..\..\..")
  Copy-Item (Join-Path $dnnlRoot "bin\dnnl.dll") $native
  foreach ($lic in @("LICENSE", "THIRD-PARTY-PROGRAMS")) {
    $f = Get-ChildItem $dnnlRoot -Recurse -Filter $lic -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $f) { throw "oneDNN $lic not found under ${dnnlRoot}: the package must carry oneDNN's licence" }
    Copy-Item $f.FullName "$stage/licenses/onednn.$lic.txt"
  }
  if (-not $env:VCToolsRedistDir) { throw "Run from a Visual Studio Developer PowerShell (VCToolsRedistDir is needed for the MSVC runtime DLLs)" }
  $crt = Get-ChildItem "$env:VCToolsRedistDir\x64" -Directory -Filter "Microsoft.VC*.CRT" | Select-Object -First 1
  $omp = Get-ChildItem "$env:VCToolsRedistDir\x64" -Directory -Filter "Microsoft.VC*.OpenMP" | Select-Object -First 1
  foreach ($dll in @("vcruntime140.dll", "vcruntime140_1.dll", "msvcp140.dll")) { Copy-Item (Join-Path $crt.FullName $dll) $native }
  Copy-Item (Join-Path $omp.FullName "vcomp140.dll") $native
  Set-Content "$stage/licenses/THIRD-PARTY-NOTICES.txt" @(
    "dnnl.dll: oneDNN (Apache-2.0), see onednn.LICENSE.txt and onednn.THIRD-PARTY-PROGRAMS.txt",
    "vcruntime140*.dll, msvcp140.dll, vcomp140.dll: Microsoft Visual C++ Redistributable, distributed app-locally under the Visual Studio licence terms")
  Remove-Item artifacts/packages -Recurse -Force -ErrorAction SilentlyContinue
  $common = @("-c", $Config, "-o", "artifacts/packages", "--artifacts-path", "build/pack", "-p:PaddlePack=true", "-p:ContinuousIntegrationBuild=true")
  dotnet pack managed/Paddle/Paddle.csproj @common; if ($LASTEXITCODE) { throw "pack Paddle failed" }
  dotnet pack packaging/Paddle.runtime.win-x64/Paddle.runtime.win-x64.csproj @common; if ($LASTEXITCODE) { throw "pack runtime failed" }
  dotnet pack packaging/Paddle-cpu/Paddle-cpu.csproj @common "-p:PaddleRids=$rid"; if ($LASTEXITCODE) { throw "pack Paddle-cpu failed" }
}

function Run-Tests {
  $passed = 0; $failed = 0; $skipped = 0
  $out = ctest --test-dir build/native -C $Config 2>&1 | Out-String
  if ($out -match '(\d+) tests failed out of (\d+)') {
    $failed += [int]$Matches[1]; $passed += [int]$Matches[2] - [int]$Matches[1]
  } else { $failed += 1 }
  foreach ($proj in Get-ChildItem tests/*/*.csproj) {
    # Paddle.Package.Tests checks the linux-x64 package (objdump, ldd, gcc-built fakes): Linux only.
    if ($proj.BaseName -eq "Paddle.Package.Tests") { continue }
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
  "pack"   { Build-Native; Build-Managed; Pack-Packages }
  "sample" { Build-Native; Build-Managed; dotnet run --project samples/MlpSpirals -c $Config --no-build }
  default  { Write-Error "usage: .\build.ps1 [build|test|pack|sample]"; exit 2 }
}
