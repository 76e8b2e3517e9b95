package nn

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand/v2"
	"testing"
)

// The kernel sets must agree bit for bit: a model trained, or an input
// optimised, on one CPU is the same on any other. These tests run every
// kernel set this CPU has on the same inputs and compare the bits.

// withKernels runs f with gemm, Adam and the ReLU derivative forced onto
// kernel set ks.
func withKernels(ks int, f func()) {
	saved := kernels
	kernels = ks
	defer func() { kernels = saved }()
	f()
}

// sameBits reports the first index where got and want differ in their bits,
// or −1.
func sameBits(got, want []float64) int {
	if len(got) != len(want) {
		return 0
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			return i
		}
	}
	return -1
}

// wideSlice returns n values spread over many orders of magnitude and both
// signs, a third of them zero, so that any change in the order or rounding
// of the operations shows in the last bits.
func wideSlice(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		switch rng.IntN(6) {
		case 0, 1:
			// zero
		case 2:
			v[i] = math.Ldexp(rng.NormFloat64(), rng.IntN(40)-20)
		default:
			v[i] = rng.NormFloat64()
		}
	}
	return v
}

// canonicalGemm is the definition of gemm's arithmetic, one element at a
// time: +0, then fused multiply-adds over p in order, then + C, + bias, ReLU.
func canonicalGemm(m, n, k int, a []float64, rsa, csa int, b []float64, ldb int, c []float64, ldc int, ep epilogue) {
	for i := range m {
		for j := range n {
			s := 0.0
			for p := range k {
				s = math.FMA(a[i*rsa+p*csa], b[p*ldb+j], s)
			}
			if ep.add {
				s += c[i*ldc+j]
			}
			if ep.bias != nil {
				s += ep.bias[j]
			}
			if ep.relu && !(s > 0) && s == s {
				s = 0
			}
			c[i*ldc+j] = s
		}
	}
}

// TestGemmKernelsBitIdentical compares every kernel set with the canonical
// arithmetic on random shapes (edge tails of rows and columns, k = 0),
// strides (A plain and transposed, padded leading dimensions) and epilogues.
func TestGemmKernelsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	shapes := [][3]int{{1, 1, 1}, {1, 1, 0}, {3, 17, 0}, {8, 16, 80}, {9, 17, 33}, {600, 81, 80}, {50, 14, 200}, {50, 200, 10}, {200, 10, 50}, {1, 81, 80}, {1, 14, 80}, {7, 7, 7}, {12, 24, 3}, {15, 9, 1}}
	for range 120 {
		shapes = append(shapes, [3]int{1 + rng.IntN(21), 1 + rng.IntN(37), rng.IntN(45)})
	}
	for si, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		trans := si%2 == 1
		lda, ldb, ldc := k+rng.IntN(3), n+rng.IntN(3), n+rng.IntN(3)
		a := wideSlice(rng, max(m*lda, k*m, 1))
		rsa, csa := lda, 1
		if trans { // A stored k×m
			rsa, csa = 1, m
		}
		b := wideSlice(rng, max(k*ldb, 1))
		c0 := wideSlice(rng, max(m*ldc, 1))
		bias := wideSlice(rng, n)
		for e := range 8 {
			ep := epilogue{add: e&1 != 0, relu: e&2 != 0}
			if e&4 != 0 {
				ep.bias = bias
			}
			want := append([]float64(nil), c0...)
			canonicalGemm(m, n, k, a, rsa, csa, b, ldb, want, ldc, ep)
			for _, ks := range availableKernels() {
				got := append([]float64(nil), c0...)
				withKernels(ks, func() { gemm(m, n, k, a, rsa, csa, b, ldb, got, ldc, ep) })
				if i := sameBits(got, want); i >= 0 {
					t.Fatalf("kernels %d, %d×%d×%d (A transposed %v), epilogue %+v: c[%d] = %v (%#x), canonical %v (%#x)",
						ks, m, n, k, trans, ep, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
				}
			}
		}
	}
}

