# Install rules, man pages and the Debian package.
#   cmake --install build/default --prefix /usr/local     programs, man pages, docs
#   (cd build/default && cpack -G DEB)                      mcp-harness_<version>_<arch>.deb
# Man pages are generated from each program's --help by help2man (Debian package help2man,
# installed by ci/setup.sh); the package's dependencies come from dpkg-shlibdeps, i.e. from the
# shared libraries the programs really link (POCO, OpenSSL, libstdc++).
include(GNUInstallDirs)

set(MCP_PROGRAMS mcp-reference-server mcp-conformance)
if(TARGET mcp-bench)
  list(APPEND MCP_PROGRAMS mcp-bench)
endif()
install(TARGETS ${MCP_PROGRAMS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES conformance/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME conformance.md)
if(TARGET mcp-bench)
  install(FILES bench/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME bench.md)
endif()
install(FILES fixtures/fault-modes.tsv ci/github-workflow.yml DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

find_program(MCP_HELP2MAN help2man)
if(MCP_HELP2MAN)
  set(mcp_man_reference-server "a bearer-auth MCP server: legacy HTTP+SSE and Streamable HTTP")
  set(mcp_man_conformance "numbered conformance cases against any MCP server URL")
  set(mcp_man_bench "SSE throughput, round-trip latency and connection capacity of an MCP server")
  set(man_pages)
  foreach(program ${MCP_PROGRAMS})
    string(REPLACE "mcp-" "" short ${program})
    set(page ${CMAKE_BINARY_DIR}/man/${program}.1)
    add_custom_command(OUTPUT ${page}
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
                       COMMAND ${MCP_HELP2MAN} --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
                               "--name=${mcp_man_${short}}" --output=${page} $<TARGET_FILE:${program}>
                       DEPENDS ${program}
                       COMMENT "man page ${program}.1")
    list(APPEND man_pages ${page})
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man pages (ci/setup.sh installs it)")
endif()

set(CPACK_PACKAGE_NAME mcp-harness)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MCP bearer-auth conformance harness: reference server, conformance suite, benchmark")
set(CPACK_PACKAGE_CONTACT "mcp-harness maintainers <mcp-harness@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)

# ci/package-check.sh: install into a temporary prefix and build the .deb, then run what got installed.
find_program(MCP_DPKG_DEB dpkg-deb)
if(MCP_DPKG_DEB AND MCP_HELP2MAN AND NOT MCP_SANITIZE)
  add_test(NAME package_install COMMAND ${PROJECT_SOURCE_DIR}/ci/package-check.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(package_install PROPERTIES TIMEOUT 300 LABELS "package")
endif()
