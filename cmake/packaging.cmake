# `cpack -G DEB` in the build folder: a .deb of what `cmake --install` installs, under /usr.
set(CPACK_PACKAGE_NAME fleetcast)
set(CPACK_PACKAGE_VENDOR "fleetcast")
set(CPACK_PACKAGE_CONTACT "fleetcast maintainers <fleetcast@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "forecast fleet demand from telemetry and plan capacity, once or as a service")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "fleetcast reads a fleet's request logs and health heartbeats, forecasts demand per pool with the model\n"
  "that backtests best, and plans replicas before a surge. `fleetcast serve` does it continuously over HTTP,\n"
  "Prometheus and KEDA.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Depends: from the shared libraries the binary links (dpkg-shlibdeps), so it installs on a bare system.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Installing and packaging take what the build made and build nothing more: without this, `cpack` would
# first build every test and benchmark. Build the binary and its docs (the default target) before.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)
include(CPack)
