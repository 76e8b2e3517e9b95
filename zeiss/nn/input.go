package nn

import (
	"errors"
	"fmt"
)

// InputGrad evaluates a frozen model on one input vector and differentiates a
// loss with respect to that input. All workspaces are allocated once, so
// LossGrad does not allocate. It works on the model's weights as they were
// when it was made (call Refresh after changing them). It is not safe for
// concurrent use; several InputGrads may share one model.
type InputGrad struct {
	b    *Batch
	loss Loss
	dOut []float64
}

// NewInputGrad returns the workspace for differentiating loss(model(x), target)
// with respect to a single input x. A nil loss means MSE. The model's
// parameters are read, never changed.
func (m *MLP) NewInputGrad(loss Loss) *InputGrad {
	if loss == nil {
		loss = MSE{}
	}
	g := &InputGrad{b: m.NewBatch(1), loss: loss, dOut: make([]float64, m.Out())}
	g.b.freeze()
	return g
}

// Refresh makes the workspace pick up changed model weights.
func (g *InputGrad) Refresh() { g.b.freeze() }

// Forward returns the model's output for x (aliasing the workspace).
func (g *InputGrad) Forward(x []float64) []float64 { return g.b.Forward(x) }

// LossGrad returns loss(model(x), target) and writes its gradient with respect
// to x into dx (length In()).
func (g *InputGrad) LossGrad(x, target, dx []float64) float64 {
	out := g.b.Forward(x)
	l := g.loss.Eval(out, target, g.dOut)
	g.b.Backward(x, g.dOut, nil, dx)
	return l
}

// Jacobian writes ∂model(x)_j/∂x_i into jac[j·In()+i] (Out()×In(), row-major)
// and returns the model's output (aliasing the workspace). It costs one
// forward and Out() backward passes.
func (g *InputGrad) Jacobian(x, jac []float64) []float64 {
	m := g.b.m
	in, out := m.In(), m.Out()
	if len(jac) != in*out {
		panic(fmt.Sprintf("nn: Jacobian: length %d, want %d×%d", len(jac), out, in))
	}
	y := g.b.Forward(x)
	for j := 0; j < out; j++ {
		clear(g.dOut)
		g.dOut[j] = 1
		g.b.Backward(x, g.dOut, nil, jac[j*in:(j+1)*in])
	}
	return y
}

// Project clips x into the box [lo, hi] element-wise; a nil bound is absent.
func Project(x, lo, hi []float64) {
	if lo != nil {
		lo = lo[:len(x)]
		for i, v := range x {
			if v < lo[i] {
				x[i] = lo[i]
			}
		}
	}
	if hi != nil {
		hi = hi[:len(x)]
		for i, v := range x {
			if v > hi[i] {
				x[i] = hi[i]
			}
		}
	}
}

// InputOptimizer minimises loss(model(x), target) over the input x of a frozen
// model with projected Adam: one persistent Adam state, each step followed by
// clipping x into the box [Lo, Hi]. It returns the iterate of least loss, so
// no replay is needed.
type InputOptimizer struct {
	// Model is the frozen model; it is not changed.
	Model *MLP
	// Loss defaults to MSE.
	Loss Loss
	// Adam configures the optimiser (weight decay pulls x toward zero).
	Adam AdamConfig
	// Lo and Hi bound each input (length In()); nil means unbounded.
	Lo, Hi []float64
}

// InputResult is the outcome of InputOptimizer.Run.
type InputResult struct {
	// X is the iterate of least loss and Loss its loss.
	X    []float64
	Loss float64
	// Best is the index of that iterate: 0 is the (projected) start, k the
	// iterate after k steps.
	Best int
	// Losses[k] is the loss of iterate k, k = 0…steps.
	Losses []float64
	// Last is the final iterate (after all steps).
	Last []float64
}

// Run takes steps Adam steps from x0 toward target and returns the best
// iterate. x0 is not modified; it is projected into the box first.
func (o *InputOptimizer) Run(x0, target []float64, steps int) (InputResult, error) {
	if o.Model == nil {
		return InputResult{}, errors.New("nn: InputOptimizer has no model")
	}
	in, out := o.Model.In(), o.Model.Out()
	if len(x0) != in {
		return InputResult{}, fmt.Errorf("nn: InputOptimizer: start has %d values, model takes %d", len(x0), in)
	}
	if len(target) != out {
		return InputResult{}, fmt.Errorf("nn: InputOptimizer: target has %d values, model gives %d", len(target), out)
	}
	if (o.Lo != nil && len(o.Lo) != in) || (o.Hi != nil && len(o.Hi) != in) {
		return InputResult{}, fmt.Errorf("nn: InputOptimizer: bounds have %d and %d values, want %d", len(o.Lo), len(o.Hi), in)
	}
	for i := range in {
		if o.Lo != nil && o.Hi != nil && !(o.Lo[i] <= o.Hi[i]) {
			return InputResult{}, fmt.Errorf("nn: InputOptimizer: input %d has empty box [%v, %v]", i, o.Lo[i], o.Hi[i])
		}
	}
	if steps < 0 {
		return InputResult{}, fmt.Errorf("nn: InputOptimizer: negative step count %d", steps)
	}
	adam, err := NewAdam(in, o.Adam)
	if err != nil {
		return InputResult{}, err
	}
	g := o.Model.NewInputGrad(o.Loss)
	x := append([]float64(nil), x0...)
	Project(x, o.Lo, o.Hi)
	dx := make([]float64, in)
	res := InputResult{X: make([]float64, in), Losses: make([]float64, steps+1)}
	for k := 0; ; k++ {
		l := g.LossGrad(x, target, dx)
		res.Losses[k] = l
		if k == 0 || l < res.Loss {
			res.Loss, res.Best = l, k
			copy(res.X, x)
		}
		if k == steps {
			break
		}
		adam.Step(x, dx)
		Project(x, o.Lo, o.Hi)
	}
	res.Last = x
	return res, nil
}
