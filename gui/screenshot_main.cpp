// gui/screenshot_main.cpp — a stand-alone front for gui_main (the ctest screenshot entry runs this,
// so the test does not depend on how `irqlab gui` is wired).
#include "gui/gui_main.h"

int main(int argc, char** argv) { return irq::gui::gui_main(argc, argv); }
