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
	for _, s := range [][3]int{{1, 1, 1}, {4, 8, 3}, {4, 16, 3}, {5, 23, 4}, {8, 31, 6}, {4, 9, 2}, {4, 1, 5}, {6, 2, 3}, {5, 3, 4}, {4, 12, 2}, {5, 13, 7}, {600, 81, 80}, {7, 3, 9}, {50, 14, 200}, {81, 80, 50}, {3, 17, 0}, {9, 4, 1}} {
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
		gemmAdd(m, n, k, a, lda, 1, b, ldb, got, ldc)
		goRes := append([]float64(nil), c...)
		gemmAddGo(m, n, k, a, lda, 1, b, ldb, goRes, ldc)
		// The same product with A stored transposed (k×m, leading dimension m).
		at := make([]float64, max(k*m, 1))
		for i := range m {
			for p := range k {
				at[p*m+i] = a[i*lda+p]
			}
		}
		gotT := append([]float64(nil), c...)
		gemmAdd(m, n, k, at, 1, m, b, ldb, gotT, ldc)
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) || math.Abs(goRes[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) || math.Abs(gotT[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
				t.Fatalf("kernels %d, %v: c[%d] = %v (portable %v), want %v", kernels, s, i, got[i], goRes[i], want[i])
			}
		}
	}
}
