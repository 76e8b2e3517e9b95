package plot_test

import (
	"fmt"
	"math"
	"strings"

	"github.com/arcoat/zeiss/zeiss/plot"
)

// A notebook cell showing reflectance curves against a target. Outside a
// GoNB kernel Show only saves the figure.
func ExampleCurves() {
	curve := func(name string, shift float64) plot.Curve {
		r := make([]float64, plot.NumPoints)
		for i := range r {
			u := (plot.MinWavelength + plot.StepWavelength*float64(i) - 560 - shift) / 200
			r[i] = 0.4 + 3*u*u
		}
		return plot.Curve{Name: name, R: r}
	}
	chart := plot.Curves("overview-reference", curve("F001 CC", 10), curve("F002 CC", -15)).
		Target(curve("reference", 0)).YRange(0, 4).Title("Reflectance")

	html, err := chart.HTML()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(chart.ID(), strings.HasPrefix(html, `<div class="zeiss-chart" id="zeiss-chart-overview-reference"`))
	// In a notebook: chart.Show(nb), with var nb = plot.NewNotebook().
	// Output:
	// zeiss-chart-overview-reference true
}

func ExampleMarkdownTable() {
	md, err := plot.MarkdownTable(
		[]string{"furnace", "ΔE00", "comment"},
		[][]string{
			{"F001", plot.F(1.2345, 2), "in spec"},
			{"F002", plot.F(math.NaN(), 2), "a|b curve missing"},
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(md)
	// Output:
	// | furnace | ΔE00 | comment |
	// |---|---:|---|
	// | F001 | 1.23 | in spec |
	// | F002 | NaN | a\|b curve missing |
}
