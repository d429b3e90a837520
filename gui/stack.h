// gui/stack.h — the stack window (see stack.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_stack_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
