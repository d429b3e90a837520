// gui/console.h — the console window (see console.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_console_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
