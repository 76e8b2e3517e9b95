package nn

import "fmt"

// Batch is the workspace for forward and backward passes of an MLP over up to
// Cap() input rows. It holds every layer's pre-activations and outputs so that
// Backward can follow Forward without recomputation. A Batch is not safe for
// concurrent use; give each goroutine its own.
type Batch struct {
	m    *MLP
	cap  int
	rows int
	z, y [][]float64 // per layer: pre-activation and output, rows×Out
	d    [2][]float64
	wt   [][]float64 // per layer: Wᵀ (In×Out), refreshed by Forward unless frozen
	ones []float64   // n ones, for the bias gradients
	// frozen marks a workspace whose wt was computed once (see InputGrad).
	frozen bool
}

// NewBatch returns a workspace for batches of up to n rows.
func (m *MLP) NewBatch(n int) *Batch {
	if n <= 0 {
		panic(fmt.Sprintf("nn: NewBatch(%d): need at least one row", n))
	}
	b := &Batch{m: m, cap: n}
	for _, l := range m.layers {
		y := make([]float64, n*l.Out)
		z := y // activations whose derivative needs only y work in place
		if l.Act.needsInput() {
			z = make([]float64, n*l.Out)
		}
		b.z = append(b.z, z)
		b.y = append(b.y, y)
		b.wt = append(b.wt, make([]float64, l.In*l.Out))
	}
	w := m.maxWidth()
	b.d[0] = make([]float64, n*w)
	b.d[1] = make([]float64, n*w)
	b.ones = make([]float64, n)
	for i := range b.ones {
		b.ones[i] = 1
	}
	return b
}

// Cap returns the largest number of rows the workspace holds.
func (b *Batch) Cap() int { return b.cap }

// Rows returns the number of rows of the last Forward.
func (b *Batch) Rows() int { return b.rows }

// Model returns the MLP the workspace belongs to.
func (b *Batch) Model() *MLP { return b.m }

// Forward evaluates the model on the rows of x (row-major, len(x) a multiple
// of In(), at most Cap() rows) and returns the outputs, rows×Out(). The
// returned slice aliases the workspace and is overwritten by the next Forward.
func (b *Batch) Forward(x []float64) []float64 {
	in := b.m.In()
	if len(x)%in != 0 || len(x)/in > b.cap || len(x) == 0 {
		panic(fmt.Sprintf("nn: Forward: input length %d is not 1..%d rows of %d", len(x), b.cap, in))
	}
	n := len(x) / in
	b.rows = n
	a := x
	for li := range b.m.layers {
		l := &b.m.layers[li]
		z := b.z[li][:n*l.Out]
		y := b.y[li][:n*l.Out]
		if !b.frozen {
			transpose(l.W, l.Out, l.In, b.wt[li])
		}
		if l.Act == ReLU && &z[0] == &y[0] {
			linearForward(a, n, l.In, b.wt[li], l.B, l.Out, y, true) // fused
		} else {
			linearForward(a, n, l.In, b.wt[li], l.B, l.Out, z, false)
			l.Act.apply(z, y)
		}
		a = y
	}
	return a
}

// freeze computes the transposed weights once and stops Forward from
// refreshing them: the workspace then evaluates the model as it was.
func (b *Batch) freeze() {
	b.transposeWeights()
	b.frozen = true
}

// transposeWeights refreshes the transposed weights from the model.
func (b *Batch) transposeWeights() {
	for li, l := range b.m.layers {
		transpose(l.W, l.Out, l.In, b.wt[li])
	}
}

// shareWeights makes b use the transposed weights of src, which its owner
// refreshes; b no longer transposes them itself.
func (b *Batch) shareWeights(src *Batch) {
	b.wt = src.wt
	b.frozen = true
}

// Output returns the outputs of the last Forward (rows×Out()).
func (b *Batch) Output() []float64 {
	return b.y[len(b.y)-1][:b.rows*b.m.Out()]
}

// Backward back-propagates dOut, the gradient of a loss with respect to the
// outputs of the last Forward (rows×Out()), through the model. x must be the
// input of that Forward. If grad is non-nil (length NumParams()) it receives
// the gradient with respect to the parameters, laid out as Params(); if dx is
// non-nil (rows×In()) it receives the gradient with respect to the inputs.
// Both are overwritten, not accumulated. dOut is not modified.
func (b *Batch) Backward(x, dOut, grad, dx []float64) {
	n := b.rows
	L := len(b.m.layers)
	if len(x) != n*b.m.In() || len(dOut) != n*b.m.Out() {
		panic(fmt.Sprintf("nn: Backward: got %d inputs and %d output gradients for %d rows of %d→%d", len(x), len(dOut), n, b.m.In(), b.m.Out()))
	}
	if grad != nil && len(grad) != len(b.m.params) {
		panic(fmt.Sprintf("nn: Backward: gradient length %d, model has %d parameters", len(grad), len(b.m.params)))
	}
	if dx != nil && len(dx) != n*b.m.In() {
		panic(fmt.Sprintf("nn: Backward: input gradient length %d, want %d", len(dx), n*b.m.In()))
	}
	src := dOut
	for li := L - 1; li >= 0; li-- {
		l := &b.m.layers[li]
		cur := b.d[(L-1-li)%2][:n*l.Out]
		l.Act.backprop(b.z[li][:n*l.Out], b.y[li][:n*l.Out], src, cur)
		a := x
		if li > 0 {
			a = b.y[li-1][:n*l.In]
		}
		if grad != nil {
			gw := grad[l.Offset : l.Offset+l.Out*l.In]
			gb := grad[l.Offset+l.Out*l.In : l.Offset+l.Out*(l.In+1)]
			gradWeights(cur, a, n, l.In, l.Out, gw, gb, b.ones)
		}
		if li == 0 {
			if dx != nil {
				gradInputs(cur, l.W, n, l.In, l.Out, dx)
			}
			break
		}
		next := b.d[(L-li)%2][:n*l.In]
		gradInputs(cur, l.W, n, l.In, l.Out, next)
		src = next
	}
}
