// gui/events.h — the events window (see events.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_events_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
