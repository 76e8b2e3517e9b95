package optics

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"gonum.org/v1/gonum/optimize"
)

// Nominal recipe set-points (QCM readings, nm), L1…L7.
var (
	backSetPoints  = []float64{25.33, 4.00, 12.97, 37.11, 105.5, 93.5, 35.0}
	frontSetPoints = []float64{24.71, 4.00, 12.65, 36.74, 103.0, 92.0, 35.0}
)

// recipeModel maps set-points to a double-sided curve: physical thickness =
// set-point × tooling of the layer's material, indices shifted by dn.
type recipeModel struct {
	ToolSiO2, ToolTi3O5, ToolTop, ToolITO float64
	DnSiO2, DnTi3O5                       float64
}

// fitF reproduces the shape of the best target on a 1.60 lens (RMS ≈ 0.13 %).
var fitF = recipeModel{ToolSiO2: 0.8342, ToolTi3O5: 1.1632, ToolTop: 0.3718, ToolITO: 1.7013, DnTi3O5: -0.1828}

type baseMaterials struct{ sio2, ito, ti3o5, top, sub Material }

func loadBase(t testing.TB, substrate string) baseMaterials {
	t.Helper()
	var b baseMaterials
	for _, p := range []struct {
		m    *Material
		name string
	}{{&b.sio2, "SiO2"}, {&b.ito, "ITO"}, {&b.ti3o5, "Ti3O5"}, {&b.top, "TopCoat"}, {&b.sub, substrate}} {
		m, err := Lookup(p.name)
		if err != nil {
			t.Fatal(err)
		}
		*p.m = m
	}
	return b
}

func (p recipeModel) lens(b baseMaterials) *Lens {
	s, h := Offset(b.sio2, p.DnSiO2), Offset(b.ti3o5, p.DnTi3O5)
	st := []Material{s, b.ito, h, s, h, s, b.top}
	return NewLens(grid81(), b.sub, st, st)
}

func (p recipeModel) tooling() []float64 {
	return []float64{p.ToolSiO2, p.ToolITO, p.ToolTi3O5, p.ToolSiO2, p.ToolTi3O5, p.ToolSiO2, p.ToolTop}
}

func (p recipeModel) thick(setPoints []float64) []float64 {
	tl := p.tooling()
	d := make([]float64, len(setPoints))
	for j := range d {
		d[j] = math.Max(0, setPoints[j]*tl[j])
	}
	return d
}

// curve returns the double-sided curve in %.
func (p recipeModel) curve(b baseMaterials) []float64 {
	r := make([]float64, 81)
	p.lens(b).Reflectance(p.thick(frontSetPoints), p.thick(backSetPoints), r)
	return PercentCurve(r)
}

func rmsDiff(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return math.Sqrt(s / float64(len(a)))
}

func curveLine(c []float64) string {
	var sb strings.Builder
	for i := 0; i < len(c); i += 4 {
		fmt.Fprintf(&sb, " %.0f:%.2f", 380+5*float64(i), c[i])
	}
	return sb.String()
}

func TestNominalRecipeResemblesBest(t *testing.T) {
	best, err := furnace.Reference(furnace.RefBest)
	if err != nil {
		t.Fatal(err)
	}
	b := loadBase(t, "Substrate1.60")
	t.Logf("best        %s", curveLine(best))
	for _, m := range []struct {
		name string
		p    recipeModel
	}{
		{"tooling 1/1", recipeModel{ToolSiO2: 1, ToolTi3O5: 1, ToolTop: 1, ToolITO: 1}},
		{"tooling 1.3/1.1", recipeModel{ToolSiO2: 1.3, ToolTi3O5: 1.1, ToolTop: 1, ToolITO: 1}},
		{"fit F", fitF},
	} {
		c := m.p.curve(b)
		t.Logf("%-16s RMS %.3f %%:%s", m.name, rmsDiff(c, best), curveLine(c))
	}
	// Single-face curves of the same model against the single-face targets.
	l := fitF.lens(b)
	for _, f := range []struct {
		ref string
		d   *Design
		sp  []float64
	}{{furnace.RefFrontSingle, l.Front(), frontSetPoints}, {furnace.RefBackSingle, l.Back(), backSetPoints}} {
		target, err := furnace.Reference(f.ref)
		if err != nil {
			t.Fatal(err)
		}
		r := make([]float64, 81)
		f.d.Reflectance(fitF.thick(f.sp), r)
		PercentCurve(r)
		t.Logf("%-16s %s\n  fit F single face RMS %.3f %%:%s", f.ref, curveLine(target), rmsDiff(r, target), curveLine(r))
	}
	c := fitF.curve(b)
	if rms := rmsDiff(c, best); rms > 0.15 {
		t.Errorf("fit F: RMS %.3f %% against best, want ≤ 0.15", rms)
	}
	// Shape: blue hump near 440 nm, floor over 600–645 nm, rising ends.
	imax := 8 // search the hump over 420–480 nm
	for i := 8; i <= 20; i++ {
		if c[i] > c[imax] {
			imax = i
		}
	}
	if w := furnace.Wavelength(imax); w < 425 || w > 455 || c[imax] < 1.5 || c[imax] > 2.1 {
		t.Errorf("blue hump %.2f %% at %g nm, want ≈ 1.8 %% near 440 nm", c[imax], w)
	}
	floor := math.Inf(1)
	for i := 44; i <= 53; i++ {
		floor = math.Min(floor, c[i])
	}
	if floor > 0.3 {
		t.Errorf("floor over 600–645 nm %.2f %%, want ≈ 0.2", floor)
	}
	if c[0] < 5 || c[0] > 7 || c[80] < 5.3 || c[80] > 6.5 {
		t.Errorf("r380 = %.2f, r780 = %.2f; want ≈ 5.5–6", c[0], c[80])
	}
}

