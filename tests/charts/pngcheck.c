/*
 * pngcheck.c - read a PNG with cairo (a reader of its own, not ours) and say
 * what it shows, for the chart and report tests:
 *
 *   pngcheck FILE   prints "WIDTH HEIGHT DRAWN PALETTE": the pixels that
 *                   differ from the top-left one (the background), and those
 *                   within 24 of a colour of the charts' Okabe-Ito palette.
 *
 * Exit status 1 when the file cannot be read as a PNG.
 */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

static const unsigned palette[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                   0xE69F00, 0x56B4E9, 0xF0E442};

static int near(unsigned a, unsigned b)
{
    int d = 0;
    for (int s = 0; s < 24; s += 8) {
        int x = (int)((a >> s) & 0xFF) - (int)((b >> s) & 0xFF);
        d += x < 0 ? -x : x;
    }
    return d <= 24;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: pngcheck FILE\n", stderr);
        return 2;
    }
    cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pngcheck: %s: %s\n", argv[1],
                cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return 1;
    }
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *d = cairo_image_surface_get_data(s);
    unsigned bg = 0;
    long drawn = 0, pal = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            unsigned px =
                *(const unsigned *)(const void *)(d + (size_t)y * (size_t)stride +
                                                  (size_t)x * 4) &
                0xFFFFFFu;
            if (x == 0 && y == 0)
                bg = px;
            drawn += px != bg;
            for (size_t k = 0; k < sizeof palette / sizeof *palette; k++)
                if (near(px, palette[k])) {
                    pal++;
                    break;
                }
        }
    printf("%d %d %ld %ld\n", w, h, drawn, pal);
    cairo_surface_destroy(s);
    return 0;
}
