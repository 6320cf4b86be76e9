/* How fast the inflaters at hand unpack a delivery's members (BENCHMARKS.md, "Issue 24: the
 * inflaters"): each file given is deflated raw at level 6 (zlib, as a zip holds it), then all
 * of them are unpacked by libdeflate, ISA-L (igzip) and zlib into one buffer, on one core,
 * three rounds. Not built by CI: it needs Debian's libdeflate-dev, libisal-dev, zlib1g-dev.
 *
 *   cc -O2 -Wall benches/inflaters/inflate.c -o /tmp/inflate -lz -ldeflate -lisal
 *   /tmp/inflate $TMPDIR/gmsd-fast-delivery/national/WMO_H22025_????.csv
 */
#include <isa-l/igzip_lib.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    int n = argc - 1;
    unsigned char **packed = malloc(n * sizeof *packed);
    size_t *packed_len = malloc(n * sizeof *packed_len), *len = malloc(n * sizeof *len);
    size_t total = 0, longest = 0;
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(argv[i + 1], "rb");
        if (!f) return perror(argv[i + 1]), 1;
        fseek(f, 0, SEEK_END);
        size_t size = ftell(f);
        fseek(f, 0, SEEK_SET);
        unsigned char *data = malloc(size);
        if (fread(data, 1, size, f) != size) return perror(argv[i + 1]), 1;
        fclose(f);
        z_stream z = {0};
        deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
        size_t bound = deflateBound(&z, size);
        packed[i] = malloc(bound);
        z.next_in = data, z.avail_in = size, z.next_out = packed[i], z.avail_out = bound;
        deflate(&z, Z_FINISH);
        packed_len[i] = z.total_out, len[i] = size;
        deflateEnd(&z);
        free(data);
        total += size;
        if (size > longest) longest = size;
    }
    unsigned char *out = malloc(longest + 64);
    memset(out, 1, longest + 64);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    for (int round = 0; round < 3; round++) {
        double t = now();
        for (int i = 0; i < n; i++) {
            size_t got;
            if (libdeflate_deflate_decompress(d, packed[i], packed_len[i], out, longest, &got) || got != len[i])
                return puts("libdeflate: wrong"), 1;
        }
        double libdeflate = now() - t;
        t = now();
        for (int i = 0; i < n; i++) {
            struct inflate_state s;
            isal_inflate_init(&s);
            s.next_in = packed[i], s.avail_in = packed_len[i], s.next_out = out, s.avail_out = longest;
            if (isal_inflate(&s) != ISAL_DECOMP_OK || s.total_out != len[i]) return puts("isal: wrong"), 1;
        }
        double isal = now() - t;
        t = now();
        for (int i = 0; i < n; i++) {
            z_stream z = {0};
            inflateInit2(&z, -15);
            z.next_in = packed[i], z.avail_in = packed_len[i], z.next_out = out, z.avail_out = longest;
            if (inflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out != len[i]) return puts("zlib: wrong"), 1;
            inflateEnd(&z);
        }
        double zlib = now() - t;
        printf("%.0f MB: libdeflate %.0f MB/s, ISA-L %.0f MB/s, zlib %.0f MB/s\n", total / 1e6,
               total / 1e6 / libdeflate, total / 1e6 / isal, total / 1e6 / zlib);
    }
    return 0;
}
