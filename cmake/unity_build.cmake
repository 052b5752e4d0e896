# scripts/test.sh builds the sanitizer and fuzz trees with CMAKE_UNITY_BUILD: one compiler run per batch of
# a library's files parses the heavy headers (Eigen, simdjson, nlohmann/json, fmt, TBB) and generates their
# inline code once instead of once per file. These files define an anonymous-namespace helper with the same
# name as another file of their library, so they compile on their own.
set_source_files_properties(${PROJECT_SOURCE_DIR}/src/sources/metric_record.cpp
  TARGET_DIRECTORY fleetcast_sources PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
set_source_files_properties(${PROJECT_SOURCE_DIR}/src/events/load.cpp ${PROJECT_SOURCE_DIR}/src/events/metric_store.cpp
  ${PROJECT_SOURCE_DIR}/src/events/windows.cpp TARGET_DIRECTORY fleetcast_events PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
set_source_files_properties(${PROJECT_SOURCE_DIR}/src/series/telemetry_series.cpp
  TARGET_DIRECTORY fleetcast_series PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
set_source_files_properties(${PROJECT_SOURCE_DIR}/src/decisions/scaling/model_forecaster.cpp
  TARGET_DIRECTORY fleetcast_decisions PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
