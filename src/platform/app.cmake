# The ImGui app, included by the top-level CMakeLists.txt when BPL_BUILD_APP is ON.
# Dependencies go one way: platform (GLFW, GL, Emscripten) -> ui (ImGui panels) -> app (AppState)
# -> engine.
#   (bpl_app, src/app: the app's state, no ImGui, is defined by the top-level CMakeLists.txt)
#   bpl_imgui          Dear ImGui 1.86 from BPL_IMGUI_DIR (+ the GLFW and OpenGL3 backends)
#   bpl_ui             src/ui/*.cpp: toolbar, layout, panels; no GLFW/GL/Emscripten includes
#   backprop-lab-app   src/platform: main_web.cpp + lab_api.cpp (browser) or main_desktop.cpp
# Browser build: the complete static site is assembled in <build>/site/ (target `site`, built by
# default): index.html, web/*, backprop-lab-app.js/.wasm, assets/digits.txt.gz, assets/fonts/*,
# assets/icons/*, manifest.json and the service worker sw.js.

set(BPL_SRC_DIR "${CMAKE_CURRENT_LIST_DIR}/../..")
get_filename_component(BPL_SRC_DIR "${BPL_SRC_DIR}" ABSOLUTE)

# ---------------------------------------------------------------- Dear ImGui
if(NOT EXISTS "${BPL_IMGUI_DIR}/imgui.cpp")
  message(WARNING "Dear ImGui sources not found in ${BPL_IMGUI_DIR} (run scripts/deps.sh --web): "
                  "the app (bpl_ui, backprop-lab-app) is not built")
  return()
endif()

set(BPL_HAVE_PLATFORM OFF)
if(EMSCRIPTEN)
  set(BPL_HAVE_PLATFORM ON)
else()
  find_package(glfw3 3.3 QUIET)
  set(OpenGL_GL_PREFERENCE GLVND)
  find_package(OpenGL QUIET)
  if(glfw3_FOUND AND OPENGL_FOUND)
    set(BPL_HAVE_PLATFORM ON)
  else()
    message(STATUS "backprop-lab-app (desktop) skipped: GLFW 3.3 or OpenGL not found "
                   "(apt-get install libglfw3-dev libgl-dev)")
  endif()
endif()

set(BPL_IMGUI_DRAW "${BPL_IMGUI_DIR}/imgui_draw.cpp")
if(EMSCRIPTEN)
  # The browser build compiles a copy of imgui_draw.cpp whose ImFontAtlas::Build() no longer falls
  # back to Dear ImGui's built-in font (ProggyClean, 12 KB of data in the module): the page always
  # adds its own font first (main_web.cpp fails the page without it) and bpl_ui is built with
  # BPL_NO_DEFAULT_FONT (app_ui.cpp), so nothing references the built-in one and the linker drops
  # it (issue 17: the site's size). Dear ImGui's sources themselves stay untouched.
  file(READ "${BPL_IMGUI_DRAW}" _bpl_draw)
  set(_bpl_fallback "    if (ConfigData.Size == 0)\n        AddFontDefault();\n")
  # Nor does it keep the software mouse cursors' 6 KB bitmap (3 KB gzipped): the page sets
  # ImFontAtlasFlags_NoMouseCursors (app_ui.cpp), as the browser draws the cursor itself.
  set(_bpl_cursors "    if (!(atlas->Flags & ImFontAtlasFlags_NoMouseCursors))\n    {\n        // Render/copy pixels\n")
  string(FIND "${_bpl_draw}" "${_bpl_fallback}" _bpl_at)
  string(FIND "${_bpl_draw}" "${_bpl_cursors}" _bpl_at_cursors)
  if(_bpl_at EQUAL -1 OR _bpl_at_cursors EQUAL -1)
    message(WARNING "imgui_draw.cpp: the default-font fallback or the cursor bitmap was not found "
                    "(another Dear ImGui version?): the browser build keeps them")
  else()
    string(REPLACE "${_bpl_fallback}"
           "    IM_ASSERT(ConfigData.Size > 0 && \"Backprop Lab adds its own font first\");\n"
           _bpl_draw "${_bpl_draw}")
    string(REPLACE "${_bpl_cursors}"
           "    IM_ASSERT((atlas->Flags & ImFontAtlasFlags_NoMouseCursors) && \"Backprop Lab draws no cursor\");\n    if (false)\n    {\n"
           _bpl_draw "${_bpl_draw}")
    set(BPL_IMGUI_DRAW "${CMAKE_BINARY_DIR}/imgui_draw_web.cpp")
    file(WRITE "${BPL_IMGUI_DRAW}.tmp" "${_bpl_draw}")
    configure_file("${BPL_IMGUI_DRAW}.tmp" "${BPL_IMGUI_DRAW}" COPYONLY)   # rewritten only on change
  endif()
