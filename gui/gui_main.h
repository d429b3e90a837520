// gui/gui_main.h — `irqlab gui [SCENARIO.yaml] [--screenshot out.png --after CYCLES]`.
// argv[0] is "gui" (or the program name); returns the process exit code (0 ok, 1 error, 2 usage).
#pragma once

namespace irq::gui {
int gui_main(int argc, char** argv);
}
