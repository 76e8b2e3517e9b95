package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

var day0 = time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)

func fastMethods() []Method {
	o := DefaultMethodOptions()
	o.Config = fastConfig()
	return Methods(o)
}

// TestNoLeakage perturbs a furnace after the cut-off and checks that no
// prediction of an earlier furnace changes, and that perturbing its curve
// alone does not change its own prediction either.
func TestNoLeakage(t *testing.T) {
	fs := synthTable(1, 2, 14, day0)
	from := fs[20].Date
	ms := fastMethods()
	base, err := Evaluate(fs, ms, EvalOptions{From: from})
	if err != nil {
		t.Fatal(err)
	}
	const j = 25 // perturbed furnace, test index j-20
	pert := cloneFurnaces(fs)
	for p := range pert[j].Curve {
		pert[j].Curve[p] += 3
	}
	ev, err := Evaluate(pert, ms, EvalOptions{From: from})
	if err != nil {
		t.Fatal(err)
	}
	for m := range ms {
		for i := 0; i <= j-20; i++ {
			if !slices.Equal(base.Pred[m][i], ev.Pred[m][i]) {
				t.Errorf("%s: prediction of test furnace %d changed when the curve of furnace %d changed", ms[m].Name, i, j)
			}
		}
		if slices.Equal(base.Pred[m][j-20+1], ev.Pred[m][j-20+1]) && ms[m].Name == "ewma0.1" {
			t.Errorf("%s: prediction after the perturbed furnace did not change: the test cannot fail", ms[m].Name)
		}
	}
	for m := range ms {
		rows, _, counts := base.Confusion(m)
		// The single cycle forecasters report their choice; ensembles do not.
		name := ms[m].Name
		want := (strings.Contains(name, "known") || strings.Contains(name, "selected")) && !strings.Contains(name, "-ens")
		if (rows != nil) != want {
			t.Errorf("%s: confusion table present: %v, want %v", name, rows != nil, want)
		}
		var n float64
		for _, r := range counts {
			for _, v := range r {
				n += v
			}
		}
		if rows != nil && int(n) != base.Scores[m].N {
			t.Errorf("%s: confusion table counts %v furnaces, scored %d", ms[m].Name, n, base.Scores[m].N)
		}
	}
	// Perturbing the inputs too must leave the earlier furnaces alone.
	for l := range furnace.NumLayers {
		pert[j].Back.SetPoints[l] += 1
		pert[j].Front.Std[l] += 1
	}
	ev, err = Evaluate(pert, ms, EvalOptions{From: from})
	if err != nil {
		t.Fatal(err)
	}
	for m := range ms {
		for i := 0; i < j-20; i++ {
			if !slices.Equal(base.Pred[m][i], ev.Pred[m][i]) {
				t.Errorf("%s: prediction of test furnace %d changed when furnace %d changed", ms[m].Name, i, j)
			}
		}
	}
}

// blindCheck fails if it is ever asked to predict a furnace with a curve.
type blindCheck struct {
	EWMA
	t *testing.T
}

func (b *blindCheck) Predict(f *furnace.Furnace) ([]float64, bool, error) {
	if f.Curve != nil {
		b.t.Errorf("furnace %s handed to Predict with its curve", f.No)
	}
	return b.EWMA.Predict(f)
}

