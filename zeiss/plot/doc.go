// Package plot draws the charts and tables of the coating notebooks: short,
// deterministic one-liners for GoNB cells.
//
// Every chart has two renderings of the same data:
//
//   - interactive: an HTML snippet (a <div> with a fixed id and a <script>)
//     drawn by Apache ECharts 5.4.3, whose option is built with go-echarts
//     v2.6.7. The ECharts library is embedded in the package (assets/), so
//     nothing is fetched from the network;
//   - static: a PNG (or SVG) drawn by gonum/plot, for viewers that run no
//     JavaScript, saved in the repository's figures/ folder.
//
// Both are byte-identical from run to run: the chart's HTML id is derived
// from the name the caller gives ("zeiss-chart-" + name), there is no time
// stamp or random number anywhere, and the static images use gonum's
// embedded fonts. Re-running a notebook therefore reproduces its outputs and
// figure files exactly.
//
// # Charts
//
// Curves draws reflectance curves (81 values in %R on 380–780 nm) with an
// optional highlighted Target; Lines draws (x, y) series such as loss curves
// (see Indexed, and LogY); Scatter draws points, with Rect marking a
// specification window; Bars draws grouped bars; Heatmap draws a labelled
// table of coloured cells such as a confusion table. Options chain:
//
//	plot.Curves("overview", curves...).Target(ref).YRange(0, 4).Title("Furnaces, 2021 H1")
//
// A missing value (NaN) is never invented: lines show a gap, and scatter and
// bar legends say how many values a series lacks. Invalid input (a curve
// without 81 values, mismatched lengths, a log axis with y ≤ 0, …) is
// reported by every output method with the chart's name.
//
// A Chart renders to an HTML snippet (HTML), PNG or SVG bytes (PNG, SVG),
// files (SavePNG, SaveSVG: atomic writes), or shows itself in a notebook
// (Show). Page collects charts into a self-contained HTML file.
//
// # Notebooks
//
// GoNB runs every cell as a new program, so declare the Notebook at top level
// and emit the ECharts library once, in the first display cell, with Setup:
//
//	var nb = plot.NewNotebook() // figures go to <module root>/figures
//
//	%%
//	nb.Setup()
//
// Later cells are one line each:
//
//	%%
//	plot.Curves("overview-reference", curves...).Target(ref).Show(nb)
//
//	%%
//	plot.Lines("loss", plot.Indexed("train", train), plot.Indexed("validation", val)).LogY().Show(nb)
//
//	%%
//	nb.Table([]string{"furnace", "ΔE00"}, rows)
//
// Show saves figures/<name>.png (and .svg if nb.SVG), then sends ONE output
// carrying both text/html (the interactive chart) and image/png (the static
// image), so each viewer picks what it can render, and waits for GoNB to
// deliver it (gonbui.Sync). Chart names must be unique within a notebook.
//
// The library script is wrapped as (function(define,module,exports){…}).call(window)
// so it defines window.echarts even on pages that load RequireJS, such as
// nbconvert's HTML export; each chart's script waits until window.echarts
// exists, so the order in which outputs are rendered does not matter.
//
// Only gonb.go talks to the notebook (package gonbui); everything else runs
// and is tested outside a kernel.
package plot