endif()
set(BPL_IMGUI_SOURCES
  "${BPL_IMGUI_DIR}/imgui.cpp" "${BPL_IMGUI_DRAW}"
  "${BPL_IMGUI_DIR}/imgui_tables.cpp" "${BPL_IMGUI_DIR}/imgui_widgets.cpp")
if(BPL_HAVE_PLATFORM)
  list(APPEND BPL_IMGUI_SOURCES
    "${BPL_IMGUI_DIR}/backends/imgui_impl_glfw.cpp" "${BPL_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
endif()
add_library(bpl_imgui STATIC ${BPL_IMGUI_SOURCES})
target_include_directories(bpl_imgui SYSTEM PUBLIC "${BPL_IMGUI_DIR}" "${BPL_IMGUI_DIR}/backends")
# 32-bit indices: WebGL/GLES3 cannot use ImGui's VtxOffset, so with 16-bit indices a window's draw
# list silently breaks past 65,536 vertices (big weight grids). WebGL2 draws UNSIGNED_INT indices.
target_compile_definitions(bpl_imgui PUBLIC "ImDrawIdx=unsigned int")
# Dear ImGui's item hooks: src/ui/item_registry.cpp records every item of a frame through them
# (lab.controls(), lab.controlRect(name)).
target_compile_definitions(bpl_imgui PUBLIC IMGUI_ENABLE_TEST_ENGINE)
if(NOT EMSCRIPTEN)
  target_compile_options(bpl_imgui PRIVATE -w)   # third-party code: keep our warnings readable
endif()
if(EMSCRIPTEN)
  # WebGL2: the OpenGL3 backend speaks GLES3 with "#version 300 es" shaders.
  target_compile_definitions(bpl_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
  # Its per-frame GL state queries are answered by src/platform/gl_state_web.cpp, not by WebGL
  # (each one can wait for the GPU process to finish the previous frame: see that file).
  set_source_files_properties("${BPL_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp" PROPERTIES
    COMPILE_DEFINITIONS "glGetIntegerv=bpl_gl_get_integerv;glIsEnabled=bpl_gl_is_enabled")
  # Site size (issue 17): everything but the engine's hot parts is compiled for size, -Os (it
  # comes after the global -O3 on the command line, so it wins): Dear ImGui, the panels (bpl_ui,
  # below), the web main loop (main_web.cpp), lab_api.cpp, the app state (src/app) and the
  # engine's cold files (below). The engine's training code (nn, optim, train/trainer, knn, ...)
  # keeps -O3.
  # An inline or template function compiled into two objects at two levels keeps whichever copy
  # the linker sees first. src/app instantiates Eigen's float GEMM kernels (gebp_kernel,
  # gemm_pack_*) that training runs, which is how -Oz on the app side once made the page's
  # training 15x slower (commit bdeedd3). So the engine's objects are loaded before all others
  # (--whole-archive on the link line, below): its -O3 copies win. Check after a change:
  #   relink with --profiling-funcs and compare the sizes of the Eigen::internal::gebp_kernel,
  #   gemm_pack_* and general_matrix_vector_product functions with an all -O3 build (same sizes);
  #   llvm-nm --defined-only CMakeFiles/bpl_engine.dir/src/<cold file>.cpp.o | c++filt |
  #     grep -c 'gebp\|gemm\|gemv\|general_matrix'          # 0 for every -Os engine file
  # and compare epochs/s in tests/browser/bench.mjs (default_preset.epochs_per_s, w2) before/after.
  set(BPL_WEB_SIZE_FLAGS -Os)
  target_compile_options(bpl_imgui PRIVATE ${BPL_WEB_SIZE_FLAGS})
elseif(BPL_HAVE_PLATFORM)
  target_link_libraries(bpl_imgui PUBLIC glfw OpenGL::GL ${CMAKE_DL_LIBS})
endif()

# ---------------------------------------------------------------- bpl_ui
file(GLOB BPL_UI_SOURCES CONFIGURE_DEPENDS "${BPL_SRC_DIR}/src/ui/*.cpp")
add_library(bpl_ui STATIC ${BPL_UI_SOURCES})
target_link_libraries(bpl_ui PUBLIC bpl_app bpl_imgui)
target_compile_options(bpl_ui PRIVATE ${BPL_WEB_SIZE_FLAGS})   # browser: -Os (see bpl_imgui above)
if(EMSCRIPTEN)
  target_compile_definitions(bpl_ui PRIVATE BPL_NO_DEFAULT_FONT)   # see imgui_draw_web.cpp above
endif()

# Native tests of the UI layer that need no GPU: ImGui runs headless (tests/ui).
if(BPL_BUILD_TESTS AND NOT EMSCRIPTEN AND TARGET GTest::gtest)
  add_executable(bpl_ui_tests "${BPL_SRC_DIR}/tests/ui/test_item_registry.cpp")
  target_link_libraries(bpl_ui_tests PRIVATE bpl_ui GTest::gtest GTest::gtest_main)
  target_sources(bpl_ui_tests PRIVATE "${BPL_SRC_DIR}/tests/ui/test_phone_layout.cpp")
  target_sources(bpl_ui_tests PRIVATE "${BPL_SRC_DIR}/tests/ui/test_desktop_layout.cpp")
  target_sources(bpl_ui_tests PRIVATE "${BPL_SRC_DIR}/tests/ui/test_item_values.cpp")
  gtest_discover_tests(bpl_ui_tests DISCOVERY_TIMEOUT 60)
endif()


if(NOT BPL_HAVE_PLATFORM)
  return()
endif()

# ---------------------------------------------------------------- backprop-lab-app
if(EMSCRIPTEN)
  add_executable(backprop-lab-app
    "${BPL_SRC_DIR}/src/platform/main_web.cpp" "${BPL_SRC_DIR}/src/platform/lab_api.cpp")
  target_sources(backprop-lab-app PRIVATE "${BPL_SRC_DIR}/src/platform/text_agent.cpp")   # web/text_agent.js
  target_sources(backprop-lab-app PRIVATE "${BPL_SRC_DIR}/src/platform/gl_state_web.cpp")
  set(BPL_WEB_EXPORTS
    _main _malloc _free
    _lab_load_data _lab_frames _lab_state _lab_set_config _lab_train _lab_step _lab_reset
    _lab_sketch_rect _lab_sketch_pixels _lab_sketch_clear _lab_predict _lab_panel_rect
    _lab_panel_names _lab_control_rect _lab_bench_w2
    _lab_open_panels _lab_show_panel _lab_share_link _lab_apply_link
    _lab_export_model _lab_import_model _lab_report_error _lab_wake
    _lab_export_notebook
    _lab_my_digits_add _lab_my_digits_list _lab_my_digits_clear _lab_my_digits_export _lab_my_digits_import
    _lab_gradcheck_start _lab_gradcheck_status _lab_gradcheck_cancel
    _lab_knn_start _lab_knn_cancel _lab_knn_compare _lab_knn_state _lab_pca _lab_map_point_rect _lab_map_state
    _lab_sweep_start _lab_sweep_cancel _lab_sweep_state
    _lab_race_start _lab_race_state _lab_race_end
    _lab_model _lab_backprop_select _lab_backprop_trace _lab_backprop_step _lab_backprop_position
    _lab_help _lab_keyboard_focus
    _lab_controls)
  # Every EMSCRIPTEN_KEEPALIVE function of lab_api.cpp is exported: a new window.lab call needs
  # no line here (tests/browser/api_table.test.mjs checks lab_api.cpp, web/lab.js and the README).
  file(STRINGS "${BPL_SRC_DIR}/src/platform/lab_api.cpp" _bpl_lab_lines REGEX "^EMSCRIPTEN_KEEPALIVE ")
  foreach(_l IN LISTS _bpl_lab_lines)
    if(_l MATCHES "(lab_[a-z0-9_]+)\\(")
      list(APPEND BPL_WEB_EXPORTS "_${CMAKE_MATCH_1}")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES BPL_WEB_EXPORTS)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${BPL_SRC_DIR}/src/platform/lab_api.cpp")
  string(REPLACE ";" "," BPL_WEB_EXPORTS_CSV "${BPL_WEB_EXPORTS}")
  target_link_options(backprop-lab-app PRIVATE
    -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web
    -sFILESYSTEM=0          # no file system in the page (13 KB of JS): the font and data come through the heap
    -sTOTAL_STACK=1048576   # explicit: 3.1.6 defaults to 5 MB, current emsdk to 64 KB
    -sDYNAMIC_EXECUTION=0   # no eval/new Function in the output: the page's CSP forbids them
    # WebGL 2 core is all Dear ImGui's backend uses: no extension is enabled at start. Emscripten's
    # default enables every known one while creating the context, which took 165 ms of a cold load
    # under SwiftShader (WEBGL_multi_draw alone 86 ms) and some JavaScript (issue 17: first frame).
    -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 -sGL_SUPPORT_SIMPLE_ENABLE_EXTENSIONS=0
    "-sEXPORTED_FUNCTIONS=${BPL_WEB_EXPORTS_CSV}"
    "-sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8,addRunDependency,removeRunDependency"
    ${BPL_WASM_FLAGS}
    # Binaryen's passes over the linked module at -O2 (the last -O wins): its -O3 inlines more,
    # for 25 KB more gzipped and no measurable speed (bench.mjs w2 GFLOPS and epochs/s the same
    # within noise; -Os/-Oz here cost 15-40% of both). The code itself was compiled above (-O3
    # engine, -Os the rest): this does not change that.
    -O2)
  # The Closure Compiler minifies Emscripten's JavaScript (26 -> 16 KB gzipped) when
  # scripts/deps.sh --web has installed it into .cache/closure. The EM_JS/EM_ASM code reaches the
  # page by quoted names, which it never renames (main_web.cpp). Without it the site works the same
  # with a larger script.
  set(BPL_CLOSURE "${BPL_SRC_DIR}/.cache/closure/node_modules/.bin/google-closure-compiler")
  if(EXISTS "${BPL_CLOSURE}")
    target_link_options(backprop-lab-app PRIVATE --closure 1)
    set(_bpl_launcher ${CMAKE_COMMAND} -E env "EM_CLOSURE_COMPILER=${BPL_CLOSURE}")
    if(EXISTS /usr/share/nodejs/acorn AND NOT DEFINED ENV{NODE_PATH})
      list(APPEND _bpl_launcher NODE_PATH=/usr/share/nodejs)
    endif()
    set_target_properties(backprop-lab-app PROPERTIES CXX_LINKER_LAUNCHER "${_bpl_launcher}")
  else()
    message(WARNING "The Closure Compiler is not installed (scripts/deps.sh --web): the site's "
                    "JavaScript is built without it, 10 KB larger gzipped")
  endif()
  # The .js/.wasm land directly in the site folder; the static files are copied next to them.
  set(BPL_SITE_DIR "${CMAKE_BINARY_DIR}/site")
  set_target_properties(backprop-lab-app PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY "${BPL_SITE_DIR}" SUFFIX ".js")
  set_source_files_properties("${BPL_SRC_DIR}/src/platform/main_web.cpp" PROPERTIES COMPILE_OPTIONS "${BPL_WEB_SIZE_FLAGS}")
  # The engine's objects are loaded first (before main_web.o, lab_api.o and the other archives),
  # so every inline/template function the engine compiles (Eigen's GEMM/GEMV kernels, packing,
  # the dense assignment loops training runs) is kept in its -O3 copy, whatever -Os object also
  # defines it. That lets lab_api.cpp and src/app (bpl_app) compile -Os as well.
  target_link_options(backprop-lab-app PRIVATE
    "SHELL:-Wl,--whole-archive $<TARGET_FILE:bpl_engine> -Wl,--no-whole-archive")
  set_source_files_properties("${BPL_SRC_DIR}/src/platform/lab_api.cpp" PROPERTIES COMPILE_OPTIONS "${BPL_WEB_SIZE_FLAGS}")
  target_compile_options(bpl_app PRIVATE ${BPL_WEB_SIZE_FLAGS})
  # The engine's cold parts (once per load or per click: JSON, model files, data parsing,
  # presets) as well. None defines an Eigen product kernel (check as above with llvm-nm on
  # CMakeFiles/bpl_engine.dir/src/<file>.o: no gebp/gemm/gemv/general_matrix/product symbols);
  # the archive loads them among the -O3 objects, so a kernel defined here could win.
  foreach(_cold train/config_json train/model_io train/presets data/strokes_io data/dataset data/pen data/sketch)
    set_source_files_properties("${BPL_SRC_DIR}/src/${_cold}.cpp" PROPERTIES COMPILE_OPTIONS "${BPL_WEB_SIZE_FLAGS}")
  endforeach()
  set(BPL_SITE_FILES
    "index.html"
    "assets/digits.txt.gz"
    "assets/pen-digits.txt.gz"
    "assets/pen-digits.md"
    "assets/fonts/DejaVuSans-subset.ttf"
    "assets/fonts/LICENSE-DejaVu.txt")
  file(GLOB BPL_WEB_STATIC RELATIVE "${BPL_SRC_DIR}" CONFIGURE_DEPENDS
    "${BPL_SRC_DIR}/web/*.js" "${BPL_SRC_DIR}/web/*.css")
  list(FILTER BPL_WEB_STATIC EXCLUDE REGEX "^web/sw\\.js$")   # written to the root below
  list(APPEND BPL_SITE_FILES ${BPL_WEB_STATIC} "assets/icons/icon-192.png" "assets/icons/icon-512.png")
  set(BPL_SITE_OUTPUTS)
  # web/*.js reach the site minified (src/platform/site_minify.cmake: Emscripten's acorn-optimizer
  # under Node, with the acorn modules Debian keeps in /usr/share/nodejs).
  find_program(BPL_NODE NAMES nodejs node)
  set(BPL_JS_OPTIMIZER "${EMSCRIPTEN_ROOT_PATH}/tools/acorn-optimizer.js")
  foreach(f IN LISTS BPL_WEB_STATIC)
    if(NOT f MATCHES "\\.js$")
      continue()
    endif()
    add_custom_command(OUTPUT "${BPL_SITE_DIR}/${f}"
      COMMAND ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs
        ${CMAKE_COMMAND} -DNODE=${BPL_NODE} -DOPTIMIZER=${BPL_JS_OPTIMIZER} -DIN=${BPL_SRC_DIR}/${f}
        -DOUT=${BPL_SITE_DIR}/${f} -P "${BPL_SRC_DIR}/src/platform/site_minify.cmake"
      DEPENDS "${BPL_SRC_DIR}/${f}" "${BPL_SRC_DIR}/src/platform/site_minify.cmake"
      COMMENT "site: ${f} (minified)" VERBATIM)
    list(APPEND BPL_SITE_OUTPUTS "${BPL_SITE_DIR}/${f}")
  endforeach()
  set(BPL_SITE_FILES_COPIED ${BPL_SITE_FILES})
  list(FILTER BPL_SITE_FILES_COPIED EXCLUDE REGEX "^web/.*\\.js$")
  foreach(f IN LISTS BPL_SITE_FILES_COPIED)
    add_custom_command(OUTPUT "${BPL_SITE_DIR}/${f}"
      COMMAND ${CMAKE_COMMAND} -E copy_if_different "${BPL_SRC_DIR}/${f}" "${BPL_SITE_DIR}/${f}"
      DEPENDS "${BPL_SRC_DIR}/${f}"
      COMMENT "site: ${f}" VERBATIM)
    list(APPEND BPL_SITE_OUTPUTS "${BPL_SITE_DIR}/${f}")
  endforeach()
  # The web app manifest sits at the root (its start_url and icons are relative to it).
  add_custom_command(OUTPUT "${BPL_SITE_DIR}/manifest.json"
    COMMAND ${CMAKE_COMMAND} -E copy_if_different "${BPL_SRC_DIR}/web/manifest.json" "${BPL_SITE_DIR}/manifest.json"
    DEPENDS "${BPL_SRC_DIR}/web/manifest.json" COMMENT "site: manifest.json" VERBATIM)
  list(APPEND BPL_SITE_OUTPUTS "${BPL_SITE_DIR}/manifest.json")
  # The service worker (offline after one visit) precaches every file above and the app's
  # .js/.wasm under a cache named by their hash (src/platform/site_sw.cmake).
  set(BPL_PRECACHE ${BPL_SITE_FILES} manifest.json backprop-lab-app.js backprop-lab-app.wasm)
  string(REPLACE ";" "|" BPL_PRECACHE_ARG "${BPL_PRECACHE}")
  add_custom_command(OUTPUT "${BPL_SITE_DIR}/sw.js"
    COMMAND ${CMAKE_COMMAND} -DSITE_DIR=${BPL_SITE_DIR} -DTEMPLATE=${BPL_SRC_DIR}/web/sw.js
      -DOUT=${BPL_SITE_DIR}/sw.js "-DFILES=${BPL_PRECACHE_ARG}" -P "${BPL_SRC_DIR}/src/platform/site_sw.cmake"
    DEPENDS ${BPL_SITE_OUTPUTS} backprop-lab-app "$<TARGET_FILE:backprop-lab-app>"
      "${BPL_SRC_DIR}/web/sw.js" "${BPL_SRC_DIR}/src/platform/site_sw.cmake"
    COMMENT "site: sw.js (precache list and cache name)" VERBATIM)
  list(APPEND BPL_SITE_OUTPUTS "${BPL_SITE_DIR}/sw.js")
  add_custom_target(site ALL DEPENDS ${BPL_SITE_OUTPUTS} backprop-lab-app)
else()
  add_executable(backprop-lab-app "${BPL_SRC_DIR}/src/platform/main_desktop.cpp")
endif()
target_link_libraries(backprop-lab-app PRIVATE bpl_ui)
