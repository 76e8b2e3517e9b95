package plot

import (
	"errors"
	"fmt"
	"math"
	"regexp"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Reflectance curve axis: NumPoints values from MinWavelength to MaxWavelength nm
// in steps of StepWavelength nm (the grid of the measured curves, see
// furnace.Wavelength).
const (
	NumPoints      = furnace.NumPoints
	MinWavelength  = 380.0
	MaxWavelength  = 780.0
	StepWavelength = 5.0
)

// Default size of a chart in CSS pixels (interactive) and image pixels (PNG).
const (
	DefaultWidth  = 900
	DefaultHeight = 500
)

// maxLegend is the largest number of series listed in a static image's legend.
const maxLegend = 12

// Curve is a reflectance curve: NumPoints values of R in percent at
// 380, 385, …, 780 nm. NaN marks a missing value and is drawn as a gap.
type Curve struct {
	Name string
	R    []float64
}

// Series is a named set of (X[i], Y[i]) points. For Bars only Y is used (one
// value per category) and X must be empty. NaN in X or Y marks a missing point:
// lines show a gap there, scatter plots cannot place it and say in the legend
// how many points are missing.
type Series struct {
	Name string
	X, Y []float64
}

// Indexed returns a Series with X = 1, 2, …, len(y), e.g. epochs of a loss curve.
func Indexed(name string, y []float64) Series {
	x := make([]float64, len(y))
	for i := range x {
		x[i] = float64(i + 1)
	}
	return Series{Name: name, X: x, Y: y}
}

// Rect is an axis-aligned rectangle in data coordinates, e.g. a colour
// specification window drawn on a scatter plot of a* against b*.
type Rect struct {
	Name       string
	XMin, XMax float64
	YMin, YMax float64
}

type kind int

const (
	kindLines kind = iota
	kindScatter
	kindBars
	kindHeatmap
)

// namePattern is what a chart name may look like: it becomes the HTML element
// id and the figure file name.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// Chart is one figure: its data, labels and options. It renders to an HTML
// snippet (interactive, echarts), to PNG or SVG (static, gonum/plot), saves
// its static image under a figures folder and shows itself in a GoNB
// notebook.
//
// Charts are built by Curves, Lines, Scatter, Bars and Heatmap and tuned by
// chained option methods. An invalid argument is remembered and returned by
// every output method, so a one-line cell reports it instead of drawing
// something wrong. Rendering is deterministic: the same chart gives
// byte-identical HTML, PNG and SVG.
type Chart struct {
	name           string
	kind           kind
	title          string
	xLabel, yLabel string
	series         []Series
	target         *Series
	rects          []Rect
	categories     []string // Bars: x categories; Heatmap: columns
	rows           []string // Heatmap rows
	grid           [][]float64
	xRange, yRange *[2]float64
	logY           bool
	curves         bool // a Curves chart: x is the wavelength grid
	width, height  int
	err            error
}

func newChart(name string, k kind) *Chart {
	c := &Chart{name: name, kind: k, width: DefaultWidth, height: DefaultHeight}
	if !namePattern.MatchString(name) {
		c.setErr(fmt.Errorf("chart name %q: want 1–100 letters, digits, '-' or '_', starting with a letter or digit", name))
	}
	return c
}

func (c *Chart) setErr(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Name returns the chart's name, which fixes its HTML element id and file names.
func (c *Chart) Name() string { return c.name }

// ID returns the HTML element id of the chart's div: "zeiss-chart-" + name.
func (c *Chart) ID() string { return "zeiss-chart-" + c.name }

// Err returns the first invalid argument given to the chart, or nil.
func (c *Chart) Err() error {
	if c.err != nil {
		return fmt.Errorf("plot %q: %w", c.name, c.err)
	}
	return nil
}

// Curves returns a chart of reflectance curves (%R against wavelength in nm,
// 380–780 nm). Each curve must have NumPoints values.
func Curves(name string, curves ...Curve) *Chart {
	c := newChart(name, kindLines)
	c.curves = true
	c.xLabel, c.yLabel = "Wavelength (nm)", "%R"
	c.xRange = &[2]float64{MinWavelength, MaxWavelength}
	for _, cv := range curves {
		s, err := curveSeries(cv)
		if err != nil {
			c.setErr(err)
			continue
		}
		c.series = append(c.series, s)
	}
	if len(curves) == 0 {
		c.setErr(errors.New("no curves"))
	}
	return c
}

func curveSeries(cv Curve) (Series, error) {
	if len(cv.R) != NumPoints {
		return Series{}, fmt.Errorf("curve %q: %d values, want %d (380–780 nm in 5 nm steps)", cv.Name, len(cv.R), NumPoints)
	}
	for i, v := range cv.R {
		if math.IsInf(v, 0) {
			return Series{}, fmt.Errorf("curve %q: infinite value at %g nm", cv.Name, MinWavelength+StepWavelength*float64(i))
		}
	}
	x := make([]float64, NumPoints)
	for i := range x {
		x[i] = MinWavelength + StepWavelength*float64(i)
	}
	return Series{Name: cv.Name, X: x, Y: cv.R}, nil
}

// Target adds a highlighted curve (drawn thick and black, on top of the
// others), e.g. the reference curve the coating should match. Only curve
// charts take a target.
func (c *Chart) Target(t Curve) *Chart {
	if !c.curves {
		c.setErr(errors.New("Target is for Curves charts"))
		return c
	}
	s, err := curveSeries(t)
	if err != nil {
		c.setErr(fmt.Errorf("target: %w", err))
		return c
	}
	c.target = &s
	return c
}

// Lines returns a chart of lines through (X, Y) points, e.g. loss curves
// against epochs (see Indexed).
func Lines(name string, series ...Series) *Chart {
	c := newChart(name, kindLines)
	c.addXY(series)
	return c
}

// Scatter returns a scatter plot of (X, Y) points, e.g. a* against b* of many
// furnaces; Rect marks a specification window on it.
func Scatter(name string, series ...Series) *Chart {
	c := newChart(name, kindScatter)
	c.addXY(series)
	return c
}

func (c *Chart) addXY(series []Series) {
	if len(series) == 0 {
		c.setErr(errors.New("no series"))
	}
	for _, s := range series {
		if len(s.X) != len(s.Y) {
			c.setErr(fmt.Errorf("series %q: %d x values but %d y values", s.Name, len(s.X), len(s.Y)))
			continue
		}
		if len(s.X) == 0 {
			c.setErr(fmt.Errorf("series %q: no points", s.Name))
			continue
		}
		for i := range s.X {
			if math.IsInf(s.X[i], 0) || math.IsInf(s.Y[i], 0) {
				c.setErr(fmt.Errorf("series %q: infinite value at point %d", s.Name, i))
				break
			}
		}
		c.series = append(c.series, s)
	}
}

// Bars returns a grouped bar chart: one bar per category for each series;
// series[k].Y[i] is the height of series k at categories[i]. NaN heights are
// drawn as missing bars.
func Bars(name string, categories []string, series ...Series) *Chart {
	c := newChart(name, kindBars)
	c.categories = categories
	if len(categories) == 0 {
		c.setErr(errors.New("no categories"))
	}
	if len(series) == 0 {
		c.setErr(errors.New("no series"))
	}
	for _, s := range series {
		switch {
		case len(s.X) != 0:
			c.setErr(fmt.Errorf("series %q: bars take Y only (one value per category), got %d x values", s.Name, len(s.X)))
		case len(s.Y) != len(categories):
			c.setErr(fmt.Errorf("series %q: %d values for %d categories", s.Name, len(s.Y), len(categories)))
		}
		for i, v := range s.Y {
			if math.IsInf(v, 0) {
				c.setErr(fmt.Errorf("series %q: infinite value for category %q", s.Name, categories[min(i, len(categories)-1)]))
				break
			}
		}
		c.series = append(c.series, s)
	}
	return c
}

// Heatmap returns a table of coloured cells with their values written in
// them, e.g. a confusion table or a correlation matrix: z[i][j] is the value
// in row rows[i] and column cols[j]. NaN cells are left blank.
func Heatmap(name string, rows, cols []string, z [][]float64) *Chart {
	c := newChart(name, kindHeatmap)
	c.rows, c.categories, c.grid = rows, cols, z
	if len(rows) == 0 || len(cols) == 0 {
		c.setErr(fmt.Errorf("heatmap needs rows and columns, got %d×%d", len(rows), len(cols)))
	}
	if len(z) != len(rows) {
		c.setErr(fmt.Errorf("heatmap: %d rows of values for %d row labels", len(z), len(rows)))
	}
	for i, r := range z {
		if len(r) != len(cols) {
			c.setErr(fmt.Errorf("heatmap row %d: %d values for %d columns", i, len(r), len(cols)))
			continue
		}
		for j, v := range r {
			if math.IsInf(v, 0) {
				c.setErr(fmt.Errorf("heatmap cell (%d, %d): infinite value", i, j))
			}
		}
	}
	c.width, c.height = 700, 600
	return c
}

// Title sets the chart title.
func (c *Chart) Title(title string) *Chart { c.title = title; return c }

// XLabel sets the x-axis label.
func (c *Chart) XLabel(label string) *Chart { c.xLabel = label; return c }

// YLabel sets the y-axis label.
func (c *Chart) YLabel(label string) *Chart { c.yLabel = label; return c }

// XRange fixes the x-axis range to [lo, hi].
func (c *Chart) XRange(lo, hi float64) *Chart {
	if err := checkRange(lo, hi); err != nil {
		c.setErr(fmt.Errorf("x range: %w", err))
		return c
	}
	c.xRange = &[2]float64{lo, hi}
	return c
}

// YRange fixes the y-axis range to [lo, hi].
func (c *Chart) YRange(lo, hi float64) *Chart {
	if err := checkRange(lo, hi); err != nil {
		c.setErr(fmt.Errorf("y range: %w", err))
		return c
	}
	c.yRange = &[2]float64{lo, hi}
	return c
}

func checkRange(lo, hi float64) error {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || !(lo < hi) {
		return fmt.Errorf("[%g, %g] is not a finite range with lo < hi", lo, hi)
	}
	return nil
}

// LogY uses a logarithmic y axis (all y values must then be positive).
func (c *Chart) LogY() *Chart {
	if c.kind == kindBars || c.kind == kindHeatmap {
		c.setErr(errors.New("LogY is for line and scatter charts"))
		return c
	}
	c.logY = true
	return c
}

// Rect marks a rectangle (e.g. a specification window) on a line or scatter chart.
func (c *Chart) Rect(r Rect) *Chart {
	if c.kind != kindLines && c.kind != kindScatter {
		c.setErr(errors.New("Rect is for line and scatter charts"))
		return c
	}
	if err := checkRange(r.XMin, r.XMax); err != nil {
		c.setErr(fmt.Errorf("rect %q x: %w", r.Name, err))
		return c
	}
	if err := checkRange(r.YMin, r.YMax); err != nil {
		c.setErr(fmt.Errorf("rect %q y: %w", r.Name, err))
		return c
	}
	c.rects = append(c.rects, r)
	return c
}

// Size sets the chart size in pixels: the interactive chart's box and the
// PNG image (SVG uses the same size at 96 pixels per inch).
func (c *Chart) Size(width, height int) *Chart {
	if width < 100 || height < 100 || width > 4000 || height > 4000 {
		c.setErr(fmt.Errorf("size %d×%d: want 100–4000 pixels each way", width, height))
		return c
	}
	c.width, c.height = width, height
	return c
}

// validate checks what can only be checked once all options are set.
func (c *Chart) validate() error {
	if err := c.Err(); err != nil {
		return err
	}
	if c.logY {
		all := c.series
		if c.target != nil {
			all = append(all[:len(all):len(all)], *c.target)
		}
		for _, s := range all {
			for i, y := range s.Y {
				if y <= 0 {
					return fmt.Errorf("plot %q: log y axis: series %q point %d has y = %g ≤ 0", c.name, s.Name, i, y)
				}
			}
		}
		if c.yRange != nil && c.yRange[0] <= 0 {
			return fmt.Errorf("plot %q: log y axis: range starts at %g ≤ 0", c.name, c.yRange[0])
		}
	}
	return nil
}

// palette is shared by the interactive and the static rendering so both look
// alike (ECharts' default series colours).
var palette = [...]string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"}

const targetColor = "#000000"

func seriesColor(i int) string { return palette[i%len(palette)] }

// missing counts NaN points of a series (either coordinate).
func missing(s Series) int {
	n := 0
	for i := range s.Y {
		if math.IsNaN(s.Y[i]) || (i < len(s.X) && math.IsNaN(s.X[i])) {
			n++
		}
	}
	return n
}

// legendName is the series name as shown in legends: scatter plots, which
// cannot place points with a missing coordinate, and bar charts say how many
// values a series lacks.
func (c *Chart) legendName(s Series) string {
	if c.kind == kindScatter || c.kind == kindBars {
		if n := missing(s); n > 0 {
			return fmt.Sprintf("%s (%d missing)", s.Name, n)
		}
	}
	return s.Name
}