func TestPredictSeesNoCurve(t *testing.T) {
	fs := synthTable(2, 1, 10, day0)
	_, err := Evaluate(fs, []Method{{Name: "ewma-blind", New: func() (Forecaster, error) {
		return &blindCheck{EWMA{Alpha: 0.3}, t}, nil
	}}}, EvalOptions{From: fs[5].Date})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEWMAHand checks the EWMA and the metrics on a hand-made table of flat
// curves.
func TestEWMAHand(t *testing.T) {
	fs := synthTable(3, 1, 5, day0)
	levels := []float64{1, 2, 4, 5, 7}
	for i := range fs {
		for p := range fs[i].Curve {
			fs[i].Curve[p] = levels[i]
		}
	}
	// Shuffle the rows: Evaluate must put them in production order.
	fs[0], fs[4] = fs[4], fs[0]
	ev, err := Evaluate(fs, []Method{{Name: "ewma0.5", New: func() (Forecaster, error) { return NewEWMA(0.5) }}},
		EvalOptions{From: day0.AddDate(0, 0, 3)})
	if err != nil {
		t.Fatal(err)
	}
	// level: 1 → 1.5 → 2.75 (prediction of 5) → 3.875 (prediction of 7).
	want := math.Sqrt(((2.75-5)*(2.75-5) + (3.875-7)*(3.875-7)) / 2)
	s := ev.Scores[0]
	if s.N != 2 || math.Abs(s.RMSE-want) > 1e-12 {
		t.Errorf("EWMA: n %d rmse %.15g, want 2 and %.15g", s.N, s.RMSE, want)
	}
	if got := ev.Pred[0][0][40]; got != 2.75 {
		t.Errorf("first prediction %v, want 2.75", got)
	}
	if got := ev.Pred[0][1][0]; got != 3.875 {
		t.Errorf("second prediction %v, want 3.875", got)
	}
	if s.SpecAccuracy != 1 || !(s.MeanDE > 0) {
		// flat curves of 2.75 %R and 5 %R are both far outside the window
		t.Errorf("spec accuracy %v (want 1), mean ΔE %v (want > 0)", s.SpecAccuracy, s.MeanDE)
	}
}

// TestRidgeClosedForm compares FitRidge with the normal equations and its
// leave-one-out error with brute-force refits.
func TestRidgeClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	n, in, out := 30, 4, 3
	x := make([][]float64, n)
	y := make([][]float64, n)
	for i := range n {
		x[i] = make([]float64, in)
		y[i] = make([]float64, out)
		for j := range x[i] {
			x[i][j] = 10 + float64(j) + rng.NormFloat64()*(1+float64(j))
		}
		for o := range y[i] {
			y[i][o] = float64(o) + x[i][0]*0.3 - x[i][2]*float64(o) + 0.5*rng.NormFloat64()
		}
	}
	stats, err := furnace.FitStats(x)
	if err != nil {
		t.Fatal(err)
	}
	const lam = 2.5
	r, err := FitRidge(x, y, stats, []float64{lam})
	if err != nil {
		t.Fatal(err)
	}
	// Normal equations on centred, normalised inputs.
	Z := mat.NewDense(n, in, nil)
	Y := mat.NewDense(n, out, nil)
	for i := range n {
		Z.SetRow(i, stats.Normalize(x[i]))
		Y.SetRow(i, y[i])
	}
	zc, yc := centre(Z), centre(Y)
	var A mat.Dense
	A.Mul(zc.T(), zc)
	for j := range in {
		A.Set(j, j, A.At(j, j)+lam)
	}
	var B, W mat.Dense
	B.Mul(zc.T(), yc)
	if err := W.Solve(&A, &B); err != nil {
		t.Fatal(err)
	}
	for o := range out {
		for j := range in {
			if d := math.Abs(W.At(j, o) - r.Coef[o*in+j]); d > 1e-10 {
				t.Errorf("coef[%d][%d] = %v, normal equations %v", o, j, r.Coef[o*in+j], W.At(j, o))
			}
		}
	}
	// The fit passes through the means.
	xm, ym := colMeans(x), colMeans(y)
	for o, v := range r.Predict(xm) {
		if math.Abs(v-ym[o]) > 1e-10 {
			t.Errorf("prediction at the input mean %v, want the target mean %v", v, ym[o])
		}
	}
	// Leave-one-out error against brute force.
	r2, err := FitRidge(x, y, stats, []float64{lam, 1e9})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Lambda != lam {
		t.Fatalf("LOO chose λ = %v, want %v", r2.Lambda, lam)
	}
	var sse float64
	for i := range n {
		xs := slices.Delete(slices.Clone(x), i, i+1)
		ys := slices.Delete(slices.Clone(y), i, i+1)
		ri, err := FitRidge(xs, ys, stats, []float64{lam})
		if err != nil {
			t.Fatal(err)
		}
		for o, v := range ri.Predict(x[i]) {
			sse += (v - y[i][o]) * (v - y[i][o])
		}
	}
	if want := sse / float64(n*out); math.Abs(r2.LOO-want) > 1e-9*want {
		t.Errorf("LOO MSE %v, brute force %v", r2.LOO, want)
	}
}

