package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemmAgainstNaive checks the blocked (assembly where available) product
// against a triple loop over awkward shapes and leading dimensions.
func TestGemmAgainstNaive(t *testing.T) {
	for _, ks := range availableKernels() {
		saved := kernels
		kernels = ks
		testGemm(t)
		kernels = saved
	}
}

func testGemm(t *testing.T) {
	t.Helper()
	rng := rand.New(rand.NewPCG(21, 22))
	for _, s := range [][3]int{{1, 1, 1}, {4, 8, 3}, {8, 16, 5}, {13, 41, 3}, {17, 8, 2}, {4, 16, 3}, {5, 23, 4}, {8, 31, 6}, {4, 9, 2}, {4, 1, 5}, {6, 2, 3}, {5, 3, 4}, {4, 12, 2}, {5, 13, 7}, {600, 81, 80}, {7, 3, 9}, {50, 14, 200}, {81, 80, 50}, {3, 17, 0}, {9, 4, 1}} {
		m, n, k := s[0], s[1], s[2]
		lda, ldb, ldc := k+rng.IntN(3), n+rng.IntN(3), n+rng.IntN(3)
		a := randSlice(rng, max(m*lda, 1), 1)
		b := randSlice(rng, max(k*ldb, 1), 1)
		c := randSlice(rng, max(m*ldc, 1), 1)
		for i := range a {
			if rng.IntN(3) == 0 {
				a[i] = 0
			}
		}
		want := append([]float64(nil), c...)
		for i := range m {
			for j := range n {
				s := want[i*ldc+j]
				for p := range k {
					s += a[i*lda+p] * b[p*ldb+j]
				}
				want[i*ldc+j] = s
			}
		}
		got := append([]float64(nil), c...)
		gemm(m, n, k, a, lda, 1, b, ldb, got, ldc, epilogue{add: true})
		goRes := append([]float64(nil), c...)
		gemmGo(m, n, k, a, lda, 1, b, ldb, goRes, ldc, epilogue{add: true})
		// The same product with A stored transposed (k×m, leading dimension m).
		at := make([]float64, max(k*m, 1))
		for i := range m {
			for p := range k {
				at[p*m+i] = a[i*lda+p]
			}
		}
		gotT := append([]float64(nil), c...)
		gemm(m, n, k, at, 1, m, b, ldb, gotT, ldc, epilogue{add: true})
		// With a bias and ReLU on top.
		bias := randSlice(rng, n+1, 1)
		fused := append([]float64(nil), c...)
		gemm(m, n, k, a, lda, 1, b, ldb, fused, ldc, epilogue{add: true, bias: bias, relu: true})
		for i := range m {
			for j := range n {
				w := max(want[i*ldc+j]+bias[j], 0)
				if g := fused[i*ldc+j]; math.Abs(g-w) > 1e-12*(1+math.Abs(w)) || math.Signbit(g) {
					t.Fatalf("kernels %d, %v: fused c[%d,%d] = %v, want %v", kernels, s, i, j, g, w)
				}
			}
		}
		// Overwriting C: the result is A·B whatever C held.
		set := append([]float64(nil), c...)
		gemm(m, n, k, a, lda, 1, b, ldb, set, ldc, epilogue{})
		for i := range m {
			for j := range n {
				if d := set[i*ldc+j] - (want[i*ldc+j] - c[i*ldc+j]); math.Abs(d) > 1e-12*(1+math.Abs(want[i*ldc+j])) {
					t.Fatalf("kernels %d, %v: overwriting c[%d,%d] off by %v", kernels, s, i, j, d)
				}
			}
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) || math.Abs(goRes[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) || math.Abs(gotT[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
				t.Fatalf("kernels %d, %v: c[%d] = %v (portable %v), want %v", kernels, s, i, got[i], goRes[i], want[i])
			}
		}
	}
}

// TestAdamKernelsBitIdentical checks the vector Adam update against the
// portable one, bit for bit.
func TestAdamKernelsBitIdentical(t *testing.T) {
	for _, cfg := range []AdamConfig{
		{LR: 1e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-4, AMSGrad: true},
		{LR: 3e-3, Beta1: 0.8, Beta2: 0.99, Eps: 1e-7, WeightDecay: 1e-2, Decoupled: true},
		{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8},
	} {
		var ref []float64
		for _, ks := range availableKernels() {
			saved := kernels
			kernels = ks
			p := randSlice(rand.New(rand.NewPCG(1, 1)), 23, 1)
			a, err := NewAdam(len(p), cfg)
			if err != nil {
				t.Fatal(err)
			}
			grng := rand.New(rand.NewPCG(2, 2))
			for range 30 {
				a.Step(p, randSlice(grng, len(p), 1))
			}
			kernels = saved
			if ref == nil {
				ref = p
				continue
			}
			for i := range p {
				if math.Float64bits(p[i]) != math.Float64bits(ref[i]) {
					t.Fatalf("%+v kernels %d: p[%d] = %v, portable %v", cfg, ks, i, p[i], ref[i])
				}
			}
		}
	}
}

// TestReluMaskKernels checks the vector ReLU derivative against the
// definition, with zeros, NaN and lengths that leave a tail.
func TestReluMaskKernels(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, n := range []int{1, 3, 4, 7, 8, 13, 81} {
		y := randSlice(rng, n, 1)
		for i := range y {
			y[i] = max(y[i], 0)
		}
		y[0] = math.NaN()
		src := randSlice(rng, n, 1)
		for _, ks := range availableKernels() {
			saved := kernels
			kernels = ks
			dst := make([]float64, n)
			reluMask(y, src, dst)
			kernels = saved
			for i := range dst {
				want := 0.0
				if y[i] > 0 {
					want = src[i]
				}
				if dst[i] != want {
					t.Fatalf("kernels %d, n %d: dst[%d] = %v for y %v, src %v", ks, n, i, dst[i], y[i], src[i])
				}
			}
		}
	}
}