// TestLayerKernelsBitIdentical checks the fused dense-layer kernels (forward
// with bias and ReLU, weight and bias gradients, input gradients, the ReLU
// derivative) across kernel sets, with signed zeros and NaN in the ReLU
// derivative's input.
func TestLayerKernelsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(73, 74))
	for range 40 {
		n, in, out := 1+rng.IntN(70), 1+rng.IntN(30), 1+rng.IntN(90)
		x, w, bias := wideSlice(rng, n*in), wideSlice(rng, out*in), wideSlice(rng, out)
		dz := wideSlice(rng, n*out)
		y := wideSlice(rng, n*out)
		y[rng.IntN(len(y))] = math.Copysign(0, -1)
		y[rng.IntN(len(y))] = math.NaN()
		ones := make([]float64, n)
		for i := range ones {
			ones[i] = 1
		}
		wt := make([]float64, in*out)
		transpose(w, out, in, wt)
		var ref []float64
		for _, ks := range availableKernels() {
			z, gw, gb := make([]float64, n*out), make([]float64, out*in), make([]float64, out)
			dx, mask := make([]float64, n*in), make([]float64, n*out)
			withKernels(ks, func() {
				linearForward(x, n, in, wt, bias, out, z, true)
				gradWeights(dz, x, n, in, out, gw, gb, ones)
				gradInputs(dz, w, n, in, out, dx)
				ReLU.backprop(y, y, dz, mask)
			})
			all := append(append(append(append(z, gw...), gb...), dx...), mask...)
			if ref == nil {
				ref = all
				continue
			}
			if i := sameBits(all, ref); i >= 0 {
				t.Fatalf("kernels %d, %d rows %d→%d: value %d = %v, portable %v", ks, n, in, out, i, all[i], ref[i])
			}
		}
	}
}

// TestAdamKernelsBitIdenticalLengths runs Adam on every kernel set for
// lengths that leave every tail, with and without AMSGrad and decay.
func TestAdamKernelsBitIdenticalLengths(t *testing.T) {
	cfgs := []AdamConfig{
		{LR: 1e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-4, AMSGrad: true},
		{LR: 3e-3, Beta1: 0.8, Beta2: 0.99, Eps: 1e-7, WeightDecay: 1e-2, Decoupled: true},
		{LR: 1e-1, Beta1: 0.5, Beta2: 0.9, Eps: 1e-12},
	}
	for _, cfg := range cfgs {
		for n := 1; n <= 37; n++ {
			var ref []float64
			for _, ks := range availableKernels() {
				rng := rand.New(rand.NewPCG(uint64(n), 5))
				p := wideSlice(rng, n)
				a, err := NewAdam(n, cfg)
				if err != nil {
					t.Fatal(err)
				}
				withKernels(ks, func() {
					for range 12 {
						a.Step(p, wideSlice(rng, n))
					}
				})
				all := append(append(append(p, a.m...), a.v...), a.w...)
				if ref == nil {
					ref = all
					continue
				}
				if i := sameBits(all, ref); i >= 0 {
					t.Fatalf("%+v, n %d, kernels %d: value %d = %v, portable %v", cfg, n, ks, i, all[i], ref[i])
				}
			}
		}
	}
}

