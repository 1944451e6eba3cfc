#include "optim/update_preview.hpp"

#include "optim/optimizer_registry.hpp"

namespace bpl {

VecD preview_state(const VecD& s, Index n, bool* zero) {
  if (s.size() == n) return s;
  *zero = true;
  return VecD::Zero(n);
}

UpdatePreview preview_update(const UpdateRule& r, const VecD& g) { return optimizer_info(r.cfg.kind).preview(r, g); }

}  // namespace bpl
