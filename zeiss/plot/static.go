package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// dpi is the resolution of the static images: a chart of Size(w, h) gives a
// PNG of exactly w×h pixels and an SVG of w×h CSS pixels.
const dpi = 96

// px converts pixels to vg lengths (points) at dpi.
func px(v float64) vg.Length { return vg.Length(v * 72 / dpi) }

// PNG renders the chart as a PNG image of Size() pixels with gonum/plot. The
// fonts are gonum's embedded Liberation fonts and the encoder writes no
// time stamps, so the bytes are the same on every run and machine.
func (c *Chart) PNG() ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	cv := vgimg.NewWith(vgimg.UseWH(px(float64(c.width)), px(float64(c.height))), vgimg.UseDPI(dpi))
	if err := c.drawStatic(draw.New(cv)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot %q: encoding PNG: %w", c.name, err)
	}
	return buf.Bytes(), nil
}

// SVG renders the chart as an SVG image (the same drawing as PNG). The text
// refers to the Liberation fonts by name instead of embedding them.
func (c *Chart) SVG() ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	cv := vgsvg.New(px(float64(c.width)), px(float64(c.height)))
	if err := c.drawStatic(draw.New(cv)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := cv.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot %q: encoding SVG: %w", c.name, err)
	}
	return buf.Bytes(), nil
}

func rgb(hex string) color.Color {
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil || len(hex) != 7 {
		panic("plot: bad colour " + hex) // only called on the package's constants
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

var (
	rectFillRGBA = color.NRGBA{R: 60, G: 160, B: 90, A: 31}
	gridColor    = color.Gray{Y: 225}
)

// legendBox collects the entries of the static legend and how many were left out.
type legendBox struct {
	gplot.Legend
	names   []string
	omitted int
}

func (l *legendBox) add(name string, thumbs ...gplot.Thumbnailer) {
	if len(l.names) >= maxLegend {
		l.omitted++
		return
	}
	l.names = append(l.names, name)
	l.Add(name, thumbs...)
}

// drawStatic draws the chart on dc: the plot on the left, and its legend in
// a column on the right so it never hides data.
func (c *Chart) drawStatic(dc draw.Canvas) error {
	p := gplot.New()
	p.Title.Text = c.title
	p.X.Label.Text = c.xLabel
	p.Y.Label.Text = c.yLabel
	p.Title.Padding = px(8)
	leg := &legendBox{Legend: gplot.NewLegend()}
	leg.Top, leg.Left = true, true
	leg.ThumbnailWidth = px(24)
	leg.Padding = px(2)

	if c.kind != kindHeatmap {
		g := plotter.NewGrid()
		g.Vertical.Color, g.Horizontal.Color = gridColor, gridColor
		if c.kind == kindBars {
			g.Vertical.Color = nil
		}
		p.Add(g)
	}
	if c.logY {
		p.Y.Scale = gplot.LogScale{}
		p.Y.Tick.Marker = gplot.LogTicks{Prec: -1}
	}
	var err error
	switch c.kind {
	case kindLines, kindScatter:
		err = c.addXYPlotters(p, leg)
	case kindBars:
		err = c.addBarPlotters(p, leg)
	case kindHeatmap:
		err = c.addHeatmap(p)
	}
	if err != nil {
		return fmt.Errorf("plot %q: %w", c.name, err)
	}
	if c.xRange != nil {
		p.X.Min, p.X.Max = c.xRange[0], c.xRange[1]
	}
	if c.yRange != nil {
		p.Y.Min, p.Y.Max = c.yRange[0], c.yRange[1]
	}
	if leg.omitted > 0 {
		leg.names = append(leg.names, fmt.Sprintf("… %d more", leg.omitted))
		leg.Add(leg.names[len(leg.names)-1])
	}

	pad := px(10)
	area := dc
	area.Min.X += pad
	area.Min.Y += pad
	area.Max.Y -= pad
	area.Max.X -= pad
	if len(leg.names) > 0 {
		var w vg.Length
		for _, n := range leg.names {
			w = max(w, leg.TextStyle.Width(n))
		}
		w += leg.ThumbnailWidth + leg.TextStyle.Width("  ") + pad
		w = min(w, dc.Max.X*0.35)
		area.Max.X -= w
		la := area
		la.Min.X = area.Max.X + pad
		la.Max.X = la.Min.X + w
		la.Max.Y -= px(30) // below the title
		leg.Draw(la)
	}
	p.Draw(area)
	return nil
}

// lineStyle returns the static line style of series i (or of the target).
func lineStyle(col string, widthPx float64) draw.LineStyle {
	return draw.LineStyle{Color: rgb(col), Width: px(widthPx)}
}

// segments splits a series at NaN points into runs of finite points, so a
// line shows a gap where a value is missing.
func segments(s Series) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	for i := range s.X {
		x, y := s.X[i], s.Y[i]
		if math.IsNaN(x) || math.IsNaN(y) {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, plotter.XY{X: x, Y: y})
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func (c *Chart) addXYPlotters(p *gplot.Plot, leg *legendBox) error {
	for _, r := range c.rects {
		poly, err := plotter.NewPolygon(plotter.XYs{
			{X: r.XMin, Y: r.YMin}, {X: r.XMax, Y: r.YMin}, {X: r.XMax, Y: r.YMax}, {X: r.XMin, Y: r.YMax},
		})
		if err != nil {
			return fmt.Errorf("rect %q: %w", r.Name, err)
		}
		poly.Color = rectFillRGBA
		poly.LineStyle = lineStyle(rectEdge, 1.5)
		p.Add(poly)
		leg.add(r.Name, poly)
	}
	addLine := func(s Series, style draw.LineStyle) error {
		var first gplot.Thumbnailer
		for _, seg := range segments(s) {
			if len(seg) == 1 { // an isolated point: a dot, or it would vanish
				sc, err := plotter.NewScatter(seg)
				if err != nil {
					return fmt.Errorf("series %q: %w", s.Name, err)
				}
				sc.GlyphStyle = draw.GlyphStyle{Color: style.Color, Radius: px(2.5), Shape: draw.CircleGlyph{}}
				p.Add(sc)
				continue
			}
			l, err := plotter.NewLine(seg)
			if err != nil {
				return fmt.Errorf("series %q: %w", s.Name, err)
			}
			l.LineStyle = style
			p.Add(l)
			if first == nil {
				first = l
			}
		}
		if first == nil {
			l := &plotter.Line{LineStyle: style}
			first = l
		}
		leg.add(c.legendName(s), first)
		return nil
	}
	for i, s := range c.series {
		if c.kind == kindLines {
			if err := addLine(s, lineStyle(seriesColor(i), 1.5)); err != nil {
				return err
			}
			continue
		}
		var pts plotter.XYs
		for j := range s.X {
			if !math.IsNaN(s.X[j]) && !math.IsNaN(s.Y[j]) {
				pts = append(pts, plotter.XY{X: s.X[j], Y: s.Y[j]})
			}
		}
		// pts are finite, as plotter.NewScatter would check; an empty
		// series still gets its legend entry.
		sc := &plotter.Scatter{XYs: pts, GlyphStyle: draw.GlyphStyle{
			Color: rgb(seriesColor(i)), Radius: px(3.5), Shape: draw.CircleGlyph{},
		}}
		if len(pts) > 0 {
			p.Add(sc)
		}
		leg.add(c.legendName(s), sc)
	}
	if c.target != nil {
		if err := addLine(*c.target, lineStyle(targetColor, 3)); err != nil {
			return err
		}
	}
	return nil
}

func (c *Chart) addBarPlotters(p *gplot.Plot, leg *legendBox) error {
	n := len(c.series)
	// Bar width: 80% of a category's slot, shared by the series.
	slot := px(float64(c.width)*0.75) / vg.Length(len(c.categories))
	w := slot * 0.8 / vg.Length(n)
	for i, s := range c.series {
		vals := make(plotter.Values, len(s.Y))
		for j, v := range s.Y {
			if !math.IsNaN(v) {
				vals[j] = v // a missing value is a bar of height 0, counted in the legend
			}
		}
		b, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return fmt.Errorf("series %q: %w", s.Name, err)
		}
		b.Color = rgb(seriesColor(i))
		b.LineStyle.Width = 0
		b.Offset = w * (vg.Length(i) - vg.Length(n-1)/2)
		p.Add(b)
		leg.add(c.legendName(s), b)
	}
	p.NominalX(c.categories...)
	return nil
}

// grid adapts a heatmap's values to gonum's GridXYZ, row 0 at the top.
type grid struct{ z [][]float64 }

func (g grid) Dims() (cols, rows int) { return len(g.z[0]), len(g.z) }
func (g grid) Z(col, row int) float64 { return g.z[len(g.z)-1-row][col] }
func (g grid) X(col int) float64      { return float64(col) }
func (g grid) Y(row int) float64      { return float64(row) }

// heatPalette interpolates heatColors into 64 steps.
type heatPalette []color.Color

func (h heatPalette) Colors() []color.Color { return h }

func newHeatPalette() heatPalette {
	const n = 64
	out := make(heatPalette, n)
	for i := range out {
		t := float64(i) / (n - 1) * float64(len(heatColors)-1)
		k := min(int(t), len(heatColors)-2)
		f := t - float64(k)
		a, b := rgb(heatColors[k]).(color.RGBA), rgb(heatColors[k+1]).(color.RGBA)
		mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u)*(1-f) + float64(v)*f)) }
		out[i] = color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 255}
	}
	return out
}

