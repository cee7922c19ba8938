# Debian packages (CPack DEB), man pages, bash completion, licence files.
#
#   cmake -S . -B build -DCMAKE_INSTALL_PREFIX=/usr && cmake --build build
#   cpack --config build/CPackConfig.cmake -B packages     # → packages/*.deb
#
# Packages: govdoc (CLI, core library, the MIT plugins with light
# dependencies, data, govdoc(1), completion), govdoc-dev (SDK headers,
# pkg-config and CMake files, the plugin-helper library, the core's headers,
# govdoc-plugin(7), the guide and examples), and one package per plugin with
# another licence or heavy dependencies — decided by packaging/plugins.tsv,
# so a new plugin slots in with one line. Depends are computed from the
# shared libraries each package holds (dpkg-shlibdeps).

set(GD_PKG_DIR ${PROJECT_SOURCE_DIR}/packaging)

# ---- man pages and completion (component runtime / sdk) ----
find_program(GD_GZIP gzip REQUIRED)
set(_man ${PROJECT_BINARY_DIR}/man)
add_custom_command(
  OUTPUT ${_man}/govdoc.1 ${_man}/govdoc.1.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_man}
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 GOVDOC_PLUGIN_PATH=
          sh ${GD_PKG_DIR}/man/make_man.sh $<TARGET_FILE:govdoc_cli>
          ${GD_PKG_DIR}/man/govdoc.1.in ${_man}/govdoc.1 ${PROJECT_VERSION}
  COMMAND ${GD_GZIP} -9n -c ${_man}/govdoc.1 > ${_man}/govdoc.1.gz
  DEPENDS govdoc_cli ${GD_PKG_DIR}/man/make_man.sh ${GD_PKG_DIR}/man/govdoc.1.in
  COMMENT "govdoc(1) from the command's help"
  VERBATIM)
add_custom_command(
  OUTPUT ${_man}/govdoc-plugin.7.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_man}
  COMMAND ${GD_GZIP} -9n -c ${GD_PKG_DIR}/man/govdoc-plugin.7 > ${_man}/govdoc-plugin.7.gz
  DEPENDS ${GD_PKG_DIR}/man/govdoc-plugin.7
  VERBATIM)
add_custom_target(govdoc_man ALL DEPENDS ${_man}/govdoc.1.gz ${_man}/govdoc-plugin.7.gz)
install(FILES ${_man}/govdoc.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
install(FILES ${_man}/govdoc-plugin.7.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man7 COMPONENT sdk)
install(FILES ${GD_PKG_DIR}/completion/govdoc
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)

# ---- which plugin goes into which package ----
get_property(_plugins GLOBAL PROPERTY GD_PLUGINS)
file(STRINGS ${GD_PKG_DIR}/plugins.tsv _rows REGEX "^[a-z0-9_-]+\t")
set(GD_OWN_PACKAGES "")
set(_main_components runtime)
foreach(p IN LISTS _plugins)
  set(_pkg "")
  foreach(row IN LISTS _rows)
    string(REPLACE "\t" ";" f "${row}")
    list(GET f 0 _name)
    if(_name STREQUAL p)
      list(GET f 2 _pkg)
      list(GET f 3 _desc)
    endif()
  endforeach()
  if(_pkg STREQUAL "")
    message(WARNING "plugin '${p}' has no line in packaging/plugins.tsv: packaged as "
                    "govdoc-plugin-${p}; add its licence and package there")
    set(_pkg govdoc-plugin-${p})
    set(_desc "the ${p} plugin for govdoc")
  endif()
  if(_pkg STREQUAL "govdoc")
    list(APPEND _main_components plugin-${p})
  else()
    list(APPEND GD_OWN_PACKAGES ${p})
    set(GD_PKG_${p} ${_pkg})
    set(GD_PKG_DESC_${p} "${_desc}")
  endif()
endforeach()

# the licence, as each package's copyright file
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/govdoc
        RENAME copyright COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/govdoc-dev
        RENAME copyright COMPONENT sdk)
