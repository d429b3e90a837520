// gui/disasm.h — the disasm window (see disasm.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_disasm_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
