# What a system install adds besides the binary and the patterns: the
# man page (built with scdoc when it is found), shell completions and
# the systemd units (with the binary's installed path).  Included from
# the top-level CMakeLists.txt.

find_program(SCDOC scdoc)
if(SCDOC)
  add_custom_command(OUTPUT rcannotate.1
    COMMAND ${SCDOC} < ${PROJECT_SOURCE_DIR}/doc/rcannotate.1.scd
      > rcannotate.1
    DEPENDS doc/rcannotate.1.scd
    COMMENT "Building the man page with scdoc")
  add_custom_target(man ALL DEPENDS rcannotate.1)
  install(FILES ${PROJECT_BINARY_DIR}/rcannotate.1
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "scdoc not found: the man page is not built")
endif()

install(FILES packaging/completions/rcannotate.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME rcannotate)
install(FILES packaging/completions/_rcannotate
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES packaging/completions/rcannotate.fish
  DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The unit directory: -DSYSTEMD_UNITDIR=... wins; else what systemd's
# pkg-config file says (Debian 12: /lib/systemd/system); else
# lib/systemd/system under the prefix.
set(SYSTEMD_UNITDIR "" CACHE PATH "Where the systemd units go")
if(SYSTEMD_UNITDIR STREQUAL "")
  pkg_get_variable(SYSTEMD_PC_UNITDIR systemd systemdsystemunitdir)
  if(SYSTEMD_PC_UNITDIR)
    set(SYSTEMD_UNITDIR "${SYSTEMD_PC_UNITDIR}" CACHE PATH
      "Where the systemd units go" FORCE)
  else()
    set(SYSTEMD_UNITDIR "lib/systemd/system" CACHE PATH
      "Where the systemd units go" FORCE)
  endif()
endif()
foreach(unit rcannotate@.service rcannotate-journal.service)
  configure_file(packaging/systemd/${unit}.in ${unit} @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${unit}
    DESTINATION ${SYSTEMD_UNITDIR})
endforeach()
