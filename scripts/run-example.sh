#!/usr/bin/env bash
# Builds fleetcast and runs the main job, `fleetcast report`, on the bundled example fleet.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" --target fleetcast
exec "$root/build/fleetcast" report --metrics "$root/examples/fleet/metrics" --heartbeat "$root/examples/fleet/heartbeat" "$@"
