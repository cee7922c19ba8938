/* Runs a fuzz target over files: for fuzz_convert each file as found and
 * once forced through every reader (first byte of the fuzz input); for the
 * other targets (GD_REPLAY_PLAIN: per reader, tests/doc/fuzz_doc.c,
 * tests/sandbox/fuzz_wire.c) each file as it is. Used by ctest on the
 * fixtures, samples and kept findings, and to replay crashes found by
 * libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int runs = 0;
    if (argc < 2) {
        /* a replay over nothing would pass whatever the target does */
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "cannot open %s\n", argv[i]);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *buf = malloc((size_t)n + 1);
        if (!buf || fread(buf + 1, 1, (size_t)n, f) != (size_t)n) {
            fclose(f);
            free(buf);
            return 1;
        }
        fclose(f);
#ifdef GD_REPLAY_PLAIN
        /* a per-reader target: the file as it is */
        LLVMFuzzerTestOneInput(buf + 1, (size_t)n);
        runs++;
#else
        for (int sel = 0; sel < 4; sel++) { /* 0: by content; 1..3: each reader */
            buf[0] = (uint8_t)sel;
            LLVMFuzzerTestOneInput(buf, (size_t)n + 1);
            runs++;
        }
#endif
        free(buf);
    }
    printf("%d runs over %d files, no crash\n", runs, argc - 1);
    return 0;
}
