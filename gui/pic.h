// gui/pic.h — the pic window (see pic.cpp for what it shows).
#pragma once
#include "gui/ui.h"

namespace irq::gui {

void draw_pic_window(const Snapshot& s, Ui& ui, Commands& out);

}  // namespace irq::gui
