// gui/control.h — the control window (see control.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_control_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
