package nn

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The fixtures in testdata were written by testdata/gen_fixtures.py with
// PyTorch in float64; the Go engine must reproduce them to 1e-9 relative.

const parityTol = 1e-9

// closeRel reports whether a and b agree to tol relative (with an absolute
// floor of 1e-15 for values at zero).
func closeRel(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))+1e-15
}

func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range got {
		if !closeRel(got[i], want[i], tol) {
			if bad < 5 {
				t.Errorf("%s[%d] = %.17g, want %.17g (rel %.2g)", what, i, got[i], want[i], math.Abs(got[i]-want[i])/math.Abs(want[i]))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d values differ", what, bad, len(got))
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

type trainFixture struct {
	Sizes       []int                `json:"sizes"`
	Activations []Activation         `json:"activations"`
	Optimizer   string               `json:"optimizer"`
	Options     map[string]any       `json:"options"`
	Weights     []float64            `json:"weights"`
	X           []float64            `json:"x"`
	Y           []float64            `json:"y"`
	Params0     []float64            `json:"params0"`
	Grad0       []float64            `json:"grad0"`
	Losses      []float64            `json:"losses"`
	Params      map[string][]float64 `json:"params"`
}

func (f *trainFixture) adam() AdamConfig {
	betas := f.Options["betas"].([]any)
	return AdamConfig{
		LR:          f.Options["lr"].(float64),
		Beta1:       betas[0].(float64),
		Beta2:       betas[1].(float64),
		Eps:         f.Options["eps"].(float64),
		WeightDecay: f.Options["weight_decay"].(float64),
		AMSGrad:     f.Options["amsgrad"].(bool),
		Decoupled:   f.Optimizer == "AdamW",
	}
}

func TestTorchParityTraining(t *testing.T) {
	for _, name := range []string{"adam_amsgrad_relu.json", "adamw_tanh_weighted.json", "adam_leaky_softplus.json"} {
		t.Run(name, func(t *testing.T) {
			var f trainFixture
			readJSON(t, name, &f)
			m, err := NewZero(Spec{Sizes: f.Sizes, Activations: f.Activations})
			if err != nil {
				t.Fatal(err)
			}
			if err := m.SetParams(f.Params0); err != nil {
				t.Fatal(err)
			}
			var loss Loss = MSE{}
			if f.Weights != nil {
				loss = WeightedMSE{Weights: f.Weights}
			}
			// The gradient of the first step.
			b := m.NewBatch(len(f.X) / m.In())
			pred := b.Forward(f.X)
			dOut := make([]float64, len(pred))
			loss.Eval(pred, f.Y, dOut)
			grad := make([]float64, m.NumParams())
			b.Backward(f.X, dOut, grad, nil)
			assertClose(t, "grad0", grad, f.Grad0, parityTol)

			tr, err := NewTrainer(m, f.X, f.Y, TrainConfig{Epochs: 1, Adam: f.adam(), Loss: loss})
			if err != nil {
				t.Fatal(err)
			}
			for s := 1; s <= len(f.Losses); s++ {
				l := tr.Epoch()
				if !closeRel(l, f.Losses[s-1], parityTol) {
					t.Errorf("step %d: loss %.17g, torch %.17g", s, l, f.Losses[s-1])
				}
				if want, ok := f.Params[fmt.Sprint(s)]; ok {
					assertClose(t, fmt.Sprintf("params after step %d", s), m.Params(), want, parityTol)
				}
			}
		})
	}
}

type inputFixture struct {
	Sizes       []int        `json:"sizes"`
	Activations []Activation `json:"activations"`
	Params      []float64    `json:"params"`
	Target      []float64    `json:"target"`
	Weights     []float64    `json:"weights"`
	Cases       []struct {
		X     []float64 `json:"x"`
		Loss  float64   `json:"loss"`
		Grad  []float64 `json:"grad"`
		WLoss float64   `json:"wloss"`
		WGrad []float64 `json:"wgrad"`
	} `json:"cases"`
	Jacobian  []float64 `json:"jacobian"`
	InputAdam []struct {
		Loss float64   `json:"loss"`
		X    []float64 `json:"x"`
	} `json:"input_adam"`
}

func TestTorchParityInputGradients(t *testing.T) {
	var f inputFixture
	readJSON(t, "input_grad_relu.json", &f)
	m, err := NewZero(Spec{Sizes: f.Sizes, Activations: f.Activations})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetParams(f.Params); err != nil {
		t.Fatal(err)
	}
	before := append([]float64(nil), m.Params()...)
	g := m.NewInputGrad(MSE{})
	wg := m.NewInputGrad(WeightedMSE{Weights: f.Weights})
	dx := make([]float64, m.In())
	for i, c := range f.Cases {
		l := g.LossGrad(c.X, f.Target, dx)
		if !closeRel(l, c.Loss, parityTol) {
			t.Errorf("case %d: loss %.17g, torch %.17g", i, l, c.Loss)
		}
		assertClose(t, fmt.Sprintf("case %d input gradient", i), dx, c.Grad, parityTol)
		l = wg.LossGrad(c.X, f.Target, dx)
		if !closeRel(l, c.WLoss, parityTol) {
			t.Errorf("case %d: weighted loss %.17g, torch %.17g", i, l, c.WLoss)
		}
		assertClose(t, fmt.Sprintf("case %d weighted input gradient", i), dx, c.WGrad, parityTol)
	}
	jac := make([]float64, m.In()*m.Out())
	g.Jacobian(f.Cases[0].X, jac)
	assertClose(t, "jacobian", jac, f.Jacobian, parityTol)

	opt := InputOptimizer{Model: m, Adam: AdamConfig{LR: 1e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true, WeightDecay: 1e-5}}
	res, err := opt.Run(f.Cases[1].X, f.Target, len(f.InputAdam))
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range f.InputAdam {
		if !closeRel(res.Losses[k], s.Loss, parityTol) {
			t.Errorf("input step %d: loss %.17g, torch %.17g", k+1, res.Losses[k], s.Loss)
		}
	}
	assertClose(t, "input after 20 Adam steps", res.Last, f.InputAdam[len(f.InputAdam)-1].X, parityTol)
	for i, v := range m.Params() {
		if v != before[i] {
			t.Fatalf("input optimisation changed parameter %d of the frozen model", i)
		}
	}
}