// cellText formats a heatmap value for its cell (and the interactive label).
func cellText(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

func (c *Chart) addHeatmap(p *gplot.Plot) error {
	lo, hi := gridRange(c.grid)
	h := plotter.NewHeatMap(grid{c.grid}, newHeatPalette())
	h.Min, h.Max = lo, hi
	h.NaN = color.White
	h.Rasterized = false
	p.Add(h)
	var lbl plotter.XYLabels
	var styles []text.Style
	base := p.X.Tick.Label
	base.XAlign, base.YAlign = draw.XCenter, draw.YCenter
	nr := len(c.grid)
	for i, row := range c.grid {
		for j, v := range row {
			if math.IsNaN(v) {
				continue
			}
			lbl.XYs = append(lbl.XYs, plotter.XY{X: float64(j), Y: float64(nr - 1 - i)})
			lbl.Labels = append(lbl.Labels, cellText(v))
			st := base
			st.Color = color.Black
			if (v-lo)/(hi-lo) > 0.6 {
				st.Color = color.White
			}
			styles = append(styles, st)
		}
	}
	if len(lbl.XYs) > 0 {
		labels, err := plotter.NewLabels(lbl)
		if err != nil {
			return fmt.Errorf("heatmap labels: %w", err)
		}
		labels.TextStyle = styles
		p.Add(labels)
	}
	p.NominalX(c.categories...)
	rows := make([]string, nr)
	for i, r := range c.rows {
		rows[nr-1-i] = r
	}
	p.NominalY(rows...)
	p.X.Padding, p.Y.Padding = 0, 0
	return nil
}
