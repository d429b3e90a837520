// gui/ipc.h — the ipc window (see ipc.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_ipc_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
