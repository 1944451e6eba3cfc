// Named training configurations. The page opens with the first (the "reader", chosen for
// reading digits); the notebook's own network is one click away. A preset is a whole
// TrainConfig: applying it replaces every setting, and any later change makes the config
// "custom" (matching_preset compares every field through the config JSON).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "train/trainer.hpp"

namespace bpl {

struct Preset {
  std::string id;       // "reader", "notebook": what lab.preset(id) / --preset take
  std::string name;     // shown in the Network panel's selector
  std::string summary;  // one sentence for the panel
  TrainConfig config;
};

// Every preset; the first is the app's default.
const std::vector<Preset>& presets();
const Preset& default_preset();
// nullptr when no preset has that id.
const Preset* find_preset(std::string_view id);
// "\"reader\" or \"notebook\"" for error messages.
std::string preset_id_list();
// The id of the preset whose config equals cfg in every field, or "custom".
std::string matching_preset(const TrainConfig& cfg);

}  // namespace bpl
