#!/usr/bin/env bash
# Installs the Debian packages fleetcast builds against, only those that are missing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config time util-linux
  libsimdjson-dev libfmt-dev libcli11-dev nlohmann-json3-dev libyaml-cpp-dev
  libeigen3-dev libnlopt-cxx-dev libfftw3-dev libxgboost-dev libtbb-dev zlib1g-dev
  libsqlite3-dev libcpp-httplib-dev                   # serve: state database, HTTP API
  libssl-dev                                          # serve --shard: MD5, as Prometheus' hashmod
  python3-prometheus-client wrk                        # serve: /metrics parsed by the official parser in tests; bench/serve_plan.sh
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc  # serve: KEDA external scaler
  libgtest-dev libgmock-dev libbenchmark-dev
  git help2man dpkg-dev                                # --version's revision, man pages, the .deb's Depends
  prometheus                                           # promtool: the deploy/ test checks the scrape config and dashboard PromQL
  clang-14 libfuzzer-14-dev libclang-rt-14-dev llvm-14  # scripts/fuzz.sh: libFuzzer, its sanitizers, symbolizer
  libdw-dev elfutils                                   # profile: libdwfl symbolises sampled addresses; eu-addr2line to check by hand
  libhowardhinnant-date-dev tzdata                     # patterns --timezone: IANA zones from /usr/share/zoneinfo
  libtsan2                                             # the ThreadSanitizer build (g++)
  chromium                                             # the dashboard's end-to-end test drives it headless
)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# node and npm bring uPlot, which the build inlines into the dashboard, and the e2e test's puppeteer-core
# (web/package.json). Debian's npm conflicts with NodeSource's nodejs, so only a machine without npm gets them.
if ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

web=$(cd "$(dirname "$0")/../web" && pwd)
if [[ ! -f "$web/node_modules/.package-lock.json" || "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]]; then
  echo "installing the npm packages of $web" >&2
  (cd "$web" && npm ci --no-audit --no-fund)
fi
