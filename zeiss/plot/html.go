package plot

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// option builds the ECharts option object of the chart with go-echarts and
// returns it as JSON. The JSON escapes <, > and & so it is safe inside a
// <script> element; map keys are sorted, so it is deterministic.
func (c *Chart) option() ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	global := []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{
			ChartID: c.ID(),
			Width:   strconv.Itoa(c.width) + "px",
			Height:  strconv.Itoa(c.height) + "px",
		}),
		charts.WithAnimation(false),
		charts.WithTitleOpts(opts.Title{Title: c.title, Left: "center"}),
		charts.WithToolboxOpts(opts.Toolbox{
			Show: opts.Bool(true),
			Feature: &opts.ToolBoxFeature{
				SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{
					Show: opts.Bool(true), Name: c.name, Type: "png",
				},
			},
		}),
	}
	var obj map[string]any
	switch c.kind {
	case kindLines, kindScatter:
		obj = c.xyOption(global)
	case kindBars:
		obj = c.barOption(global)
	case kindHeatmap:
		obj = c.heatmapOption(global)
	default:
		return nil, fmt.Errorf("plot %q: unknown chart kind %d", c.name, c.kind)
	}
	return marshalOption(obj)
}

func marshalOption(obj map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := newJSONEncoder(&buf)
	if err := enc.Encode(obj); err != nil {
		return nil, fmt.Errorf("encoding chart option: %w", err)
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}

func newJSONEncoder(buf *bytes.Buffer) *json.Encoder {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(true)
	return enc
}

// num turns a float into a JSON value: NaN becomes null (a gap for ECharts).
func num(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

func axisRange(r *[2]float64) (lo, hi any) {
	if r == nil {
		return nil, nil
	}
	return r[0], r[1]
}

func (c *Chart) legend() opts.Legend {
	return opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "bottom"}
}

func (c *Chart) xyOption(global []charts.GlobalOpts) map[string]any {
	xmin, xmax := axisRange(c.xRange)
	ymin, ymax := axisRange(c.yRange)
	yType := "value"
	if c.logY {
		yType = "log"
	}
	trigger := "item"
	if c.kind == kindLines {
		trigger = "axis"
	}
	global = append(global,
		charts.WithXAxisOpts(opts.XAxis{
			Type: "value", Name: c.xLabel, NameLocation: "middle", NameGap: 28,
			Min: xmin, Max: xmax, Scale: opts.Bool(c.xRange == nil),
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)},
			AxisLine:  &opts.AxisLine{OnZero: opts.Bool(false)},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: yType, Name: c.yLabel, NameLocation: "middle", NameGap: 45,
			Min: ymin, Max: ymax, Scale: opts.Bool(c.yRange == nil),
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)},
			AxisLine:  &opts.AxisLine{OnZero: opts.Bool(false)},
		}),
		charts.WithLegendOpts(c.legend()),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: trigger}),
		charts.WithGridOpts(opts.Grid{Left: "70", Right: "40", Top: "50", Bottom: "80"}),
	)
	if c.kind == kindLines {
		ch := charts.NewLine()
		ch.SetGlobalOptions(global...)
		for i, s := range c.series {
			ch.AddSeries(s.Name, lineData(s),
				charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(len(s.Y) <= 1), Symbol: "circle"}),
				charts.WithLineStyleOpts(opts.LineStyle{Width: 1.5, Color: seriesColor(i)}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: seriesColor(i)}),
			)
		}
		if c.target != nil {
			ch.AddSeries(c.target.Name, lineData(*c.target),
				charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
				charts.WithLineStyleOpts(opts.LineStyle{Width: 3, Color: targetColor}),
				charts.WithItemStyleOpts(opts.ItemStyle{Color: targetColor}),
			)
		}
		for _, r := range c.rects {
			ch.AddSeries(r.Name, nil, rectOpts(r)...)
		}
		ch.Validate()
		return ch.JSON()
	}
	ch := charts.NewScatter()
	ch.SetGlobalOptions(global...)
	for i, s := range c.series {
		data := make([]opts.ScatterData, len(s.X))
		for j := range s.X {
			data[j] = opts.ScatterData{Value: []any{num(s.X[j]), num(s.Y[j])}}
		}
		ch.AddSeries(c.legendName(s), data,
			charts.WithScatterChartOpts(opts.ScatterChart{Symbol: "circle", SymbolSize: 7}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: seriesColor(i)}),
		)
	}
	for _, r := range c.rects {
		ch.AddSeries(r.Name, nil, rectOpts(r)...)
	}
	ch.Validate()
	return ch.JSON()
}

func lineData(s Series) []opts.LineData {
	data := make([]opts.LineData, len(s.X))
	for j := range s.X {
		y := num(s.Y[j])
		if math.IsNaN(s.X[j]) {
			y = nil
		}
		data[j] = opts.LineData{Value: []any{num(s.X[j]), y}}
	}
	return data
}

// rectOpts draws a rectangle as the mark area of an empty series, so it has
// its own legend entry.
func rectOpts(r Rect) []charts.SeriesOpts {
	return []charts.SeriesOpts{
		charts.WithItemStyleOpts(opts.ItemStyle{Color: rectEdge}),
		charts.WithMarkAreaNameCoordItemOpts(opts.MarkAreaNameCoordItem{
			Name:        r.Name,
			Coordinate0: []any{r.XMin, r.YMin},
			Coordinate1: []any{r.XMax, r.YMax},
			ItemStyle: &opts.ItemStyle{
				Color: rectFill, BorderColor: rectEdge, BorderWidth: 1.5,
			},
		}),
	}
}

