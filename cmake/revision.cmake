# Writes OUTPUT from TEMPLATE with FLEETCAST_VERSION and FLEETCAST_REVISION, the source tree's git commit
# ("-dirty" when tracked files differ from it; "unknown" outside a git checkout or without git).
# Runs at every build (cmake -P), so the revision never goes stale; OUTPUT changes only when it does.
# Inputs: SOURCE_DIR, GIT_EXECUTABLE (may be empty), VERSION, TEMPLATE, OUTPUT.
set(FLEETCAST_VERSION "${VERSION}")
set(FLEETCAST_REVISION "unknown")
if(GIT_EXECUTABLE)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --show-toplevel
                  OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE not_git ERROR_QUIET)
  # A source tree unpacked inside some other repository is not a checkout of fleetcast.
  if(NOT not_git)
    file(REAL_PATH "${toplevel}" toplevel)
    file(REAL_PATH "${SOURCE_DIR}" source_real)
  endif()
  if(NOT not_git AND toplevel STREQUAL source_real)
    execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
                    OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE failed ERROR_QUIET)
    if(NOT failed AND commit)
      set(FLEETCAST_REVISION "${commit}")
      execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                      OUTPUT_VARIABLE changes RESULT_VARIABLE failed ERROR_QUIET)
      if(NOT failed AND changes)
        string(APPEND FLEETCAST_REVISION "-dirty")
      endif()
    endif()
  endif()
endif()
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
