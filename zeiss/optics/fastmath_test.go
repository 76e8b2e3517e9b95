package optics

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSincos(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	xs := []float64{0, math.Pi / 4, math.Pi / 2, math.Pi, -math.Pi, 1e-300, 100, -100, 1e5, 1e6, 1e7, 2e7, math.Inf(1), math.NaN()}
	for i := 0; i < 100000; i++ {
		xs = append(xs, (rng.Float64()-0.5)*200)
	}
	for _, x := range xs {
		s, c := sincos(x)
		ws, wc := math.Sincos(x)
		if math.IsNaN(ws) {
			if !math.IsNaN(s) || !math.IsNaN(c) {
				t.Fatalf("sincos(%g) = %g, %g, want NaN", x, s, c)
			}
			continue
		}
		if math.Abs(s-ws) > 4e-16 || math.Abs(c-wc) > 4e-16 {
			t.Fatalf("sincos(%g) = %.17g, %.17g; math: %.17g, %.17g", x, s, c, ws, wc)
		}
	}
}

func TestSinhcosh(t *testing.T) {
	for b := -0.5; b <= 0.5; b += 0.001 {
		sh, ch := sinhcosh(b)
		if math.Abs(sh-math.Sinh(b)) > 1e-15*math.Abs(math.Sinh(b)) || math.Abs(ch-math.Cosh(b)) > 1e-15 {
			t.Fatalf("sinhcosh(%g) = %.17g, %.17g; math: %.17g, %.17g", b, sh, ch, math.Sinh(b), math.Cosh(b))
		}
	}
}
