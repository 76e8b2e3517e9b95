package colour

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// best is the public target curve of the coating (reflectance in %,
// 380–780 nm every 5 nm).
var best = []float64{
	5.52, 3.53, 1.97, 1.28, 0.74, 0.70, 0.85, 1.05, 1.23, 1.43, 1.63, 1.82, 1.84, 1.80, 1.75, 1.73, 1.64, 1.49, 1.39, 1.31, 1.23, 1.16, 1.03,
	0.91, 0.85, 0.86, 0.84, 0.77, 0.71, 0.64, 0.61, 0.61, 0.58, 0.56, 0.53, 0.46, 0.46, 0.44, 0.41, 0.43, 0.40, 0.39, 0.36, 0.25, 0.19, 0.17,
	0.21, 0.19, 0.17, 0.17, 0.20, 0.20, 0.16, 0.20, 0.26, 0.35, 0.41, 0.57, 0.64, 0.71, 0.90, 1.04, 1.17, 1.27, 1.43, 1.56, 1.82, 2.07, 2.40,
	2.72, 3.02, 3.33, 3.58, 3.87, 3.97, 4.34, 4.57, 4.73, 5.03, 5.45, 5.94,
}

var allConditions = []struct {
	ill Illuminant
	obs Observer
}{
	{IlluminantC, Observer2},
	{IlluminantD65, Observer2},
	{IlluminantD65, Observer10},
	{IlluminantC, Observer10},
}

