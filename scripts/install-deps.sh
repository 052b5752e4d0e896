#!/usr/bin/env bash
# Installs the Debian packages fleetcast builds against, only those that are missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config time util-linux
  libsimdjson-dev libfmt-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev
  libeigen3-dev libnlopt-cxx-dev libfftw3-dev libxgboost-dev libtbb-dev zlib1g-dev
  libsqlite3-dev libcpp-httplib-dev                   # serve: state database, HTTP API
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc  # serve: KEDA external scaler
  libgtest-dev libgmock-dev libbenchmark-dev
  git help2man dpkg-dev                                # --version's revision, man pages, the .deb's Depends
  clang-14 libfuzzer-14-dev libclang-rt-14-dev llvm-14  # scripts/fuzz.sh: libFuzzer, its sanitizers, symbolizer
  libtsan2                                             # the ThreadSanitizer build (g++)
)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
