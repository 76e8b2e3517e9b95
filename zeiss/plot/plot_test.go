package plot

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// arCurve is a smooth anti-reflection-like curve: low in the middle of the
// visible band, rising at both ends, with a small ripple (values in %R).
func arCurve(name string, shift, scale float64) Curve {
	r := make([]float64, NumPoints)
	for i := range r {
		l := MinWavelength + StepWavelength*float64(i)
		u := (l - 560 - shift) / 200
		r[i] = scale * (0.4 + 3.2*u*u + 0.15*math.Sin(l/23))
	}
	return Curve{Name: name, R: r}
}

func demoCurves() *Chart {
	return Curves("overview-reference",
		arCurve("F001 CC", 0, 1), arCurve("F002 CC", 15, 1.1), arCurve("F003 CX", -20, 0.9),
	).Target(arCurve("reference", 5, 0.8)).YRange(0, 5).Title("Reflectance of three furnaces")
}

func demoScatter() *Chart {
	a := []float64{-2.1, -1.5, -0.8, 0.3, 1.2, -3.5, math.NaN()}
	b := []float64{-9.5, -11.2, -10.1, -12.4, -8.8, -14.0, -10}
	return Scatter("lab-ab", Series{Name: "furnaces", X: a, Y: b}).
		Rect(Rect{Name: "spec", XMin: -3, XMax: 1, YMin: -13, YMax: -9}).
		XLabel("a*").YLabel("b*").Title("a* vs b*")
}

func demoLoss() *Chart {
	n := 60
	train, val := make([]float64, n), make([]float64, n)
	for i := range train {
		train[i] = 2*math.Exp(-float64(i)/12) + 0.01
		val[i] = 2.2*math.Exp(-float64(i)/14) + 0.03
	}
	return Lines("loss", Indexed("train", train), Indexed("validation", val)).
		LogY().XLabel("epoch").YLabel("loss (MSE)")
}

func demoBars() *Chart {
	return Bars("layers", []string{"L1", "L2", "L3", "L4"},
		Series{Name: "CC", Y: []float64{12, 25, 80, 101}},
		Series{Name: "CX", Y: []float64{13, math.NaN(), 78, 99}},
	).YLabel("thickness (nm)")
}

func demoHeatmap() *Chart {
	return Heatmap("confusion", []string{"good", "bad"}, []string{"good", "bad"},
		[][]float64{{91, 9}, {4, 46}}).XLabel("predicted").YLabel("actual")
}

func allDemos() []*Chart {
	return []*Chart{demoCurves(), demoScatter(), demoLoss(), demoBars(), demoHeatmap()}
}

func TestSnippetFixedIDNoNetwork(t *testing.T) {
	for _, c := range allDemos() {
		s, err := c.HTML()
		if err != nil {
			t.Fatalf("%s: %v", c.Name(), err)
		}
		if !strings.Contains(s, `id="zeiss-chart-`+c.Name()+`"`) {
			t.Errorf("%s: snippet lacks the fixed id", c.Name())
		}
		if strings.Count(s, "zeiss-chart-"+c.Name()) != 2 {
			t.Errorf("%s: id should appear in the div and the script only", c.Name())
		}
		low := strings.ToLower(s)
		for _, bad := range []string{"<script src", "cdn", "https://", "http://"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s: snippet contains %q", c.Name(), bad)
			}
		}
		if regexp.MustCompile(`goecharts_[A-Za-z0-9]+`).MatchString(s) {
			t.Errorf("%s: snippet contains a generated go-echarts id", c.Name())
		}
	}
}

func TestEmbeddedLibraryHash(t *testing.T) {
	sum := sha256.Sum256([]byte(EchartsLibrary()))
	if got := hex.EncodeToString(sum[:]); got != EchartsSHA256 {
		t.Fatalf("embedded echarts.min.js sha256 = %s, recorded %s", got, EchartsSHA256)
	}
	readme, err := os.ReadFile(filepath.Join("assets", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), EchartsSHA256) || !strings.Contains(string(readme), "echarts "+EchartsVersion) {
		t.Errorf("assets/README.md does not record version %s and sha256 %s", EchartsVersion, EchartsSHA256)
	}
	if !strings.Contains(EchartsLibrary(), `version="`+EchartsVersion+`"`) {
		t.Errorf("embedded library does not declare version %s", EchartsVersion)
	}
}