func mustConverter(t testing.TB, ill Illuminant, obs Observer) *Converter {
	t.Helper()
	c, err := NewConverter(ill, obs)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBestGolden(t *testing.T) {
	if len(best) != NumPoints {
		t.Fatalf("best has %d points", len(best))
	}
	want := []Lab{
		{4.8067, 2.2269, -13.7526},  // C / 2°, the production convention
		{4.8120, 1.5624, -13.6200},  // D65 / 2°
		{5.2577, -0.0466, -12.9424}, // D65 / 10°
		{5.2827, 0.4760, -13.0345},  // C / 10°
	}
	for k, cond := range allConditions {
		c := mustConverter(t, cond.ill, cond.obs)
		got, err := c.Lab(best)
		if err != nil {
			t.Fatal(err)
		}
		w := want[k]
		if math.Abs(got.L-w.L) > 1e-4 || math.Abs(got.A-w.A) > 1e-4 || math.Abs(got.B-w.B) > 1e-4 {
			t.Errorf("%v/%v: Lab(best) = %v, want %v", cond.ill, cond.obs, got, w)
		}
	}
}

func TestWhiteAndBlack(t *testing.T) {
	white := make([]float64, NumPoints)
	for i := range white {
		white[i] = 100
	}
	black := make([]float64, NumPoints)
	for _, cond := range allConditions {
		c := mustConverter(t, cond.ill, cond.obs)
		if c.Illuminant() != cond.ill || c.Observer() != cond.obs {
			t.Errorf("converter reports %v/%v, want %v/%v", c.Illuminant(), c.Observer(), cond.ill, cond.obs)
		}
		w := c.White()
		if w.Y != 100 || w.X < 90 || w.X > 100 || w.Z < 80 || w.Z > 125 {
			t.Errorf("%v/%v: implausible white point %+v", cond.ill, cond.obs, w)
		}
		xyz, err := c.XYZ(white)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(xyz.X-w.X) > 1e-9 || math.Abs(xyz.Y-w.Y) > 1e-9 || math.Abs(xyz.Z-w.Z) > 1e-9 {
			t.Errorf("%v/%v: XYZ(100 %%) = %+v, want the white point %+v", cond.ill, cond.obs, xyz, w)
		}
		lab, _ := c.Lab(white)
		if math.Abs(lab.L-100) > 1e-9 || math.Abs(lab.A) > 1e-9 || math.Abs(lab.B) > 1e-9 {
			t.Errorf("%v/%v: Lab(100 %%) = %v, want (100, 0, 0)", cond.ill, cond.obs, lab)
		}
		lab, _ = c.Lab(black)
		if lab != (Lab{}) {
			t.Errorf("%v/%v: Lab(0 %%) = %v, want (0, 0, 0)", cond.ill, cond.obs, lab)
		}
	}
}

// TestKnownWhitePoints checks the embedded tables against the published
// white points (from the 1 nm tables); sums over the 5 nm grid reproduce them
// to about 0.02.
func TestKnownWhitePoints(t *testing.T) {
	for _, tc := range []struct {
		ill  Illuminant
		obs  Observer
		want XYZ
	}{
		{IlluminantC, Observer2, XYZ{98.074, 100, 118.232}},
		{IlluminantD65, Observer2, XYZ{95.047, 100, 108.883}},
		{IlluminantD65, Observer10, XYZ{94.811, 100, 107.304}},
		{IlluminantC, Observer10, XYZ{97.285, 100, 116.145}},
	} {
		w := mustConverter(t, tc.ill, tc.obs).White()
		if math.Abs(w.X-tc.want.X) > 0.03 || math.Abs(w.Z-tc.want.Z) > 0.03 {
			t.Errorf("%v/%v: white %+v, want %+v", tc.ill, tc.obs, w, tc.want)
		}
	}
}

func TestLabFromXYZBranches(t *testing.T) {
	white := XYZ{100, 100, 100}
	// Cube-root branch: Y/Yn = 0.5.
	got := LabFromXYZ(XYZ{50, 50, 50}, white)
	if want := 116*math.Cbrt(0.5) - 16; math.Abs(got.L-want) > 1e-12 || got.A != 0 || got.B != 0 {
		t.Errorf("grey 50 %%: %v, want L* %.6f", got, want)
	}
	// Linear branch: Y/Yn = 0.005.
	got = LabFromXYZ(XYZ{0.5, 0.5, 0.5}, white)
	if math.Abs(got.L-903.3*0.005) > 1e-12 {
		t.Errorf("grey 0.5 %%: %v, want L* %.6f", got, 903.3*0.005)
	}
	// Mixed branches: X in the cube-root branch, Y and Z linear.
	got = LabFromXYZ(XYZ{2, 0.5, 0.1}, white)
	wantA := 500 * (math.Cbrt(0.02) - (7.787*0.005 + 16.0/116))
	wantB := 200 * ((7.787*0.005 + 16.0/116) - (7.787*0.001 + 16.0/116))
	if math.Abs(got.A-wantA) > 1e-12 || math.Abs(got.B-wantB) > 1e-12 {
		t.Errorf("mixed: %v, want a* %.6f b* %.6f", got, wantA, wantB)
	}
}

func TestCurveErrors(t *testing.T) {
	c := mustConverter(t, IlluminantC, Observer2)
	nan := append([]float64(nil), best...)
	nan[17] = math.NaN()
	inf := append([]float64(nil), best...)
	inf[80] = math.Inf(-1)
	for _, tc := range []struct {
		name  string
		r     []float64
		index int
		msg   string
	}{
		{"nil", nil, -1, "curve has 0 points, want 81"},
		{"short", best[:80], -1, "curve has 80 points, want 81"},
		{"long", append(append([]float64(nil), best...), 1), -1, "curve has 82 points, want 81"},
		{"NaN", nan, 17, "curve point 17 (465 nm) is NaN"},
		{"Inf", inf, 80, "curve point 80 (780 nm) is -Inf"},
	} {
		check := func(what string, err error) {
			var ce *CurveError
			if !errors.As(err, &ce) {
				t.Errorf("%s %s: error %v, want a *CurveError", tc.name, what, err)
				return
			}
			if ce.Index != tc.index || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%s %s: error %q (index %d), want %q (index %d)", tc.name, what, err, ce.Index, tc.msg, tc.index)
			}
		}
		_, err := c.XYZ(tc.r)
		check("XYZ", err)
		_, err = c.Lab(tc.r)
		check("Lab", err)
		_, _, err = c.LabJacobian(tc.r)
		check("LabJacobian", err)
	}
}

