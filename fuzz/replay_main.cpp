// Standalone driver for builds without libFuzzer: runs every file given on the command line,
// and every regular file inside a directory given there, through LLVMFuzzerTestOneInput.
// This keeps the fuzz targets compiling in every build and lets ctest replay each seed
// corpus as a regression test. A violated property aborts, which fails the test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool replayFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
        return false;
    }
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t replayed = 0;
    bool ok = true;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path arg(argv[i]);
        if (!arg.empty() && arg.string()[0] == '-') continue;   // libFuzzer-style flags are ignored
        if (std::filesystem::is_directory(arg)) {
            std::vector<std::filesystem::path> files;
            for (const auto& entry : std::filesystem::directory_iterator(arg))
                if (entry.is_regular_file()) files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            for (const auto& file : files) {
                ok &= replayFile(file);
                ++replayed;
            }
        } else {
            ok &= replayFile(arg);
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::fprintf(stderr, "usage: %s <input file or corpus directory>...\n", argv[0]);
        return 1;
    }
    std::printf("replay: %zu input(s) ran without a violated property\n", replayed);
    return ok ? 0 : 1;
}
