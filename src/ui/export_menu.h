// The Export menu: the selected head's weights as a PNG heatmap, the matrices as CSV, the
// state and result as JSON, and the example as NumPy or PyTorch code. Bytes come from
// src/app (export_code.h, export_data.h, png_encode.h) and src/gfx/colormap.h; the host
// offers them as downloads.
#pragma once

#include "app/app.h"
#include "app/host.h"

namespace ap {

void menu_export(App& app, Host& host);

}  // namespace ap
