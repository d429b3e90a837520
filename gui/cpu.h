// gui/cpu.h — the cpu window (see cpu.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_cpu_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
