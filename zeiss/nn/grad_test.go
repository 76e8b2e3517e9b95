package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Finite-difference checks of the analytic gradients, for every activation,
// both losses, parameters and inputs.

func randSlice(rng *rand.Rand, n int, scale float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = scale * rng.NormFloat64()
	}
	return v
}

// batchLoss evaluates loss(model(x), y) with a fresh workspace.
func batchLoss(m *MLP, x, y []float64, loss Loss) float64 {
	b := m.NewBatch(len(x) / m.In())
	return loss.Eval(b.Forward(x), y, nil)
}

// fdCheck compares the analytic derivatives grad of f with central
// differences at v (which f reads), skipping coordinates where f is not
// smooth at the scale of the step (a ReLU kink inside the stencil).
func fdCheck(t *testing.T, what string, v []float64, grad []float64, f func() float64) {
	t.Helper()
	const h = 1e-6
	for i := range v {
		old := v[i]
		v[i] = old + h
		fp := f()
		v[i] = old - h
		fm := f()
		v[i] = old + h/2
		fp2 := f()
		v[i] = old - h/2
		fm2 := f()
		v[i] = old
		num := (fp - fm) / (2 * h)
		num2 := (fp2 - fm2) / h
		if math.Abs(num-num2) > 1e-5*(1+math.Abs(num)) {
			continue // not smooth here
		}
		if math.Abs(num-grad[i]) > 1e-6*(1+math.Abs(num)) {
			t.Errorf("%s[%d]: analytic %.10g, finite difference %.10g", what, i, grad[i], num)
		}
	}
}

func TestGradientsFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for a := Activation(0); a < numActivations; a++ {
		for _, out := range []Activation{Identity, a} {
			for li, loss := range []Loss{MSE{}, WeightedMSE{Weights: []float64{1, 2, 0.5, 3}}} {
				name := fmt.Sprintf("%v-%v-loss%d", a, out, li)
				t.Run(name, func(t *testing.T) {
					m, err := New(NewSpec([]int{3, 6, 5, 4}, a, out), rng)
					if err != nil {
						t.Fatal(err)
					}
					n := 7
					x := randSlice(rng, n*3, 1)
					y := randSlice(rng, n*4, 1)
					b := m.NewBatch(n)
					pred := b.Forward(x)
					dOut := make([]float64, len(pred))
					loss.Eval(pred, y, dOut)
					grad := make([]float64, m.NumParams())
					dx := make([]float64, len(x))
					b.Backward(x, dOut, grad, dx)
					f := func() float64 { return batchLoss(m, x, y, loss) }
					fdCheck(t, "param gradient", m.Params(), grad, f)
					fdCheck(t, "input gradient", x, dx, f)
				})
			}
		}
	}
}

func TestLossGradientsFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pred := randSlice(rng, 12, 1)
	target := randSlice(rng, 12, 1)
	for _, loss := range []Loss{MSE{}, WeightedMSE{Weights: []float64{0.5, 1, 2, 4}}} {
		grad := make([]float64, len(pred))
		l := loss.Eval(pred, target, grad)
		if l2 := loss.Eval(pred, target, nil); l2 != l {
			t.Errorf("%T: loss %v with gradient, %v without", loss, l, l2)
		}
		fdCheck(t, fmt.Sprintf("%T", loss), pred, grad, func() float64 { return loss.Eval(pred, target, nil) })
	}
	// Weighted MSE with unit weights is MSE.
	w := WeightedMSE{Weights: []float64{1, 1, 1, 1}}
	if a, b := w.Eval(pred, target, nil), (MSE{}).Eval(pred, target, nil); math.Abs(a-b) > 1e-15 {
		t.Errorf("unit-weight WeightedMSE %v, MSE %v", a, b)
	}
}

func TestJacobianFiniteDifferences(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	m, err := New(NewSpec([]int{4, 9, 3}, Tanh, Softplus), rng)
	if err != nil {
		t.Fatal(err)
	}
	g := m.NewInputGrad(nil)
	x := randSlice(rng, 4, 1)
	jac := make([]float64, 12)
	g.Jacobian(x, jac)
	const h = 1e-6
	for i := range x {
		old := x[i]
		x[i] = old + h
		yp := append([]float64(nil), g.Forward(x)...)
		x[i] = old - h
		ym := g.Forward(x)
		x[i] = old
		for j := range 3 {
			num := (yp[j] - ym[j]) / (2 * h)
			if math.Abs(num-jac[j*4+i]) > 1e-7 {
				t.Errorf("jacobian[%d,%d] = %v, finite difference %v", j, i, jac[j*4+i], num)
			}
		}
	}
}

func TestInputGradZeroAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	m, _ := New(NewSpec([]int{14, 80, 81}, ReLU, ReLU), rng)
	g := m.NewInputGrad(WeightedMSE{Weights: randSlice(rng, 81, 1)})
	x, y, dx := randSlice(rng, 14, 1), randSlice(rng, 81, 1), make([]float64, 14)
	adam, _ := NewAdam(14, AdamConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true})
	lo, hi := randSlice(rng, 14, 0), randSlice(rng, 14, 0)
	for i := range lo {
		lo[i], hi[i] = x[i]-0.5, x[i]+0.5
	}
	allocs := testing.AllocsPerRun(100, func() {
		g.LossGrad(x, y, dx)
		adam.Step(x, dx)
		Project(x, lo, hi)
	})
	if allocs != 0 {
		t.Errorf("an input-optimisation step allocates %v times", allocs)
	}
}

func TestInputGradRefresh(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	m, _ := New(NewSpec([]int{3, 5, 2}, Tanh, Identity), rng)
	g := m.NewInputGrad(nil)
	x := randSlice(rng, 3, 1)
	before := append([]float64(nil), g.Forward(x)...)
	m.Params()[0] += 1
	if got := g.Forward(x); got[0] != before[0] || got[1] != before[1] {
		t.Errorf("InputGrad saw a weight change before Refresh")
	}
	g.Refresh()
	want, _ := m.Predict(x)
	if got := g.Forward(x); got[0] != want[0] || got[1] != want[1] {
		t.Errorf("after Refresh: %v, model gives %v", got, want)
	}
}
