package nn

import (
	"fmt"
	"math"
)

// AdamConfig holds the hyper-parameters of Adam (PyTorch's torch.optim.Adam and
// AdamW).
type AdamConfig struct {
	// LR is the learning rate.
	LR float64 `json:"lr"`
	// Beta1 and Beta2 are the decay rates of the first and second moments.
	Beta1 float64 `json:"beta1"`
	Beta2 float64 `json:"beta2"`
	// Eps is added to the denominator for numerical stability.
	Eps float64 `json:"eps"`
	// WeightDecay is L2 regularisation added to the gradient (Adam), or the
	// decoupled decay rate when Decoupled is set (AdamW).
	WeightDecay float64 `json:"weight_decay"`
	// AMSGrad divides by the running maximum of the second moment.
	AMSGrad bool `json:"amsgrad"`
	// Decoupled selects AdamW: parameters shrink by LR·WeightDecay before the
	// Adam step, and the gradient is left alone.
	Decoupled bool `json:"decoupled,omitempty"`
}

// DefaultAdam returns PyTorch's defaults: lr 1e-3, betas (0.9, 0.999),
// eps 1e-8, no weight decay, no amsgrad.
func DefaultAdam() AdamConfig {
	return AdamConfig{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// Validate checks the hyper-parameters.
func (c AdamConfig) Validate() error {
	switch {
	case !(c.LR >= 0) || math.IsInf(c.LR, 0):
		return fmt.Errorf("nn: Adam: invalid learning rate %v", c.LR)
	case !(c.Beta1 >= 0 && c.Beta1 < 1):
		return fmt.Errorf("nn: Adam: invalid beta1 %v (want 0 ≤ beta1 < 1)", c.Beta1)
	case !(c.Beta2 >= 0 && c.Beta2 < 1):
		return fmt.Errorf("nn: Adam: invalid beta2 %v (want 0 ≤ beta2 < 1)", c.Beta2)
	case !(c.Eps >= 0):
		return fmt.Errorf("nn: Adam: invalid eps %v", c.Eps)
	case !(c.WeightDecay >= 0):
		return fmt.Errorf("nn: Adam: invalid weight decay %v", c.WeightDecay)
	}
	return nil
}

// Adam is the Adam optimiser with persistent state (first and second moments,
// the running maximum for AMSGrad, and the step count) over a fixed number of
// parameters. It follows PyTorch's single-tensor Adam/AdamW update exactly.
type Adam struct {
	// Config holds the hyper-parameters; LR may be changed between steps.
	Config  AdamConfig
	t       int
	m, v, w []float64 // first moment, second moment, max second moment (AMSGrad)
}

// NewAdam returns an optimiser for n parameters.
func NewAdam(n int, cfg AdamConfig) (*Adam, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &Adam{Config: cfg, m: make([]float64, n), v: make([]float64, n)}
	if cfg.AMSGrad {
		a.w = make([]float64, n)
	}
	return a, nil
}

// Len returns the number of parameters the optimiser was made for.
func (a *Adam) Len() int { return len(a.m) }

// Steps returns the number of steps taken since creation or Reset.
func (a *Adam) Steps() int { return a.t }

// Reset clears the state, as if the optimiser were new.
func (a *Adam) Reset() {
	a.t = 0
	clear(a.m)
	clear(a.v)
	clear(a.w)
}

// adamConsts are the per-step constants of the update, in the order the
// assembly kernel reads them.
type adamConsts struct {
	beta1, oneMinusBeta1, beta2, oneMinusBeta2 float64
	weightDecay                                float64 // L2 term added to the gradient
	decay                                      float64 // AdamW shrink factor (1 for Adam)
	stepSize, bc2sqrt, eps                     float64
}

// Step updates params in place from grads. grads is not modified (weight decay
// is applied on the fly). It does not allocate.
func (a *Adam) Step(params, grads []float64) {
	if len(params) != len(a.m) || len(grads) != len(a.m) {
		panic(fmt.Sprintf("nn: Adam.Step: %d params and %d grads for an optimiser of %d", len(params), len(grads), len(a.m)))
	}
	c := &a.Config
	a.t++
	k := adamConsts{
		beta1: c.Beta1, oneMinusBeta1: 1 - c.Beta1, beta2: c.Beta2, oneMinusBeta2: 1 - c.Beta2,
		weightDecay: c.WeightDecay, decay: 1,
		stepSize: c.LR / (1 - math.Pow(c.Beta1, float64(a.t))),
		bc2sqrt:  math.Sqrt(1 - math.Pow(c.Beta2, float64(a.t))),
		eps:      c.Eps,
	}
	if c.Decoupled {
		k.decay = 1 - float64(c.LR*c.WeightDecay)
		k.weightDecay = 0
	}
	adamUpdate(params, grads, a.m, a.v, a.w, &k)
}

// adamGo is the portable Adam update, PyTorch's single-tensor algorithm:
//
//	p ← p·decay;  g ← g + wd·p
//	m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  (AMSGrad) v̂ ← max(v̂, v)
//	p ← p − stepSize·m/(√v̂/√(1−β₂ᵗ) + ε),  stepSize = lr/(1−β₁ᵗ)
func adamGo(p, g, m, v, w []float64, c *adamConsts) {
	n := len(p)
	g, m, v = g[:n], m[:n], v[:n]
	if w != nil {
		w = w[:n]
	}
	// Every product is rounded on its own (the float64 conversions stop the
	// compiler from fusing it with the addition that follows, as it may on
	// some architectures), so the arithmetic is the same on every machine
	// and matches the vector kernel's operation for operation.
	for i, pi := range p {
		pi = float64(pi * c.decay)
		gi := g[i] + float64(c.weightDecay*pi)
		mi := float64(m[i]*c.beta1) + float64(c.oneMinusBeta1*gi)
		vi := float64(v[i]*c.beta2) + float64(float64(c.oneMinusBeta2*gi)*gi)
		m[i], v[i] = mi, vi
		if w != nil {
			if !(w[i] > vi) { // the maximum; NaN in v propagates as in torch.maximum
				w[i] = vi
			}
			vi = w[i]
		}
		denom := math.Sqrt(vi)/c.bc2sqrt + c.eps
		p[i] = pi - float64(c.stepSize*(mi/denom))
	}
}
