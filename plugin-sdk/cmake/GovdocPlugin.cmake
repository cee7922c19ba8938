# gd_add_plugin(<name> SOURCES <files...> [LIBS <targets...>])
#
# Builds govdoc-<name>.so as a MODULE that exports only gd_plugin_entry:
# hidden visibility, no undefined symbols (a plugin never links the core;
# everything comes through the host table), installed into the plugin dir.
function(gd_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  set(target govdoc-${name})
  add_library(${target} MODULE ${P_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    # a plugin links only system libraries: no search path of its own
    # (one relative to the plugin dir would only cost failed opens)
    SKIP_BUILD_RPATH ON
    INSTALL_RPATH "")
  if(DEFINED GD_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${GD_PLUGIN_OUTPUT_DIR})
  endif()
  target_link_libraries(${target} PRIVATE Govdoc::plugin-sdk ${P_LIBS})
  if(NOT (CMAKE_C_COMPILER_ID STREQUAL "Clang" AND "${CMAKE_C_FLAGS} ${GD_SANITIZE}" MATCHES "sanitize|ON"))
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  if(NOT DEFINED GD_PLUGIN_INSTALL_DIR)
    set(GD_PLUGIN_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/govdoc/plugins)
  endif()
  # one install component per plugin (plugin-<name>), so packagers can ship
  # each where its licence and dependencies say
  install(TARGETS ${target} LIBRARY DESTINATION ${GD_PLUGIN_INSTALL_DIR} COMPONENT plugin-${name})
  set_property(GLOBAL APPEND PROPERTY GD_PLUGINS ${name})
endfunction()
