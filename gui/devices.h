// gui/devices.h — the devices window (see devices.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_devices_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
