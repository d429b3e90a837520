// os/kernel_image.h — the bytes of programs/kernel/kernel.asm, assembled by NASM at build time and
// embedded by os/embed.cmake (so `irqlab exec` needs no assembler at run time).
#pragma once
#include <cstdint>
#include <vector>

namespace irq::os {
const std::vector<uint8_t>& kernel_image();
}