func TestEchartsScriptWrapped(t *testing.T) {
	s := EchartsScript()
	if !strings.Contains(s, "(function (define, module, exports) {\n") || !strings.Contains(s, "\n}).call(window);") {
		t.Fatal("library is not wrapped to hide AMD/CommonJS loaders")
	}
	if strings.Count(s, "<script") != 1 || strings.Count(s, "</script>") != 1 || strings.Contains(s, "<script src") {
		t.Fatal("library script must be one inline element")
	}
}

func TestDeterministic(t *testing.T) {
	for i, a := range allDemos() {
		b := allDemos()[i]
		ha, err := a.HTML()
		if err != nil {
			t.Fatal(err)
		}
		hb, _ := b.HTML()
		if ha != hb {
			t.Errorf("%s: two renders give different HTML", a.Name())
		}
		pa, err := a.PNG()
		if err != nil {
			t.Fatal(err)
		}
		pb, _ := b.PNG()
		if !bytes.Equal(pa, pb) {
			t.Errorf("%s: two renders give different PNG", a.Name())
		}
		sa, err := a.SVG()
		if err != nil {
			t.Fatal(err)
		}
		sb, _ := b.SVG()
		if !bytes.Equal(sa, sb) {
			t.Errorf("%s: two renders give different SVG", a.Name())
		}
	}
}

func TestPNGSize(t *testing.T) {
	for _, c := range []*Chart{demoCurves(), demoScatter().Size(640, 480), demoHeatmap()} {
		b, err := c.PNG()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", c.Name(), err)
		}
		got := img.Bounds().Size()
		if got.X != c.width || got.Y != c.height {
			t.Errorf("%s: PNG is %v, want %dx%d", c.Name(), got, c.width, c.height)
		}
		// Something was drawn: not a blank white page.
		dark := 0
		for y := 0; y < got.Y; y += 2 {
			for x := 0; x < got.X; x += 2 {
				r, g, bb, _ := img.At(x, y).RGBA()
				if r+g+bb < 3*0x8000 {
					dark++
				}
			}
		}
		if dark < 200 {
			t.Errorf("%s: only %d dark pixels sampled", c.Name(), dark)
		}
	}
}

func TestSVGSize(t *testing.T) {
	b, err := demoCurves().SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`width="675pt" height="375pt"`)) {
		t.Errorf("SVG head: %.300s", b)
	}
}

func TestNaNIsAGap(t *testing.T) {
	cv := arCurve("holey", 0, 1)
	cv.R[10] = math.NaN()
	c := Curves("holes", cv)
	s, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "[430,null]") {
		t.Error("NaN at 430 nm is not a null (gap) in the option")
	}
	if _, err := c.PNG(); err != nil {
		t.Fatal(err)
	}
	// Scatter points with a NaN coordinate are counted in the legend.
	s, err = demoScatter().HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, `"furnaces (1 missing)"`) {
		t.Error("scatter legend does not count the missing point")
	}
}

func TestBadInput(t *testing.T) {
	short := Curve{Name: "short", R: make([]float64, 80)}
	cases := []struct {
		c    *Chart
		want string
	}{
		{Curves("bad name!", arCurve("a", 0, 1)), "chart name"},
		{Curves("x", short), `curve "short": 80 values, want 81`},
		{Curves("x"), "no curves"},
		{Curves("x", arCurve("a", 0, 1)).Target(short), "target"},
		{Lines("x", Series{Name: "s", X: []float64{1, 2}, Y: []float64{1}}), "2 x values but 1 y values"},
		{Lines("x", Series{Name: "s", X: []float64{1, 2}, Y: []float64{1, 0}}).LogY(), "log y axis"},
		{Lines("x", Series{Name: "s", X: []float64{1}, Y: []float64{math.Inf(1)}}), "infinite"},
		{Bars("x", []string{"a", "b"}, Series{Name: "s", Y: []float64{1}}), "1 values for 2 categories"},
		{Heatmap("x", []string{"a"}, []string{"b", "c"}, [][]float64{{1}}), "1 values for 2 columns"},
		{demoCurves().YRange(3, 1), "y range"},
		{demoCurves().Size(10, 10), "size"},
		{demoBars().Rect(Rect{Name: "r", XMin: 0, XMax: 1, YMin: 0, YMax: 1}), "Rect is for"},
		{Lines("x", Indexed("s", []float64{1})).Target(arCurve("a", 0, 1)), "Target is for Curves"},
	}
	for _, tc := range cases {
		_, err := tc.c.HTML()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("HTML error = %v, want one containing %q", err, tc.want)
		}
		if _, err := tc.c.PNG(); err == nil {
			t.Errorf("PNG of invalid chart (%s) gave no error", tc.want)
		}
	}
}

