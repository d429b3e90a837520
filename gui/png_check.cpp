// gui/png_check.cpp — `png_check FILE.png WIDTH HEIGHT`: exit 0 when the PNG has that size and is not
// blank (at least 16 distinct colours and 2% of pixels differing from the most common one).
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <map>

int main(int argc, char** argv) {
  if (argc != 4) { std::fprintf(stderr, "usage: png_check FILE.png WIDTH HEIGHT\n"); return 2; }
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 3);
  if (!px) { std::fprintf(stderr, "png_check: cannot read %s\n", argv[1]); return 1; }
  if (w != std::atoi(argv[2]) || h != std::atoi(argv[3])) {
    std::fprintf(stderr, "png_check: %s is %dx%d, expected %sx%s\n", argv[1], w, h, argv[2], argv[3]);
    stbi_image_free(px);
    return 1;
  }
  std::map<unsigned, long> colours;
  for (long i = 0; i < long(w) * h; ++i)
    ++colours[unsigned(px[3 * i]) << 16 | unsigned(px[3 * i + 1]) << 8 | px[3 * i + 2]];
  stbi_image_free(px);
  long top = 0;
  for (const auto& [c, k] : colours) top = k > top ? k : top;
  const long total = long(w) * h;
  const bool ok = colours.size() >= 16 && (total - top) * 50 >= total;
  std::printf("png_check: %dx%d, %zu colours, %.1f%% not background: %s\n", w, h, colours.size(),
              100.0 * double(total - top) / double(total), ok ? "ok" : "BLANK");
  return ok ? 0 : 1;
}
