#!/usr/bin/env bash
# Builds the browser app and serves the static site on http://127.0.0.1:PORT (default 8000).
#   scripts/serve.sh [PORT]        (BPL_WEB_BUILD=dir to use another build folder)
# Installs what is missing first (scripts/deps.sh --web). Idempotent: a second run only
# rebuilds what changed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/deps.sh" --web
port=${1:-${PORT:-8000}}
build=${BPL_WEB_BUILD:-$here/build/web}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}   # Debian emscripten's JS optimizer needs it

command -v emcmake >/dev/null || { echo "serve: emscripten missing: run scripts/deps.sh --web" >&2; exit 2; }
[ -f "$here/.cache/imgui/imgui.cpp" ] || { echo "serve: Dear ImGui sources missing: run scripts/deps.sh --web" >&2; exit 2; }

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  if [ -z "${BPL_WEB_BUILD:-}" ] && grep -qs '"name": *"web"' "$here/CMakePresets.json"; then
    (cd "$here" && emcmake cmake --preset web)          # binaryDir: build/web
  else
    gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
    emcmake cmake -S "$here" -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
      -DBPL_BUILD_TESTS=OFF -DBPL_BUILD_CLI=OFF
  fi
fi
cmake --build "$build" --target site
site="$build/site"
[ -f "$site/index.html" ] && [ -f "$site/backprop-lab-app.wasm" ] || { echo "serve: $site is incomplete" >&2; exit 1; }

py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3
echo "Backprop Lab: http://127.0.0.1:$port/  (Ctrl+C stops the server)"
# Python's http.server with the MIME types spelled out: .wasm as application/wasm (browsers then
# compile the module while it downloads), whatever the system's mime.types says.
exec "$py" - "$port" "$site" <<'PY'
import functools, http.server, sys
types = {'.wasm': 'application/wasm', '.js': 'text/javascript', '.css': 'text/css',
         '.html': 'text/html', '.json': 'application/json', '.png': 'image/png',
         '.ttf': 'font/ttf', '.gz': 'application/gzip', '.txt': 'text/plain'}
class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **types}
port, site = int(sys.argv[1]), sys.argv[2]
http.server.ThreadingHTTPServer(('127.0.0.1', port), functools.partial(Handler, directory=site)).serve_forever()
PY
