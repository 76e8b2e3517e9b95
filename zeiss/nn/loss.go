package nn

import "fmt"

// Loss is a differentiable loss of predictions against targets, both n×k
// row-major.
type Loss interface {
	// Eval returns the loss and, if grad is non-nil, writes its gradient with
	// respect to pred into grad (same length as pred).
	Eval(pred, target, grad []float64) float64
}

// MSE is the mean squared error over all elements (PyTorch's nn.MSELoss with
// reduction "mean").
type MSE struct{}

// Eval implements Loss.
func (MSE) Eval(pred, target, grad []float64) float64 {
	if len(pred) != len(target) || (grad != nil && len(grad) != len(pred)) {
		panic(fmt.Sprintf("nn: MSE: lengths pred %d, target %d, grad %d", len(pred), len(target), len(grad)))
	}
	n := float64(len(pred))
	if grad == nil {
		return sumSquaredDiff(pred, target) / n
	}
	target, grad = target[:len(pred)], grad[:len(pred)]
	c := 2 / n
	// Two partial sums, so the additions pipeline. The float64 conversions
	// keep each square rounded on its own on every machine (no fused
	// multiply-add; see the package documentation), here and below.
	var s0, s1 float64
	i := 0
	for ; i+2 <= len(pred); i += 2 {
		d0, d1 := pred[i]-target[i], pred[i+1]-target[i+1]
		s0 += float64(d0 * d0)
		s1 += float64(d1 * d1)
		grad[i], grad[i+1] = c*d0, c*d1
	}
	if i < len(pred) {
		d := pred[i] - target[i]
		s0 += float64(d * d)
		grad[i] = c * d
	}
	return (s0 + s1) / n
}

// sumSquaredDiff returns Σ(p−t)² with four partial sums, so the additions
// pipeline.
func sumSquaredDiff(p, t []float64) float64 {
	t = t[:len(p)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(p); i += 4 {
		d0, d1, d2, d3 := p[i]-t[i], p[i+1]-t[i+1], p[i+2]-t[i+2], p[i+3]-t[i+3]
		s0 += float64(d0 * d0)
		s1 += float64(d1 * d1)
		s2 += float64(d2 * d2)
		s3 += float64(d3 * d3)
	}
	for ; i < len(p); i++ {
		d := p[i] - t[i]
		s0 += float64(d * d)
	}
	return (s0 + s1) + (s2 + s3)
}

// WeightedMSE is the mean over all elements of w_j·(pred−target)², with one
// weight per output column j (e.g. per wavelength): len(Weights) is the
// number of columns k, and pred has n·k elements.
type WeightedMSE struct {
	// Weights holds one weight per output column.
	Weights []float64
}

// Eval implements Loss.
func (l WeightedMSE) Eval(pred, target, grad []float64) float64 {
	k := len(l.Weights)
	if k == 0 || len(pred)%k != 0 || len(pred) != len(target) || (grad != nil && len(grad) != len(pred)) {
		panic(fmt.Sprintf("nn: WeightedMSE: %d weights, lengths pred %d, target %d, grad %d", k, len(pred), len(target), len(grad)))
	}
	n := float64(len(pred))
	s := 0.0
	for r := 0; r < len(pred); r += k {
		p := pred[r : r+k]
		t := target[r : r+k]
		for j, w := range l.Weights {
			d := p[j] - t[j]
			s += float64(w * d * d)
			if grad != nil {
				grad[r+j] = 2 * w * d / n
			}
		}
	}
	return s / n
}

// String returns "mse".
func (MSE) String() string { return "mse" }

// String returns "weighted_mse".
func (WeightedMSE) String() string { return "weighted_mse" }
