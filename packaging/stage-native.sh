#!/usr/bin/env bash
# Stages the native files of the Paddle.runtime.linux-x64 package (called by ./build.sh pack):
#   stage-native.sh <cmake build dir> <stage dir>
# Layout written under <stage dir>:
#   runtimes/linux-x64/native/libpaddle_native.so   stripped, .gnu_debuglink → libpaddle_native.so.dbg
#   runtimes/linux-x64/native/<every DT_NEEDED library, recursively, that a stock Debian 12 /
#                             Ubuntu 22.04 lacks>     (today libdnnl.so.2, libOpenCL.so.1, libgomp.so.1)
#   debug/linux-x64/native/libpaddle_native.so.dbg  the split-off debug info (compressed)
#   licenses/<debian package>.copyright, licenses/THIRD-PARTY-NOTICES.txt
# Bundled copies are found through libpaddle_native's DT_RPATH $ORIGIN, which the loader also
# searches for the dependencies of libdnnl (DT_RUNPATH would not be); checked with ldd at the end.
set -euo pipefail
BUILD="$1"; STAGE="$2"; RID=linux-x64
LIB="$BUILD/libpaddle_native.so"
NATIVE="$STAGE/runtimes/$RID/native"; DEBUG="$STAGE/debug/$RID/native"; LICENSES="$STAGE/licenses"
[ -f "$LIB" ] || { echo "stage-native: $LIB not built" >&2; exit 1; }

# Libraries every Debian 12 / Ubuntu 22.04 system has (libc6, libstdc++6, libgcc-s1): never bundled.
BASE_SYSTEM=" linux-vdso.so.1 ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libstdc++.so.6 libgcc_s.so.1 "

rm -rf "$STAGE"
mkdir -p "$NATIVE" "$DEBUG" "$LICENSES"

readelf -d "$LIB" | grep -q '(RPATH).*\[\$ORIGIN\]' ||
  { echo "stage-native: $LIB lacks DT_RPATH \$ORIGIN (link with -Wl,--disable-new-dtags)" >&2; exit 1; }

# The engine: debug info split off (zlib-compressed sections), the library stripped and linked to it.
objcopy --only-keep-debug --compress-debug-sections=zlib "$LIB" "$DEBUG/libpaddle_native.so.dbg"
objcopy --strip-debug --strip-unneeded --add-gnu-debuglink="$DEBUG/libpaddle_native.so.dbg" "$LIB" "$NATIVE/libpaddle_native.so"

# Which Debian package owns a library file (tries the path as given and its /usr-merged twin).
owner_of() {
  local real; real="$(readlink -f "$1")"
  for p in "$real" "${real/#\/lib\//\/usr\/lib\/}" "${real/#\/usr\/lib\//\/lib\/}" "$1"; do
    dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1 && return 0
  done
  return 1
}

# ldd lists the whole dependency closure (a dependency missing on this machine cannot be bundled).
closure="$(ldd "$LIB")"
if echo "$closure" | grep -q "not found"; then
  echo "stage-native: $LIB has dependencies missing on this machine:" >&2
  echo "$closure" | grep "not found" >&2; exit 1
fi
# Bundle every library of the closure (libdnnl's own needs included) that the base system lacks,
# with the copyright file of the Debian package it came from.
notices="$LICENSES/THIRD-PARTY-NOTICES.txt"
{
  echo "Third-party libraries bundled in runtimes/$RID/native/ of this package, with the Debian"
  echo "package each was taken from; its copyright and licence terms are in <package>.copyright here."
  echo
} > "$notices"
while read -r soname path; do
  case "$BASE_SYSTEM" in *" $soname "*) continue ;; esac
  [ -f "$path" ] || { echo "stage-native: $soname not found ($path)" >&2; exit 1; }
  pkg="$(owner_of "$path")" || { echo "stage-native: no Debian package owns $path, so no licence file is known for it" >&2; exit 1; }
  cp -L "$path" "$NATIVE/$soname"
  chmod 0644 "$NATIVE/$soname"
  cp -L "/usr/share/doc/$pkg/copyright" "$LICENSES/$pkg.copyright"
  printf '%-18s %-22s %s\n' "$soname" "$pkg" "$(dpkg-query -W -f '${Version}' "$pkg")" >> "$notices"
done < <(echo "$closure" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }')

# Every bundled library must now resolve to the bundled copy, with no help from the environment.
native_abs="$(cd "$NATIVE" && pwd -P)"
resolved="$(env -u LD_LIBRARY_PATH ldd "$native_abs/libpaddle_native.so")"
fail=0
while read -r soname path; do
  case "$BASE_SYSTEM" in *" $soname "*) continue ;; esac
  if [ "$path" != "$native_abs/$soname" ]; then
    echo "stage-native: $soname resolves to $path, not to the bundled copy" >&2; fail=1
  fi
done < <(echo "$resolved" | awk '$2 == "=>" { print $1, $3 }')
[ "$fail" = 0 ] || exit 1

echo "staged $RID: $(cd "$NATIVE" && ls | tr '\n' ' ')" >&2