// TestTrainingKernelsBitIdentical trains small ReLU models (full batch in
// parts, minibatches, a validation set) and then optimises an input of the
// trained model, on every kernel set, and requires the same bits throughout:
// parameters, loss history, Jacobian and the input optimiser's iterates.
func TestTrainingKernelsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(75, 76))
	const in, hid, out, rows = 13, 37, 19, 150
	x, y := randSlice(rng, rows*in, 1), randSlice(rng, rows*out, 1)
	vx, vy := randSlice(rng, 21*in, 1), randSlice(rng, 21*out, 1)
	x0, target := randSlice(rng, in, 1), randSlice(rng, out, 1)
	lo, hi := make([]float64, in), make([]float64, in)
	for i := range lo {
		lo[i], hi[i] = -1.5, 1.5
	}
	for _, bs := range []int{0, 29} {
		var ref []float64
		for _, ks := range availableKernels() {
			var all []float64
			withKernels(ks, func() {
				m, err := New(NewSpec([]int{in, hid, hid, out}, ReLU, Identity), rand.New(rand.NewPCG(77, 78)))
				if err != nil {
					t.Fatal(err)
				}
				cfg := TrainConfig{Epochs: 6, BatchSize: bs, Seed: 79, ValX: vx, ValY: vy, Workers: 2,
					Adam: AdamConfig{LR: 1e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-4, AMSGrad: true}}
				h, err := Train(m, x, y, cfg)
				if err != nil {
					t.Fatal(err)
				}
				all = append(append(append(all, m.Params()...), h.TrainLoss...), h.ValLoss...)
				jac := make([]float64, in*out)
				g := m.NewInputGrad(nil)
				all = append(all, g.Jacobian(x0, jac)...)
				all = append(all, jac...)
				opt := InputOptimizer{Model: m, Adam: AdamConfig{LR: 5e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}, Lo: lo, Hi: hi}
				res, err := opt.Run(x0, target, 25)
				if err != nil {
					t.Fatal(err)
				}
				all = append(append(append(all, res.X...), res.Losses...), res.Last...)
			})
			if ref == nil {
				ref = all
				continue
			}
			if i := sameBits(all, ref); i >= 0 {
				t.Fatalf("batch size %d, kernels %d: value %d = %v, portable %v", bs, ks, i, all[i], ref[i])
			}
		}
	}
}

// TestKernelSetsAvailable makes sure the comparisons above compare something
// on CPUs with vector kernels.
func TestKernelSetsAvailable(t *testing.T) {
	ks := availableKernels()
	t.Logf("kernel sets compared: %v (selected %d)", ks, kernels)
	if ks[0] != kernelsGo {
		t.Fatalf("the portable kernels must come first, got %v", ks)
	}
}

// goldenRunBits is the SHA-256 of the bits of goldenRun's results. The
// arithmetic of every kernel set, and of the portable code on any
// architecture, is defined to the last bit, so this value holds on every
// machine; it changes only when that arithmetic is changed on purpose.
const goldenRunBits = "1784849690a5dac6401b8c3a96143be109fb3f5854a94f4d7eeebddf52fd250f"

// goldenRun trains a ReLU model (full batch in parts, then minibatches) and
// optimises one of its inputs, from data drawn with rand's Float64 only, and
// returns every parameter, loss and iterate.
func goldenRun(t *testing.T) []float64 {
	rng := rand.New(rand.NewPCG(2026, 12))
	uniform := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = 2*rng.Float64() - 1
		}
		return v
	}
	const in, hid, out, rows = 14, 40, 81, 130
	x, y := uniform(rows*in), uniform(rows*out)
	m, err := New(NewSpec([]int{in, hid, out}, ReLU, Identity), rng)
	if err != nil {
		t.Fatal(err)
	}
	var all []float64
	for _, bs := range []int{0, 32} {
		h, err := Train(m, x, y, TrainConfig{Epochs: 5, BatchSize: bs, Seed: 3, Adam: adamCfg(1e-2)})
		if err != nil {
			t.Fatal(err)
		}
		all = append(append(all, m.Params()...), h.TrainLoss...)
	}
	opt := InputOptimizer{Model: m, Adam: AdamConfig{LR: 5e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true}}
	res, err := opt.Run(x[:in], y[:out], 20)
	if err != nil {
		t.Fatal(err)
	}
	return append(append(all, res.Losses...), res.Last...)
}

// TestGoldenRunBits checks the results of goldenRun, bit for bit, on every
// kernel set against the value computed once: a machine with another CPU or
// architecture must reproduce it exactly.
func TestGoldenRunBits(t *testing.T) {
	for _, ks := range availableKernels() {
		var all []float64
		withKernels(ks, func() { all = goldenRun(t) })
		h := sha256.New()
		for _, v := range all {
			binary.Write(h, binary.LittleEndian, math.Float64bits(v))
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != goldenRunBits {
			t.Errorf("kernels %d: SHA-256 of the run's bits is %s, want %s", ks, got, goldenRunBits)
		}
	}
}