func centre(a *mat.Dense) *mat.Dense {
	r, c := a.Dims()
	out := mat.NewDense(r, c, nil)
	for j := range c {
		var m float64
		for i := range r {
			m += a.At(i, j)
		}
		m /= float64(r)
		for i := range r {
			out.Set(i, j, a.At(i, j)-m)
		}
	}
	return out
}

func colMeans(rows [][]float64) []float64 { return meanRows(rows) }

// TestSelectionPicksGeneratingCycle trains per-cycle models on synthetic
// cycles with different responses and checks that the selection on fresh
// furnaces of each cycle picks the cycle that generated them.
func TestSelectionPicksGeneratingCycle(t *testing.T) {
	const nc, per = 3, 30
	all := synthTable(5, nc, per+6, day0)
	var train, test []furnace.Furnace
	for i := range all {
		if i%(per+6) < per {
			train = append(train, all[i])
		} else {
			test = append(test, all[i])
		}
	}
	cfg := fastConfig()
	cfg.Model2.Epochs, cfg.FineTune.Epochs, cfg.Model1.Epochs = 300, 300, 300
	m, err := Train(train, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Cycles(); !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("cycles %v", got)
	}
	var ok2, ok1 int
	for i := range test {
		c2, _ := m.Select2(test[i : i+1])
		c1, _ := m.Select1(test[i : i+1])
		if c2 == test[i].Cycle {
			ok2++
		}
		if c1 == test[i].Cycle {
			ok1++
		}
	}
	// Each cycle's model2 fits the fresh furnaces of its own cycle best.
	rows, cols, rm := m.CrossFit(test)
	if len(rows) != nc+1 || len(cols) != nc {
		t.Fatalf("cross-fit table %d×%d", len(rows), len(cols))
	}
	for j := range cols {
		best := 1
		for i := 1; i < len(rows); i++ {
			if rm[i][j] < rm[best][j] {
				best = i
			}
		}
		if best != j+1 {
			t.Errorf("%s: best model2 is %s", cols[j], rows[best])
		}
	}
	if from, err := HoldoutFrom(all, 1); err != nil || !from.Equal(all[2*(per+6)].Date) {
		t.Errorf("HoldoutFrom = %v, %v; want %v", from, err, all[2*(per+6)].Date)
	}
	if ok2 < len(test)*8/10 || ok1 < len(test)*8/10 {
		t.Errorf("selection picked the generating cycle for %d (model2) and %d (model1) of %d furnaces, want ≥ 80 %%", ok2, ok1, len(test))
	}
}

// TestTrainDeterministic checks that training twice with one seed gives
// identical parameters, and another seed different ones.
func TestTrainDeterministic(t *testing.T) {
	fs := synthTable(6, 2, 12, day0)
	cfg := fastConfig()
	a, err := Train(fs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Workers = 1
	b, err := Train(fs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Base2.MLP.Params(), b.Base2.MLP.Params()) || !slices.Equal(a.Model1[1].MLP.Params(), b.Model1[1].MLP.Params()) {
		t.Error("same seed, different parameters")
	}
	cfg.Seed = 2
	c, err := Train(fs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(a.Base2.MLP.Params(), c.Base2.MLP.Params()) {
		t.Error("different seeds, same parameters")
	}
}
