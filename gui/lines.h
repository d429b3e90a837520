// gui/lines.h — the lines window (see lines.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_lines_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
