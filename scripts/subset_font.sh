#!/usr/bin/env bash
# Makes the app's font: a subset of DejaVu Sans (Debian fonts-dejavu-core) with the glyphs the
# lab draws, so that the static site stays small (the full TTF is ~740 KB). Run once by hand
# when the character set changes; the result is committed in assets/fonts/ and the build does
# not need Python. Needs python3-fonttools (apt-get install python3-fonttools fonts-dejavu-core).
# UNICODES lies within the glyph ranges of src/ui/app_ui.cpp (glyph_ranges(); the glyphs of a range
# the font lacks are skipped): of the big blocks (Greek, mathematical operators, geometric shapes)
# only the glyphs the sources use (grep them when adding a symbol) and a few common ones (issue 17:
# the site's size).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=${DEJAVU_TTF:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
licence=/usr/share/doc/fonts-dejavu-core/copyright
out="$here/assets/fonts/DejaVuSans-subset.ttf"
[ -f "$src" ] || { echo "subset_font: $src missing (apt-get install fonts-dejavu-core)" >&2; exit 2; }

UNICODES=(
  U+0020-007E   # Basic Latin
  U+00A0-00FF   # Latin-1: ± × ÷ · ° ² ³ ¹ µ ¬ « » ...
  U+0391-03A9 U+03B1-03C9   # the Greek alphabet (α β γ δ ε η θ λ μ σ Δ Σ ...), no accented forms
  U+2010-2027   # dashes, quotes, bullet, ellipsis
  U+2030-203A   # per mille, primes, angle quotes
  U+2070-209C   # superscripts and subscripts ⁰-⁹ ⁺ ⁻ ⁿ ₀-₉ ₊ ₋ ...
  U+2190-2199   # arrows ← ↑ → ↓ ↔ ↕ ↖ ↗ ↘ ↙
  U+21BA-21BB   # ↺ ↻
  U+21D0-21D5   # ⇐ ⇑ ⇒ ⇓ ⇔ ⇕
  # mathematical operators: the ones the lab writes (∂ ∇ ∑ − √ ∞ ≈ ≤ ≥ ⊙ ⊤ ‖) and a few more
  # (∈ ∏ ∓ ∗ ∘ ∝ ∫ ≠ ≡ ⊕ ⊗ ⋅)
  U+2016 U+2202 U+2207-2208 U+220F U+2211-2213 U+2217 U+2218 U+221A U+221D U+221E U+222B
  U+2248 U+2260 U+2261 U+2264 U+2265 U+2295 U+2297 U+2299 U+22A4 U+22C5
  U+2308-230B   # ceilings and floors
  # geometric shapes: ■ □ ▮ ▲ ▶ ▼ ▾ ◀ ◆ ○ ●
  U+25A0 U+25A1 U+25AE U+25B2 U+25B6 U+25BC U+25BE U+25C0 U+25C6 U+25CB U+25CF
  U+2713-2717   # ✓ ✔ ✕ ✖ ✗
  U+FFFD        # replacement character
)
pyft=()
if command -v pyftsubset >/dev/null; then pyft=(pyftsubset)
elif /usr/bin/python3 -c 'import fontTools' 2>/dev/null; then pyft=(/usr/bin/python3 -m fontTools.subset)
elif python3 -c 'import fontTools' 2>/dev/null; then pyft=(python3 -m fontTools.subset)
else echo "subset_font: fontTools missing (apt-get install python3-fonttools)" >&2; exit 2
fi
unicodes=$(printf '%s,' "${UNICODES[@]}"); unicodes=${unicodes%,}
# Dear ImGui rasterizes outlines with stb_truetype: no hinting, no OpenType layout needed.
"${pyft[@]}" "$src" --unicodes="$unicodes" --output-file="$out" \
  --no-hinting --layout-features='' --drop-tables+=GSUB,GPOS,GDEF,kern,FFTM \
  --name-IDs='*' --name-languages='*' --notdef-outline --recalc-bounds
{
  echo "assets/fonts/DejaVuSans-subset.ttf is a subset of DejaVu Sans (DejaVuSans.ttf from Debian's"
  echo "fonts-dejavu-core package), made by scripts/subset_font.sh: only some Unicode blocks were kept"
  echo "and hinting and OpenType layout tables were removed. Glyph designs are unchanged."
  echo "The font's licence and copyright notices follow (Debian's copyright file, verbatim)."
  echo
  cat "$licence"
} > "$here/assets/fonts/LICENSE-DejaVu.txt"
echo "subset_font: wrote $out ($(wc -c < "$out") bytes)"