func TestMarkdownTable(t *testing.T) {
	got, err := MarkdownTable([]string{"furnace", "ΔE00", "note"}, [][]string{
		{"F001", F(1.234, 2), "a|b"},
		{"F002", F(math.NaN(), 2), `already \| escaped`},
		{"F003", F(-0.001, 2), "two\nlines \\\\|x"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "| furnace | ΔE00 | note |\n" +
		"|---|---:|---|\n" +
		"| F001 | 1.23 | a\\|b |\n" +
		"| F002 | NaN | already \\| escaped |\n" +
		"| F003 | 0.00 | two<br>lines \\\\\\|x |\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Every row splits into exactly 3 cells on unescaped pipes.
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		if n := len(regexp.MustCompile(`(^|[^\\])(\\\\)*\|`).FindAllString(line, -1)); n != 4 {
			t.Errorf("line %q has %d unescaped pipes, want 4", line, n)
		}
	}
	if _, err := MarkdownTable([]string{"a", "b"}, [][]string{{"1"}}); err == nil || !strings.Contains(err.Error(), "row 0 has 1 cells, want 2") {
		t.Errorf("ragged row: err = %v", err)
	}
	if _, err := MarkdownTable(nil, nil); err == nil {
		t.Error("no columns: want an error")
	}
}

// recorder is a display that keeps what a Notebook shows.
type recorder struct {
	outputs []map[string]any
	syncs   int
}

func (r *recorder) show(d map[string]any) { r.outputs = append(r.outputs, d) }
func (r *recorder) markdown(md string) {
	r.outputs = append(r.outputs, map[string]any{"text/markdown": md})
}
func (r *recorder) sync() { r.syncs++ }

func testNotebook(t *testing.T) (*Notebook, *recorder, *bytes.Buffer) {
	rec := &recorder{}
	var errb bytes.Buffer
	return &Notebook{FigDir: filepath.Join(t.TempDir(), "figures"), out: rec, Stderr: &errb}, rec, &errb
}

func TestShow(t *testing.T) {
	nb, rec, _ := testNotebook(t)
	nb.SVG = true
	nb.Setup()
	nb.Setup()
	if len(rec.outputs) != 1 || !strings.Contains(rec.outputs[0]["text/html"].(string), "}).call(window);") {
		t.Fatalf("Setup should show the library once, got %d outputs", len(rec.outputs))
	}
	c := demoCurves()
	if err := c.Show(nb); err != nil {
		t.Fatal(err)
	}
	if len(rec.outputs) != 2 || rec.syncs != 2 {
		t.Fatalf("got %d outputs and %d syncs, want 2 and 2", len(rec.outputs), rec.syncs)
	}
	out := rec.outputs[1]
	html, _ := out["text/html"].(string)
	pngb, _ := out["image/png"].([]byte)
	want, _ := c.HTML()
	if html != want {
		t.Error("shown HTML differs from Chart.HTML")
	}
	saved, err := os.ReadFile(filepath.Join(nb.FigDir, "overview-reference.png"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(saved, pngb) || len(pngb) == 0 {
		t.Error("saved PNG differs from the shown one")
	}
	if _, err := os.Stat(filepath.Join(nb.FigDir, "overview-reference.svg")); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(nb.FigDir)
	if len(entries) != 2 {
		t.Errorf("figures holds %d files, want 2 (no temporary files left)", len(entries))
	}

	// Inline image: the PNG also sits in the chart's div.
	nb.InlineImage = true
	if err := demoScatter().Show(nb); err != nil {
		t.Fatal(err)
	}
	if h := rec.outputs[2]["text/html"].(string); !strings.Contains(h, `<img alt="a* vs b*" width="900" height="500" src="data:image/png;base64,`) {
		t.Error("inline image missing")
	}
}

func TestShowErrorReported(t *testing.T) {
	nb, rec, errb := testNotebook(t)
	err := Curves("x", Curve{Name: "short"}).Show(nb)
	if err == nil || !strings.Contains(errb.String(), "plot: ") || len(rec.outputs) != 0 {
		t.Errorf("err = %v, stderr = %q, outputs = %d", err, errb.String(), len(rec.outputs))
	}
	if err := nb.Table([]string{"a"}, [][]string{{"1", "2"}}); err == nil {
		t.Error("ragged table: want error")
	}
	if err := nb.Table([]string{"a"}, [][]string{{"1"}}); err != nil || rec.outputs[0]["text/markdown"] != "| a |\n|---:|\n| 1 |\n" {
		t.Errorf("table output %v, err %v", rec.outputs, err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "a.png")
	for _, content := range []string{"first", "second"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(path)
		if string(got) != content {
			t.Errorf("got %q, want %q", got, content)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("%d files in dir, want 1", len(entries))
	}
	if err := WriteFileAtomic(filepath.Join(path, "x"), nil); err == nil {
		t.Error("writing under a file: want error")
	}
}

func TestPage(t *testing.T) {
	p := NewPage("demo").Add(demoCurves(), demoScatter())
	s, err := p.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(s, EchartsLibrary()) != 1 {
		t.Error("page must embed the library exactly once")
	}
	if _, err := NewPage("dup").Add(demoCurves(), demoCurves()).HTML(); err == nil {
		t.Error("duplicate chart names: want error")
	}
	// ZEISS_PLOT_PAGE_DIR keeps the pages for a look in a browser: one plain,
	// one whose head first loads a minimal AMD loader (as nbconvert's RequireJS).
	// It also keeps the static images of the same charts.
	dir := os.Getenv("ZEISS_PLOT_PAGE_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else {
		for _, c := range allDemos() {
			if _, err := c.SavePNG(dir); err != nil {
				t.Fatal(err)
			}
		}
	}
	all := NewPage("all charts").Add(allDemos()...)
	if err := all.WriteFile(filepath.Join(dir, "page.html"), true); err != nil {
		t.Fatal(err)
	}
	if err := all.WriteFile(filepath.Join(dir, "page.html"), false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("rewriting a page without overwrite: err %v, want fs.ErrExist", err)
	}
	s, err = all.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s = strings.Replace(s, "<head>\n", "<head>\n"+amdShim, 1)
	if err := WriteFileAtomic(filepath.Join(dir, "page-requirejs.html"), []byte(s)); err != nil {
		t.Fatal(err)
	}
}

// amdShim defines a global AMD define() like RequireJS does. A UMD bundle
// that is not wrapped registers with it instead of setting window.echarts.
const amdShim = `<script>
window.amdModules = [];
window.define = function (deps, factory) { window.amdModules.push(deps); };
window.define.amd = {};
</script>
<script>
document.addEventListener("DOMContentLoaded", function () {
  var d = document.createElement("p");
  d.id = "amd-status";
  d.textContent = "AMD define present: " + (typeof define === "function" && !!define.amd) +
    "; modules registered with it: " + window.amdModules.length +
    "; window.echarts: " + (window.echarts ? window.echarts.version : "undefined");
  document.body.insertBefore(d, document.body.firstChild);
});
</script>
`

// FuzzEscapeCell checks that any cell text stays one cell on one line.
func FuzzEscapeCell(f *testing.F) {
	for _, s := range []string{"", "a|b", `a\|b`, `a\\|b`, "x\ny", `\`, "|||", "\\\\\\|"} {
		f.Add(s)
	}
	unescaped := regexp.MustCompile(`(^|[^\\])(\\\\)*\|`)
	f.Fuzz(func(t *testing.T, s string) {
		md, err := MarkdownTable([]string{"h"}, [][]string{{s}})
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("cell %q gives %d lines", s, len(lines))
		}
		if n := len(unescaped.FindAllString(lines[2], -1)); n != 2 {
			t.Fatalf("cell %q gives row %q with %d unescaped pipes, want 2", s, lines[2], n)
		}
	})
}

func BenchmarkCurvesHTML(b *testing.B) {
	c := demoCurves()
	for b.Loop() {
		if _, err := c.HTML(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCurvesPNG(b *testing.B) {
	c := demoCurves()
	for b.Loop() {
		if _, err := c.PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestFiguresDir(t *testing.T) {
	// The package's tests run in zeiss/plot, two levels below go.mod.
	want := filepath.Join("..", "..", "figures")
	if got := figuresDir(); got != want {
		t.Errorf("figuresDir() = %q, want %q", got, want)
	}
}

func TestWavelengthGrid(t *testing.T) {
	for i := range NumPoints {
		if got, want := MinWavelength+StepWavelength*float64(i), furnace.Wavelength(i); got != want {
			t.Fatalf("point %d: %g nm, furnace grid %g nm", i, got, want)
		}
	}
	if MaxWavelength != furnace.Wavelength(NumPoints-1) {
		t.Errorf("MaxWavelength %g, furnace grid ends at %g", MaxWavelength, furnace.Wavelength(NumPoints-1))
	}
}
