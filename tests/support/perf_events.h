#pragma once
// Whether this kernel lets a process sample its own threads with perf_event_open (CI containers often
// refuse: perf_event_paranoid, seccomp); the profiler tests skip without it.
namespace fleetcast::testing {

bool perf_events_allowed();

}  // namespace fleetcast::testing
