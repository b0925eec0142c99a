# ar_add_plugin(<name> SOURCES <files>... [LINK <libs>...])
#
# Builds one ar-host plugin: a MODULE library `ar-<name>.so` that exports exactly one symbol
# (ar_plugin_get_descriptor), links the ar-host kernel library and LibTorch, and installs into
# <prefix>/lib/ar-host/plugins where the installed ar-host finds it.
include_guard(GLOBAL)
set(AR_PLUGIN_VERSION_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/ar_plugin.map")

function(ar_add_plugin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "ar_add_plugin(${name}): no SOURCES given")
  endif()
  string(REPLACE "-" "_" target "ar_plugin_${name}")
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME "ar-${name}"
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON
    INSTALL_RPATH "$ORIGIN/../..")
  if(AR_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${AR_PLUGIN_OUTPUT_DIR}")
  endif()
  target_link_libraries(${target} PRIVATE ArHost::arhost ${ARG_LINK})
  target_link_options(${target} PRIVATE "-Wl,--version-script=${AR_PLUGIN_VERSION_SCRIPT}" "-Wl,--no-undefined")
  install(TARGETS ${target} LIBRARY DESTINATION lib/ar-host/plugins)
  set(AR_LAST_PLUGIN_TARGET ${target} PARENT_SCOPE)
endfunction()
