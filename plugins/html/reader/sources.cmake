# HTML reader (issue 5): sources and libraries, appended to the html plugin.
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
list(APPEND HTML_SOURCES
     ${CMAKE_CURRENT_LIST_DIR}/html_reader.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_attach.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_container.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_css.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_data_uri.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_dom.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_font.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_heading.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_image.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_list.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_marker.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_meta.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_note.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_para.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_parse.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_prep.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_probe.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_sniff.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_table.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_text.c
     ${CMAKE_CURRENT_LIST_DIR}/hr_walk.c)
list(APPEND HTML_LIBS PkgConfig::LIBXML2)