func TestNewConverterRejectsUnknown(t *testing.T) {
	if _, err := NewConverter(Illuminant(7), Observer2); err == nil {
		t.Error("NewConverter accepted illuminant 7")
	}
	if _, err := NewConverter(IlluminantC, Observer(-1)); err == nil {
		t.Error("NewConverter accepted observer -1")
	}
}

func TestParse(t *testing.T) {
	for s, want := range map[string]Illuminant{"C": IlluminantC, "c": IlluminantC, "D65": IlluminantD65, "d65": IlluminantD65} {
		if got, err := ParseIlluminant(s); err != nil || got != want {
			t.Errorf("ParseIlluminant(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "A", "D50", "F2"} {
		if _, err := ParseIlluminant(s); err == nil || !strings.Contains(err.Error(), "want C or D65") {
			t.Errorf("ParseIlluminant(%q): error %v", s, err)
		}
	}
	for s, want := range map[string]Observer{"2": Observer2, "2°": Observer2, "10": Observer10, "10deg": Observer10} {
		if got, err := ParseObserver(s); err != nil || got != want {
			t.Errorf("ParseObserver(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "1931", "5", "2.0"} {
		if _, err := ParseObserver(s); err == nil || !strings.Contains(err.Error(), "want 2 or 10") {
			t.Errorf("ParseObserver(%q): error %v", s, err)
		}
	}
	if IlluminantD65.String() != "D65" || Observer10.String() != "10°" {
		t.Errorf("String: %v %v", IlluminantD65, Observer10)
	}
}

func TestParseTablesErrors(t *testing.T) {
	if _, err := parseTables(cieCSV); err != nil {
		t.Fatalf("embedded tables: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(cieCSV)), "\n")
	for _, tc := range []struct {
		name, data, msg string
	}{
		{"short", strings.Join(lines[:50], "\n"), "want header and 81 rows"},
		{"header", "nm" + strings.Join(lines, "\n")[len("wavelength_nm"):], "header"},
		{"value", strings.Replace(strings.Join(lines, "\n"), "\n400,", "\n400,x", 1), "line 6: column x2"},
		{"grid", strings.Replace(strings.Join(lines, "\n"), "\n400,", "\n401,", 1), "line 6: wavelength 401, want 400"},
	} {
		_, err := parseTables([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.msg)
		}
	}
}

// randomCurve returns a smooth AR-like or bright curve with values in %.
func randomCurve(rng *rand.Rand, bright bool) []float64 {
	r := make([]float64, NumPoints)
	base, amp := 1.5, 1.5
	if bright {
		base, amp = 40, 30
	}
	p1, p2 := rng.Float64()*2*math.Pi, rng.Float64()*2*math.Pi
	f1, f2 := 1+3*rng.Float64(), 3+5*rng.Float64()
	for i := range r {
		x := float64(i) / (NumPoints - 1)
		r[i] = base + amp*(0.6*math.Sin(f1*x*math.Pi+p1)+0.4*math.Sin(f2*x*math.Pi+p2))
		r[i] = math.Abs(r[i]) + 0.05
	}
	return r
}

// TestJacobianFiniteDifferences checks LabJacobian against central
// differences on the target curve and on random dark and bright curves (the
// linear and cube-root branches of the L*a*b* formulas).
func TestJacobianFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	curves := [][]float64{best}
	for k := range 6 {
		curves = append(curves, randomCurve(rng, k%2 == 1))
	}
	const h = 1e-5
	for _, cond := range allConditions {
		c := mustConverter(t, cond.ill, cond.obs)
		for n, r := range curves {
			lab, jac, err := c.LabJacobian(r)
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := c.Lab(r); lab != want {
				t.Errorf("%v/%v curve %d: LabJacobian colour %v, Lab %v", cond.ill, cond.obs, n, lab, want)
			}
			p := append([]float64(nil), r...)
			for i := range NumPoints {
				p[i] = r[i] + h
				hi, _ := c.Lab(p)
				p[i] = r[i] - h
				lo, _ := c.Lab(p)
				p[i] = r[i]
				fd := [3]float64{(hi.L - lo.L) / (2 * h), (hi.A - lo.A) / (2 * h), (hi.B - lo.B) / (2 * h)}
				for k := range 3 {
					if d := math.Abs(jac[k][i] - fd[k]); d > 1e-6*(1+math.Abs(fd[k])) {
						t.Errorf("%v/%v curve %d: J[%d][%d] = %.9g, finite difference %.9g", cond.ill, cond.obs, n, k, i, jac[k][i], fd[k])
					}
				}
			}
		}
	}
}

// TestJacobianLinearity checks that Lab is linear in R along the Jacobian
// for a small step (first-order Taylor expansion).
func TestJacobianTaylor(t *testing.T) {
	c := mustConverter(t, IlluminantC, Observer2)
	rng := rand.New(rand.NewPCG(3, 4))
	lab0, jac, _ := c.LabJacobian(best)
	d := make([]float64, NumPoints)
	p := make([]float64, NumPoints)
	for i := range d {
		d[i] = 1e-3 * rng.NormFloat64()
		p[i] = best[i] + d[i]
	}
	lab1, _ := c.Lab(p)
	var pred [3]float64
	for k := range 3 {
		for i := range d {
			pred[k] += jac[k][i] * d[i]
		}
	}
	got := [3]float64{lab1.L - lab0.L, lab1.A - lab0.A, lab1.B - lab0.B}
	for k := range 3 {
		if math.Abs(got[k]-pred[k]) > 1e-6 {
			t.Errorf("coordinate %d: change %.9g, Jacobian predicts %.9g", k, got[k], pred[k])
		}
	}
}

func TestLCh(t *testing.T) {
	for _, tc := range []struct {
		lab Lab
		c   float64
		h   float64
	}{
		{Lab{50, 1, 0}, 1, 0},
		{Lab{50, 0, 1}, 1, 90},
		{Lab{50, -1, 0}, 1, 180},
		{Lab{50, 0, -1}, 1, 270},
		{Lab{50, 3, -4}, 5, 360 + math.Atan2(-4, 3)*180/math.Pi},
		{Lab{50, 0, 0}, 0, 0},
		{Lab{50, 0, math.Copysign(0, -1)}, 0, 0},
		{Lab{50, 1, -1e-300}, 1, 0}, // h would round to 360
	} {
		got := tc.lab.LCh()
		if got.L != tc.lab.L || math.Abs(got.C-tc.c) > 1e-12 || math.Abs(got.H-tc.h) > 1e-12 || math.Signbit(got.H) {
			t.Errorf("%v.LCh() = %+v, want C %g h %g", tc.lab, got, tc.c, tc.h)
		}
	}
	lch := Lab{4.8067, 2.2269, -13.7526}.LCh()
	if math.Abs(lch.C-13.9317) > 1e-4 || math.Abs(lch.H-279.1978) > 1e-4 {
		t.Errorf("LCh(best) = %+v, want C 13.9317 h 279.1978", lch)
	}
}

// TestLChProperties checks on random colours that the hue angle lies in
// [0, 360) and that LCh → Lab round-trips.
func TestLChProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := range 20000 {
		c := Lab{100 * rng.Float64(), randCoord(rng, n), randCoord(rng, n+1)}
		lch := c.LCh()
		if !(lch.H >= 0 && lch.H < 360) || math.Signbit(lch.H) {
			t.Fatalf("%v: hue %g outside [0, 360)", c, lch.H)
		}
		if lch.C < 0 {
			t.Fatalf("%v: chroma %g < 0", c, lch.C)
		}
		back := lch.Lab()
		if math.Abs(back.A-c.A) > 1e-9*(1+lch.C) || math.Abs(back.B-c.B) > 1e-9*(1+lch.C) {
			t.Fatalf("%v → %+v → %v", c, lch, back)
		}
	}
}

// randCoord draws an a* or b* value, often on or next to an axis.
func randCoord(rng *rand.Rand, n int) float64 {
	switch n % 5 {
	case 0:
		return 0
	case 1:
		return (rng.Float64() - 0.5) * 1e-12
	}
	return (rng.Float64() - 0.5) * 200
}
