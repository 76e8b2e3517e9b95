package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/twin"
)

// flat returns a furnace whose curve is v at every point.
func flat(v float64) furnace.Furnace {
	c := make([]float64, furnace.NumPoints)
	for i := range c {
		c[i] = v
	}
	return furnace.Furnace{Back: furnace.NaNRun(), Front: furnace.NaNRun(), Curve: c}
}

// TestLastKHand checks the last-k mean on flat curves.
func TestLastKHand(t *testing.T) {
	l := &LastK{K: 2}
	if err := l.Fit(nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := l.Predict(nil); ok {
		t.Error("predicted before any curve")
	}
	for _, v := range []float64{1, 2, 4} {
		f := flat(v)
		if err := l.Observe(&f); err != nil {
			t.Fatal(err)
		}
	}
	p, ok, err := l.Predict(nil)
	if err != nil || !ok || p[0] != 3 || p[80] != 3 {
		t.Errorf("mean of the last 2 of 1, 2, 4: %v %v %v, want 3", p, ok, err)
	}
	if err := (&LastK{K: 0}).Fit(nil); err == nil {
		t.Error("k = 0 accepted")
	}
}

// TestTunedEWMAChoosesWeight feeds a random walk, which the newest curve
// predicts best: the tuned EWMA must choose weight 1 over 0.1 and predict
// the last curve.
func TestTunedEWMAChoosesWeight(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var fs []furnace.Furnace
	v := 1.0
	for range 30 {
		v += rng.NormFloat64()
		fs = append(fs, flat(v))
	}
	te := &TunedEWMA{Alphas: []float64{0.1, 1}, Warmup: 2}
	if err := te.Fit(fs); err != nil {
		t.Fatal(err)
	}
	if a := te.Alpha(); a != 1 {
		t.Errorf("chosen weight %v, want 1", a)
	}
	p, ok, err := te.Predict(nil)
	if err != nil || !ok || p[0] != v {
		t.Errorf("prediction %v (ok %v, err %v), want the last curve %v", p[0], ok, err, v)
	}
	if err := (&TunedEWMA{Alphas: []float64{0}}).Fit(nil); err == nil {
		t.Error("weight 0 accepted")
	}
	if got := (&TunedEWMA{}); got.Fit(nil) != nil || len(got.Alphas) != len(DefaultAlphas()) {
		t.Errorf("empty grid: alphas %v, want DefaultAlphas()", got.Alphas)
	}
}

// TestEWMADeltaLinear checks the hybrid on curves exactly linear in the
// set-points: the EWMA levels then obey the same linear law, so the ridge of
// the deviations recovers it and the prediction is exact.
func TestEWMADeltaLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var w [furnace.NumPoints][furnace.NumAdjustable]float64
	for i := range w {
		for k := range w[i] {
			w[i][k] = 0.1 * rng.NormFloat64()
		}
	}
	mk := func() furnace.Furnace {
		f := flat(0)
		for l := range furnace.NumLayers {
			f.Back.SetPoints[l], f.Front.SetPoints[l] = 30, 30
		}
		var x [furnace.NumAdjustable]float64
		for k := range x {
			x[k] = 20 + 5*float64(k) + rng.NormFloat64()
		}
		f.SetAdjustable(x)
		for i := range f.Curve {
			f.Curve[i] = 1 + 0.01*float64(i)
			for k, v := range x {
				f.Curve[i] += w[i][k] * v
			}
		}
		return f
	}
	var train []furnace.Furnace
	for range 40 {
		train = append(train, mk())
	}
	e := &EWMADelta{Alpha: 0.2, Input: InputSetPoints, Warmup: 3, Lambdas: []float64{1e-9}}
	if err := e.Fit(train); err != nil {
		t.Fatal(err)
	}
	level, err := NewEWMA(0.2)
	if err != nil {
		t.Fatal(err)
	}
	if err := level.Fit(train); err != nil {
		t.Fatal(err)
	}
	f := mk()
	want := f.Curve
	f.Curve = nil
	got, ok, err := e.Predict(&f)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	lv, _, _ := level.Predict(&f)
	var maxErr, levelErr float64
	for i := range want {
		maxErr = max(maxErr, math.Abs(got[i]-want[i]))
		levelErr = max(levelErr, math.Abs(lv[i]-want[i]))
	}
	if maxErr > 1e-6 || !(levelErr > 1e-2) {
		t.Errorf("hybrid error %g (want < 1e-6), plain EWMA error %g (want > 1e-2)", maxErr, levelErr)
	}
}

// TestJacobianPredictsChange checks the twin Jacobian (layout and set-point
// order included) against the derivative of the curve by central
// differences with a step ten times finer than Jacobian's.
func TestJacobianPredictsChange(t *testing.T) {
	p := twin.DefaultParams()
	var f furnace.Furnace
	f.Back.SetPoints = p.Recipe[furnace.Back]
	f.Front.SetPoints = p.Recipe[furnace.Front]
	x0 := f.Adjustable()
	jac, err := Jacobian(p, 100, x0[:])
	if err != nil {
		t.Fatal(err)
	}
	curve := func(x [furnace.NumAdjustable]float64) []float64 {
		g := f
		g.SetAdjustable(x)
		c, _, err := twin.Spectrum(p, twin.Sub160, 100, g.Back.SetPoints, g.Front.SetPoints)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const d = 0.005 // nm
	var norm float64
	for k := range furnace.NumAdjustable {
		xp, xm := x0, x0
		xp[k] += d
		xm[k] -= d
		cp, cm := curve(xp), curve(xm)
		for i := range cp {
			norm = max(norm, math.Abs(jac[i][k]))
			if fd := (cp[i] - cm[i]) / (2 * d); math.Abs(fd-jac[i][k]) > 0.01*math.Abs(fd)+1e-4 {
				t.Fatalf("set-point %d, point %d: derivative %g %%R/nm, Jacobian %g", k, i, fd, jac[i][k])
			}
		}
	}
	if !(norm > 0.01) {
		t.Errorf("Jacobian is flat (max |J| = %g %%R/nm)", norm)
	}
	if _, err := Jacobian(p, 100, x0[:3]); err == nil {
		t.Error("3 set-points accepted")
	}
}