foreach(p IN LISTS GD_OWN_PACKAGES)
  install(FILES ${PROJECT_SOURCE_DIR}/LICENSE
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${GD_PKG_${p}}
          RENAME copyright COMPONENT plugin-${p})
endforeach()

# ---- CPack ----
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME govdoc)
set(CPACK_PACKAGE_VENDOR "the govdoc authors")
set(CPACK_PACKAGE_CONTACT "govdoc maintainers <govdoc@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "converter for Chinese government annual reports and ordinary documents")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES OFF)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libgovdoc.so.0 is found in the package being built (and described by the
# shlibs file generated for it)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/lib)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(_v "${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")

set(CPACK_DEBIAN_MAIN_PACKAGE_NAME govdoc)
set(CPACK_DEBIAN_MAIN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_MAIN_DESCRIPTION
    "converter for Chinese government annual reports and ordinary documents
 govdoc converts 政府信息公开工作年度报告 and ordinary documents between
 formats (reads DOCX, HTML, plain text in any encoding; writes JSON,
 standard-format HTML and PDF), and reads the reports' statistical tables
 into checked, named data (govdoc validate, govdoc batch, govdoc aggregate).
 Readers and writers are plugins; this package holds the MIT-licensed ones.")
# dlopen'd on first use (core/src/charset.c, plugins/pdf/cff.c, fc.c and
# pngdl.c, cli/batch_job.c, the plugin helpers' zip.c), so shlibdeps cannot
# see them
set(CPACK_DEBIAN_MAIN_PACKAGE_DEPENDS
    "libuchardet0, libharfbuzz-subset0, libnettle8, libfontconfig1, libpng16-16, zlib1g")
set(CPACK_DEBIAN_MAIN_PACKAGE_RECOMMENDS
    "fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-microhei, fonts-liberation2, icc-profiles-free")
set(CPACK_DEBIAN_MAIN_PACKAGE_SUGGESTS "govdoc-plugin-doc, govdoc-plugin-pdfin, govdoc-dev")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME govdoc-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "govdoc (= ${_v}), zlib1g-dev, libexpat1-dev, libdeflate-dev, pkg-config")
set(CPACK_DEBIAN_DEV_DESCRIPTION
    "plugin SDK for govdoc
 Headers, pkg-config files (govdoc-plugin, govdoc-plugin-helpers) and the
 CMake package GovdocPlugin for writing govdoc format plugins out of tree,
 the plugin-helper library (ZIP containers and XML read safely, Chinese text
 helpers), govdoc-plugin(7), the guide and example plugins (an ODT reader, a
 Markdown writer).")

set(_all ${_main_components} sdk)
foreach(p IN LISTS GD_OWN_PACKAGES)
  string(TOUPPER "plugin_${p}" _G)
  string(REPLACE "-" "_" _G "${_G}")
  set(CPACK_DEBIAN_${_G}_PACKAGE_NAME ${GD_PKG_${p}})
  set(CPACK_DEBIAN_${_G}_PACKAGE_SECTION text)
  set(CPACK_DEBIAN_${_G}_PACKAGE_DEPENDS "govdoc (= ${_v})")
  set(CPACK_DEBIAN_${_G}_DESCRIPTION "${GD_PKG_DESC_${p}}
 A format plugin for govdoc, packaged on its own for its licence or its
 dependencies (see /usr/share/doc/${GD_PKG_${p}}/copyright).")
  list(APPEND _all plugin-${p})
endforeach()
set(CPACK_COMPONENTS_ALL ${_all})

include(CPack)
cpack_add_component_group(main)
cpack_add_component_group(dev)
foreach(c IN LISTS _main_components)
  cpack_add_component(${c} GROUP main)
endforeach()
cpack_add_component(sdk GROUP dev)
foreach(p IN LISTS GD_OWN_PACKAGES)
  string(REPLACE "-" "_" _g "plugin_${p}")
  cpack_add_component_group(${_g})
  cpack_add_component(plugin-${p} GROUP ${_g})
endforeach()
