package nn

import (
	"fmt"
	"math"
)

// Activation is an element-wise activation function applied after a linear layer.
type Activation int

// The activation functions. Their derivatives at a kink follow PyTorch: ReLU and
// LeakyReLU use the slope of the left piece at exactly zero.
const (
	Identity  Activation = iota // f(z) = z
	ReLU                        // f(z) = max(z, 0)
	LeakyReLU                   // f(z) = z for z > 0, 0.01·z otherwise
	Tanh                        // f(z) = tanh(z)
	Sigmoid                     // f(z) = 1/(1+exp(−z))
	Softplus                    // f(z) = log(1+exp(z))
	numActivations
)

// leakySlope is the negative slope of LeakyReLU (PyTorch's default).
const leakySlope = 0.01

var activationNames = [numActivations]string{"identity", "relu", "leaky_relu", "tanh", "sigmoid", "softplus"}

// String returns the name used in checkpoints, e.g. "relu".
func (a Activation) String() string {
	if a < 0 || a >= numActivations {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

// ParseActivation returns the activation with the given name ("identity",
// "relu", "leaky_relu", "tanh", "sigmoid", "softplus").
func ParseActivation(name string) (Activation, error) {
	for i, n := range activationNames {
		if n == name {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("nn: unknown activation %q (want one of %v)", name, activationNames)
}

// MarshalText encodes the activation by name.
func (a Activation) MarshalText() ([]byte, error) {
	if a < 0 || a >= numActivations {
		return nil, fmt.Errorf("nn: invalid activation %d", int(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText decodes an activation name.
func (a *Activation) UnmarshalText(b []byte) error {
	v, err := ParseActivation(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// needsInput reports whether the derivative is computed from the
// pre-activation z rather than from the output f(z).
func (a Activation) needsInput() bool {
	return a == LeakyReLU || a == Softplus
}

// apply writes f(z) into out (which may alias z).
func (a Activation) apply(z, out []float64) {
	out = out[:len(z)]
	switch a {
	case Identity:
		if &out[0] != &z[0] {
			copy(out, z)
		}
	case ReLU:
		// Branch-free (half the signs are random): clear values whose sign
		// bit is set, so −0 and negatives become +0.
		for i, v := range z {
			b := math.Float64bits(v)
			out[i] = math.Float64frombits(b &^ uint64(int64(b)>>63))
		}
	case LeakyReLU:
		for i, v := range z {
			if v > 0 {
				out[i] = v
			} else {
				out[i] = leakySlope * v
			}
		}
	case Tanh:
		for i, v := range z {
			out[i] = math.Tanh(v)
		}
	case Sigmoid:
		for i, v := range z {
			out[i] = sigmoid(v)
		}
	case Softplus:
		for i, v := range z {
			out[i] = softplus(v)
		}
	default:
		panic(fmt.Sprintf("nn: invalid activation %d", int(a)))
	}
}

// backprop writes into dst the gradient src (with respect to the
// activation's output) times f'(z), given the pre-activation z and output
// y = f(z). dst may alias src.
func (a Activation) backprop(z, y, src, dst []float64) {
	n := len(dst)
	z, y, src = z[:n], y[:n], src[:n]
	switch a {
	case Identity:
		copy(dst, src)
	case ReLU:
		reluMask(y, src, dst)
	case LeakyReLU:
		for i, v := range z {
			if v > 0 {
				dst[i] = src[i]
			} else {
				dst[i] = leakySlope * src[i]
			}
		}
	case Tanh:
		for i, v := range y {
			dst[i] = src[i] * (1 - float64(v*v))
		}
	case Sigmoid:
		for i, v := range y {
			dst[i] = src[i] * (v * (1 - v))
		}
	case Softplus:
		for i, v := range z {
			if v <= 20 {
				dst[i] = src[i] * sigmoid(v)
			} else {
				dst[i] = src[i]
			}
		}
	default:
		panic(fmt.Sprintf("nn: invalid activation %d", int(a)))
	}
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// softplus is log(1+exp(z)), computed without overflow; like PyTorch it
// returns z itself above a threshold of 20.
func softplus(z float64) float64 {
	if z > 20 {
		return z
	}
	return math.Log1p(math.Exp(z))
}

// reluMaskGo is the portable reluMask: dst = src where y > 0, else 0.
func reluMaskGo(y, src, dst []float64) {
	n := len(dst)
	y, src = y[:n], src[:n]
	for i, v := range y {
		// dst is src's bits where v > 0 (ordered: not for ±0 or NaN), +0
		// elsewhere, exactly as the vector kernels mask them. The mask is
		// a conditional move, not a branch (half the signs are random).
		m := uint64(0)
		if !(v > 0) {
			m = ^uint64(0)
		}
		dst[i] = math.Float64frombits(math.Float64bits(src[i]) &^ m)
	}
}
