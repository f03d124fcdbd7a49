// The playground's panels, each drawn into the current ImGui window/child by ui_main.cpp.
// Panels read app.state / app.result / app.grads and apply edits through app_apply (see
// widgets.h for the one-undo-step-per-gesture protocol). No maths here: every number shown
// comes from the Result, the Gradients or src/app helpers. A panel takes the App when that
// is all it reads, the whole Program (lessons/program.h) when the open lesson step decides
// what it shows.
#pragma once

#include "app/app.h"
#include "lessons/program.h"

namespace ap {

void panel_menu_bar(Program& prog);  // Edit, Examples, Lessons, Models, Share, Export, Help
void panel_notice(App& app);         // the one-line message about the last rejected input
void panel_inputs(Program& prog);    // tokens, widths, seed, Q/K/V editors
// scoring kind + parameters, temperature, mask, sparsity, heads
void panel_scoring(Program& prog);
// Which parts of the pipeline a place shows: everything (the desktop column), the small
// stage cards only, or the Weights and Output views only (the phone's pinned result).
enum class PipelineParts { All, Stages, Result };
// raw scores → scaled → masked as small cards, then the weights and the output large
void panel_pipeline(App& app, PipelineParts parts = PipelineParts::All);
void panel_inspector(
    App& app);  // the selected query: weight bars, entropy, weighted sum, ∂/∂scores
void panel_vector_plane(App& app);            // d = 2: queries and keys as draggable arrows
void panel_scaling(App& app);                 // the √d lab (shown by lessons)
void panel_lesson_menu(Program& prog);        // the Lessons menu of the menu bar
bool panel_lesson_open(const Program& prog);  // a lesson is open: ui_main adds its column
void panel_lesson(Program& prog);             // the open lesson: prose, goals, hints, navigation
// Train the translation model; its alignment live. Without `controls` the Train / Pause /
// Step / Reset row and progress line are left out (the phone pins them above its tabs).
void panel_training(App& app, bool controls = true);
void panel_training_controls(App& app);
// Train the captioner; drag shapes, see words look. `controls` as for panel_training.
void panel_captioning(App& app, bool controls = true);
void panel_captioning_controls(App& app);
// Train the qa memory network; edit a story, see the hops. Without `controls` the seed,
// Train / Pause / Reset row and progress are left out (the phone pins them above its tabs).
void panel_qa(App& app, bool controls = true);
void panel_qa_controls(App& app);
// Train a tiny transformer; its heads' maps live. `controls` as for panel_training.
void panel_induction(App& app, bool controls = true);
void panel_induction_controls(App& app);
// Train the sentiment model; a typed review's weights live. `controls` as for panel_qa.
void panel_sentiment(App& app, bool controls = true);
void panel_sentiment_controls(App& app);
// Measured time and memory of dense, tiled and sparse attention against n. Without
// `controls` the n slider, Measure and the sparse pattern are left out (the phone pins them).
void panel_scale_lab(App& app, bool controls = true);
void panel_scale_lab_controls(App& app);

}  // namespace ap
