# cmake -DIN=kernel.bin -DOUT=kernel_image.cpp -P embed.cmake: the image as a C++ byte array.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUT}" "// Generated from programs/kernel/kernel.asm by os/embed.cmake: do not edit.\n#include \"os/kernel_image.h\"\nnamespace irq::os {\nconst std::vector<uint8_t>& kernel_image() {\n  static const std::vector<uint8_t> image = {${bytes}};\n  return image;\n}\n}  // namespace irq::os\n")
