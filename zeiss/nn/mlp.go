package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Spec is the architecture of an MLP: Sizes[0] inputs, Sizes[len-1] outputs,
// and one activation per linear layer (len(Activations) == len(Sizes)−1; the
// last one is the output activation, Identity for none).
type Spec struct {
	// Sizes are the widths of the layers, input first.
	Sizes []int `json:"sizes"`
	// Activations follow each linear layer.
	Activations []Activation `json:"activations"`
}

// NewSpec returns the spec of an MLP with the given layer sizes, hidden
// activation on every hidden layer and output activation on the last.
// The original coating models were NewSpec([]int{14, 80, 81}, ReLU, ReLU).
func NewSpec(sizes []int, hidden, output Activation) Spec {
	acts := make([]Activation, max(len(sizes)-1, 0))
	for i := range acts {
		acts[i] = hidden
	}
	if len(acts) > 0 {
		acts[len(acts)-1] = output
	}
	return Spec{Sizes: append([]int(nil), sizes...), Activations: acts}
}

// Validate reports whether the spec describes a usable network.
func (s Spec) Validate() error {
	if len(s.Sizes) < 2 {
		return fmt.Errorf("nn: spec needs at least 2 layer sizes, got %v", s.Sizes)
	}
	for i, n := range s.Sizes {
		if n <= 0 {
			return fmt.Errorf("nn: layer size %d is %d, must be positive", i, n)
		}
	}
	if len(s.Activations) != len(s.Sizes)-1 {
		return fmt.Errorf("nn: spec with sizes %v needs %d activations, got %d", s.Sizes, len(s.Sizes)-1, len(s.Activations))
	}
	for i, a := range s.Activations {
		if a < 0 || a >= numActivations {
			return fmt.Errorf("nn: layer %d has invalid activation %d", i, int(a))
		}
	}
	return nil
}

// NumParams returns the number of weights and biases of the spec.
func (s Spec) NumParams() int {
	n := 0
	for l := 0; l+1 < len(s.Sizes); l++ {
		n += s.Sizes[l+1] * (s.Sizes[l] + 1)
	}
	return n
}

// Equal reports whether two specs describe the same architecture.
func (s Spec) Equal(t Spec) bool {
	if len(s.Sizes) != len(t.Sizes) || len(s.Activations) != len(t.Activations) {
		return false
	}
	for i := range s.Sizes {
		if s.Sizes[i] != t.Sizes[i] {
			return false
		}
	}
	for i := range s.Activations {
		if s.Activations[i] != t.Activations[i] {
			return false
		}
	}
	return true
}

// String formats the spec as e.g. "14-80-81 relu,relu".
func (s Spec) String() string {
	out := ""
	for i, n := range s.Sizes {
		if i > 0 {
			out += "-"
		}
		out += fmt.Sprint(n)
	}
	out += " "
	for i, a := range s.Activations {
		if i > 0 {
			out += ","
		}
		out += a.String()
	}
	return out
}

// Layer is a view of one linear layer of an MLP: y = f(W·x + b).
// W and B alias the parameters of the MLP.
type Layer struct {
	// In and Out are the input and output widths.
	In, Out int
	// W is the Out×In weight matrix, row-major (PyTorch's nn.Linear.weight).
	W []float64
	// B is the bias of length Out.
	B []float64
	// Act is applied to W·x + b.
	Act Activation
	// Offset is the index of W[0] in the MLP's parameter slice.
	Offset int
}

// NumParams returns Out·(In+1).
func (l *Layer) NumParams() int { return l.Out * (l.In + 1) }

// MLP is a multilayer perceptron. All weights and biases live in one slice
// (Params), layer by layer: the weight matrix (Out×In, row-major), then the
// bias; this is the order of PyTorch's model.parameters() for a Sequential of
// Linear layers.
type MLP struct {
	spec   Spec
	params []float64
	layers []Layer
}

// New returns an MLP of the given spec with PyTorch's default initialisation
// of nn.Linear drawn from rng: weights and biases uniform on ±1/√fan_in (which
// is Kaiming-uniform with a=√5 for the weights).
func New(spec Spec, rng *rand.Rand) (*MLP, error) {
	m, err := NewZero(spec)
	if err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, errors.New("nn: New needs a seeded random source")
	}
	m.Init(rng)
	return m, nil
}

// NewZero returns an MLP of the given spec with all parameters zero.
func NewZero(spec Spec) (*MLP, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	spec = Spec{Sizes: append([]int(nil), spec.Sizes...), Activations: append([]Activation(nil), spec.Activations...)}
	m := &MLP{spec: spec, params: make([]float64, spec.NumParams())}
	m.bind()
	return m, nil
}

// bind builds the layer views into m.params.
func (m *MLP) bind() {
	m.layers = make([]Layer, len(m.spec.Sizes)-1)
	off := 0
	for l := range m.layers {
		in, out := m.spec.Sizes[l], m.spec.Sizes[l+1]
		m.layers[l] = Layer{
			In: in, Out: out, Act: m.spec.Activations[l], Offset: off,
			W: m.params[off : off+out*in : off+out*in],
			B: m.params[off+out*in : off+out*in+out : off+out*in+out],
		}
		off += out * (in + 1)
	}
}

// Init re-initialises every parameter as New does.
func (m *MLP) Init(rng *rand.Rand) {
	for _, l := range m.layers {
		bound := 1 / math.Sqrt(float64(l.In))
		for i := range l.W {
			l.W[i] = bound * (2*rng.Float64() - 1)
		}
		for i := range l.B {
			l.B[i] = bound * (2*rng.Float64() - 1)
		}
	}
}

// Spec returns a copy of the architecture.
func (m *MLP) Spec() Spec {
	return Spec{Sizes: append([]int(nil), m.spec.Sizes...), Activations: append([]Activation(nil), m.spec.Activations...)}
}

// In returns the input dimension.
func (m *MLP) In() int { return m.spec.Sizes[0] }

// Out returns the output dimension.
func (m *MLP) Out() int { return m.spec.Sizes[len(m.spec.Sizes)-1] }

// Params returns the parameter slice itself (not a copy): changing it changes
// the model.
func (m *MLP) Params() []float64 { return m.params }

// NumParams returns len(Params()).
func (m *MLP) NumParams() int { return len(m.params) }

// Layers returns views of the layers; their W and B alias Params().
func (m *MLP) Layers() []Layer { return m.layers }

// SetParams copies p into the parameters.
func (m *MLP) SetParams(p []float64) error {
	if len(p) != len(m.params) {
		return fmt.Errorf("nn: SetParams: got %d values, model %v has %d parameters", len(p), m.spec, len(m.params))
	}
	copy(m.params, p)
	return nil
}

// Clone returns a deep copy of the model.
func (m *MLP) Clone() *MLP {
	c := &MLP{spec: m.Spec(), params: append([]float64(nil), m.params...)}
	c.bind()
	return c
}

// maxWidth returns the widest layer size.
func (m *MLP) maxWidth() int {
	w := 0
	for _, n := range m.spec.Sizes {
		w = max(w, n)
	}
	return w
}

// Predict returns the outputs for n = len(x)/In() input rows (row-major).
// It allocates its workspace; use a Batch or InputGrad in loops.
func (m *MLP) Predict(x []float64) ([]float64, error) {
	if len(x) == 0 || len(x)%m.In() != 0 {
		return nil, fmt.Errorf("nn: Predict: input length %d is not a positive multiple of %d inputs", len(x), m.In())
	}
	n := len(x) / m.In()
	b := m.NewBatch(n)
	out := b.Forward(x)
	return append([]float64(nil), out...), nil
}
