#!/usr/bin/env bash
# Installs everything Backprop Lab needs on Debian 12 / Ubuntu. Idempotent: a second run
# only checks. Usage: scripts/deps.sh [--web] [--test] [--fuzz]
#   (no flag)  native toolchain + libraries
#   --web      also Emscripten and the Dear ImGui sources (for the browser build)
#   --test     also Chromium and playwright-core (for the browser tests), Firefox ESR, WebKitGTK's
#              WebDriver + MiniBrowser and Xvfb with puppeteer-core and selenium-webdriver (for the
#              Firefox and WebKit smoke runs), axe-core (injected by tests/browser/a11y2.test.mjs)
#   --fuzz     also clang and its fuzzer runtime (libclang-rt-dev: libclang_rt.fuzzer*.a) for
#              scripts/fuzz.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
want_web=0; want_test=0; want_fuzz=0
for a in "$@"; do
  case "$a" in
    --web) want_web=1 ;;
    --test) want_test=1; want_web=1 ;;
    --fuzz) want_fuzz=1 ;;
    *) echo "deps.sh: unknown flag $a" >&2; exit 2 ;;
  esac
done
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

pkgs=(cmake ninja-build g++ pkg-config libeigen3-dev nlohmann-json3-dev
      libgtest-dev libglfw3-dev zlib1g-dev)
[ $want_web = 1 ] && pkgs+=(emscripten nodejs npm dpkg-dev python3)
[ $want_test = 1 ] && pkgs+=(chromium npm python3-numpy firefox-esr webkit2gtk-driver xvfb xauth)
[ $want_fuzz = 1 ] && pkgs+=(clang libclang-rt-dev)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# nodejs from another repository may provide npm itself
if printf '%s\n' "${missing[@]:-}" | grep -qx npm && command -v npm >/dev/null; then
  missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]:-}" | grep -v '^$' || true))
apt_updated=0
apt_update() { [ $apt_updated = 1 ] || { $SUDO apt-get update -qq; apt_updated=1; }; }
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ $want_web = 1 ]; then
  # Dear ImGui 1.86 sources (Debian ships only headers + an x86 library) into a git-ignored cache.
  cache="$here/.cache/imgui"
  if [ ! -f "$cache/imgui.cpp" ]; then
    if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
      src=/etc/apt/sources.list.d/debian.sources
      if [ -f "$src" ]; then
        sed 's/^Types: deb$/Types: deb-src/' "$src" | $SUDO tee /etc/apt/sources.list.d/backprop-lab-src.sources >/dev/null
      else
        grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/backprop-lab-src.list >/dev/null
      fi
      apt_updated=0
    fi
    apt_update
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get source -qq imgui >/dev/null 2>&1 || apt-get source imgui)
    d=$(find "$tmp" -maxdepth 1 -type d -name 'imgui-*' | head -n1)
    [ -n "$d" ] || { echo "deps: apt-get source imgui produced nothing" >&2; exit 1; }
    mkdir -p "$here/.cache"
    rm -rf "$cache"; mv "$d" "$cache"; rm -rf "$tmp"
    echo "deps: Dear ImGui sources in $cache"
  fi
  # The Closure Compiler for Emscripten's JavaScript (app.cmake links with --closure 1: 10 KB less
  # gzipped): the npm release of Emscripten 3.1.6's time, into a git-ignored cache. npm installs
  # its native Linux build, which needs no Java.
  closure="$here/.cache/closure"
  if [ ! -x "$closure/node_modules/.bin/google-closure-compiler" ]; then
    mkdir -p "$closure"
    npm install --prefix "$closure" --no-save --no-audit --no-fund --silent google-closure-compiler@20220104.0.0
    echo "deps: Closure Compiler in $closure"
  fi
fi

if [ $want_test = 1 ]; then
  nm="$here/tests/browser/node_modules"
  if [ ! -d "$nm/playwright-core" ] || [ ! -d "$nm/puppeteer-core" ] || [ ! -d "$nm/selenium-webdriver" ] || [ ! -f "$nm/axe-core/axe.min.js" ]; then
    (cd "$here/tests/browser" && npm ci --no-audit --no-fund --silent 2>/dev/null || npm install --no-audit --no-fund --silent)
  fi
fi