// The gradient with respect to the tooling factors, as a calibration uses it:
// dR/dtool_m = Σ_{layers j of material m} setpoint_j·dR/dd_j.
func TestToolingGradient(t *testing.T) {
	b := loadBase(t, "Substrate1.60")
	l := fitF.lens(b)
	nw := 81
	r := make([]float64, nw)
	gf, gb := make([]float64, nw*7), make([]float64, nw*7)
	l.ReflectanceGrad(fitF.thick(frontSetPoints), fitF.thick(backSetPoints), r, gf, gb)
	silica := []int{0, 3, 5}
	analytic := make([]float64, nw)
	for i := range analytic {
		for _, j := range silica {
			analytic[i] += frontSetPoints[j]*gf[i*7+j] + backSetPoints[j]*gb[i*7+j]
		}
	}
	const h = 1e-6
	p, m := fitF, fitF
	p.ToolSiO2 += h
	m.ToolSiO2 -= h
	rp, rm := make([]float64, nw), make([]float64, nw)
	l.Reflectance(p.thick(frontSetPoints), p.thick(backSetPoints), rp)
	l.Reflectance(m.thick(frontSetPoints), m.thick(backSetPoints), rm)
	for i := range analytic {
		fd := (rp[i] - rm[i]) / (2 * h)
		if math.Abs(fd-analytic[i]) > 1e-6*math.Max(math.Abs(fd), 1e-2) {
			t.Fatalf("λ index %d: dR/dtool(SiO2) analytic %g, finite difference %g", i, analytic[i], fd)
		}
	}
}

// TestFitToolingToBest fits tooling factors and the Ti3O5 index offset to
// the best curve by Nelder–Mead, as a calibration would.
func TestFitToolingToBest(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration fit skipped in -short mode")
	}
	best, err := furnace.Reference(furnace.RefBest)
	if err != nil {
		t.Fatal(err)
	}
	b := loadBase(t, "Substrate1.60")
	set := func(x []float64) recipeModel {
		return recipeModel{ToolSiO2: x[0], ToolTi3O5: x[1], ToolTop: x[2], ToolITO: x[3], DnTi3O5: x[4]}
	}
	obj := func(x []float64) float64 {
		p := set(x)
		if p.ToolTop < 0 || p.ToolITO < 0 || math.Abs(p.DnTi3O5) > 0.4 {
			return 1e6
		}
		d := rmsDiff(p.curve(b), best)
		return d * d
	}
	var res *optimize.Result
	for _, x0 := range [][]float64{{0.9, 1.1, 0.5, 1.5, -0.1}, {0.8, 1.2, 0.4, 2, -0.2}} {
		r, err := optimize.Minimize(optimize.Problem{Func: obj}, x0, &optimize.Settings{FuncEvaluations: 1500}, &optimize.NelderMead{})
		if r == nil {
			t.Fatal(err)
		}
		if res == nil || r.F < res.F {
			res = r
		}
	}
	p := set(res.X)
	rms := math.Sqrt(res.F)
	t.Logf("fit: %+v RMS %.3f %% (%d evaluations)", p, rms, res.Stats.FuncEvaluations)
	if rms > 0.15 || p.ToolSiO2 < 0.75 || p.ToolSiO2 > 0.9 || p.ToolTi3O5 < 1.05 || p.ToolTi3O5 > 1.25 {
		t.Errorf("fit %+v with RMS %.3f %%: want RMS ≤ 0.15 with SiO2 tooling ≈ 0.83, Ti3O5 ≈ 1.16", p, rms)
	}
}
