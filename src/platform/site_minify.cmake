# Writes one of the site's scripts without comments and whitespace (cmake -P, run by the `site`
# target in app.cmake for web/*.js): the readable source stays in web/, the site gets the small
# copy (issue 17: the site's size). The minifier is Emscripten's own acorn-optimizer.js pass
# `minifyWhitespace` (its JS optimizer, under Node): nothing beyond what the web build needs.
# If it cannot run, the source is copied as it is and the build says so.
#   -DNODE=<node> -DOPTIMIZER=<emscripten>/tools/acorn-optimizer.js -DIN=<web/x.js> -DOUT=<site/web/x.js>
set(rc 1)
if(NODE AND EXISTS "${OPTIMIZER}")
  execute_process(COMMAND "${NODE}" "${OPTIMIZER}" "${IN}" minifyWhitespace
    OUTPUT_FILE "${OUT}.tmp" ERROR_VARIABLE err RESULT_VARIABLE rc)
endif()
if(rc EQUAL 0)
  file(RENAME "${OUT}.tmp" "${OUT}")
else()
  message(WARNING "site_minify: ${IN} copied unminified (${NODE} ${OPTIMIZER}: ${rc} ${err})")
  file(REMOVE "${OUT}.tmp")
  configure_file("${IN}" "${OUT}" COPYONLY)
endif()
