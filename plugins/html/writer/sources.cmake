# HTML writer (issue 6): sources, and formats/html/style.css compiled in.
# The plugin target (govdoc-html) is created after this file runs, so the
# stylesheet is embedded by generating its C file here (the same script as
# gd_embed_file) and listing it as a source.
list(APPEND HTML_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/html_writer.c
  ${CMAKE_CURRENT_LIST_DIR}/hw_blocks.c
  ${CMAKE_CURRENT_LIST_DIR}/hw_checks.c
  ${CMAKE_CURRENT_LIST_DIR}/hw_escape.c
  ${CMAKE_CURRENT_LIST_DIR}/hw_images.c
  ${CMAKE_CURRENT_LIST_DIR}/hw_notes.c
  ${CMAKE_CURRENT_LIST_DIR}/hw_shell.c
  ${CMAKE_CURRENT_LIST_DIR}/hw_table.c)

set(_hw_css ${PROJECT_SOURCE_DIR}/formats/html/style.css)
set(_hw_css_c ${CMAKE_CURRENT_BINARY_DIR}/embed_gd_html_style_css.c)
add_custom_command(
  OUTPUT ${_hw_css_c}
  COMMAND ${CMAKE_COMMAND} -DIN=${_hw_css} -DOUT=${_hw_css_c} -DSYM=gd_html_style_css
          -P ${PROJECT_SOURCE_DIR}/cmake/GdEmbedRun.cmake
  DEPENDS ${_hw_css} ${PROJECT_SOURCE_DIR}/cmake/GdEmbedRun.cmake
  COMMENT "Embedding formats/html/style.css")
list(APPEND HTML_SOURCES ${_hw_css_c})
