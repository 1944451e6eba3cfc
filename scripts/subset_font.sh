#!/usr/bin/env bash
# Makes the app's font: a subset of DejaVu Sans (Debian fonts-dejavu-core) with the glyphs the
# lab draws, so that the static site stays small (the full TTF is ~740 KB). Run once by hand
# when the character set changes; the result is committed in assets/fonts/ and the build does
# not need Python. Needs python3-fonttools (apt-get install python3-fonttools fonts-dejavu-core).
# Keep UNICODES in sync with the glyph ranges in src/ui/app_ui.cpp (kGlyphRanges).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=${DEJAVU_TTF:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
licence=/usr/share/doc/fonts-dejavu-core/copyright
out="$here/assets/fonts/DejaVuSans-subset.ttf"
[ -f "$src" ] || { echo "subset_font: $src missing (apt-get install fonts-dejavu-core)" >&2; exit 2; }

UNICODES=(
  U+0020-007E   # Basic Latin
  U+00A0-00FF   # Latin-1: ± × ÷ · ° ² ³ ¹ µ ¬ « » ...
  U+0370-03FF   # Greek: α β γ δ ε η θ λ μ σ Σ ...
  U+2010-2027   # dashes, quotes, bullet, ellipsis
  U+2030-203A   # per mille, primes, angle quotes
  U+2070-209C   # superscripts and subscripts ⁰-⁹ ⁺ ⁻ ⁿ ₀-₉ ₊ ₋ ...
  U+2190-2199   # arrows ← ↑ → ↓ ↔ ↕ ↖ ↗ ↘ ↙
  U+21BA-21BB   # ↺ ↻
  U+21D0-21D5   # ⇐ ⇑ ⇒ ⇓ ⇔ ⇕
  U+2200-22FF   # mathematical operators ∂ ∇ ∑ − ∓ ∗ ∘ √ ∞ ≈ ≠ ≤ ≥ ⊕ ⊗ ⊙ ⋅ ...
  U+2308-230B   # ceilings and floors
  U+25A0-25FF   # geometric shapes ■ □ ▲ ▶ ▼ ◀ ● ○ ...
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
