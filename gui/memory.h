// gui/memory.h — the memory window (see memory.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_memory_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
