// gui/processes.h — the processes window (see processes.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_processes_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