const (
	rectFill = "rgba(60,160,90,0.12)"
	rectEdge = "#2e8b57"
)

func (c *Chart) barOption(global []charts.GlobalOpts) map[string]any {
	ymin, ymax := axisRange(c.yRange)
	ch := charts.NewBar()
	ch.SetGlobalOptions(append(global,
		charts.WithXAxisOpts(opts.XAxis{
			Type: "category", Name: c.xLabel, NameLocation: "middle", NameGap: 28,
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "value", Name: c.yLabel, NameLocation: "middle", NameGap: 45,
			Min: ymin, Max: ymax,
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)},
		}),
		charts.WithLegendOpts(c.legend()),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "70", Right: "40", Top: "50", Bottom: "80"}),
	)...)
	ch.SetXAxis(c.categories)
	for i, s := range c.series {
		data := make([]opts.BarData, len(s.Y))
		for j, v := range s.Y {
			data[j] = opts.BarData{Value: num(v)}
		}
		ch.AddSeries(c.legendName(s), data, charts.WithItemStyleOpts(opts.ItemStyle{Color: seriesColor(i)}))
	}
	ch.Validate()
	return ch.JSON()
}

func (c *Chart) heatmapOption(global []charts.GlobalOpts) map[string]any {
	lo, hi := gridRange(c.grid)
	ch := charts.NewHeatMap()
	ch.SetGlobalOptions(append(global,
		charts.WithXAxisOpts(opts.XAxis{
			Type: "category", Name: c.xLabel, NameLocation: "middle", NameGap: 28,
			Data:      c.categories,
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)},
		}),
		charts.WithYAxisOpts(opts.YAxis{
			Type: "category", Name: c.yLabel, NameLocation: "middle", NameGap: 60,
			Data: c.rows, Inverse: opts.Bool(true),
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)},
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true)},
		}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithGridOpts(opts.Grid{Left: "100", Right: "40", Top: "50", Bottom: "90"}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Calculable: opts.Bool(true), Min: float32(lo), Max: float32(hi),
			Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: heatColors[:]},
		}),
	)...)
	ch.SetXAxis(c.categories)
	var data []opts.HeatMapData
	for i, row := range c.grid {
		for j, v := range row {
			if math.IsNaN(v) {
				continue // a blank cell
			}
			data = append(data, opts.HeatMapData{Value: [3]any{j, i, json.Number(cellText(v))}})
		}
	}
	ch.AddSeries(c.name, data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true)}))
	ch.Validate()
	return ch.JSON()
}

// heatColors runs from low (white) to high (dark blue), for both renderings.
var heatColors = [...]string{"#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"}

// gridRange returns the finite minimum and maximum of z (0, 1 if none).
func gridRange(z [][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, r := range z {
		for _, v := range r {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// HTML returns the interactive chart as an HTML snippet: a <div> with the
// fixed id ID() and a <script> that draws the chart into it with ECharts once
// window.echarts is defined (see EchartsScript). The snippet loads nothing
// from the network and is byte-identical for the same chart.
func (c *Chart) HTML() (string, error) {
	return c.html(nil)
}

// html renders the snippet; a non-nil png is put inside the div as a
// fallback image, replaced by the interactive chart once it draws.
func (c *Chart) html(png []byte) (string, error) {
	option, err := c.option()
	if err != nil {
		return "", err
	}
	id := c.ID()
	var b strings.Builder
	fmt.Fprintf(&b, "<div class=\"zeiss-chart\" id=\"%s\" style=\"width:%dpx;height:%dpx;\">", id, c.width, c.height)
	if png != nil {
		fmt.Fprintf(&b, "<img alt=\"%s\" width=\"%d\" height=\"%d\" src=\"data:image/png;base64,%s\">",
			html.EscapeString(c.altText()), c.width, c.height, base64.StdEncoding.EncodeToString(png))
	}
	b.WriteString("</div>\n<script type=\"text/javascript\">\n(function () {\n")
	fmt.Fprintf(&b, "  var id = %q;\n", id)
	b.WriteString("  var option = ")
	b.Write(option)
	b.WriteString(";\n")
	b.WriteString(drawJS)
	b.WriteString("})();\n</script>\n")
	return b.String(), nil
}

// drawJS waits (up to 30 s) for the page to define window.echarts, then
// draws the option into the element with the given id, replacing a previous
// drawing of it (a re-run cell) and any fallback image.
const drawJS = `  var tries = 0;
  function draw() {
    var el = document.getElementById(id);
    var ec = window.echarts;
    if (!el || !ec) {
      if (++tries < 600) {
        setTimeout(draw, 50);
      } else if (el) {
        el.textContent = "ECharts library not loaded: display plot.EchartsScript() (Notebook.Setup) first.";
      }
      return;
    }
    var old = ec.getInstanceByDom(el);
    if (old) {
      old.dispose();
    }
    el.innerHTML = "";
    ec.init(el, null, {renderer: "canvas"}).setOption(option);
  }
  draw();
`

func (c *Chart) altText() string {
	if c.title != "" {
		return c.title
	}
	return c.name
}
