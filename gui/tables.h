// gui/tables.h — the tables window (see tables.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_tables_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
