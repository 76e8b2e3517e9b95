package colour

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sharma are the 34 CIEDE2000 test pairs with their ΔE00 (Table 1 of G.
// Sharma, W. Wu, E. N. Dalal, "The CIEDE2000 color-difference formula:
// implementation notes, supplementary test data, and mathematical
// observations", Color Res. Appl. 30(1), 21–30, 2005).
var sharma = []struct {
	p, q Lab
	de   float64
}{
	{Lab{50.0000, 2.6772, -79.7751}, Lab{50.0000, 0.0000, -82.7485}, 2.0425},
	{Lab{50.0000, 3.1571, -77.2803}, Lab{50.0000, 0.0000, -82.7485}, 2.8615},
	{Lab{50.0000, 2.8361, -74.0200}, Lab{50.0000, 0.0000, -82.7485}, 3.4412},
	{Lab{50.0000, -1.3802, -84.2814}, Lab{50.0000, 0.0000, -82.7485}, 1.0000},
	{Lab{50.0000, -1.1848, -84.8006}, Lab{50.0000, 0.0000, -82.7485}, 1.0000},
	{Lab{50.0000, -0.9009, -85.5211}, Lab{50.0000, 0.0000, -82.7485}, 1.0000},
	{Lab{50.0000, 0.0000, 0.0000}, Lab{50.0000, -1.0000, 2.0000}, 2.3669},
	{Lab{50.0000, -1.0000, 2.0000}, Lab{50.0000, 0.0000, 0.0000}, 2.3669},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0009}, 7.1792},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0010}, 7.1792},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0011}, 7.2195},
	{Lab{50.0000, 2.4900, -0.0010}, Lab{50.0000, -2.4900, 0.0012}, 7.2195},
	{Lab{50.0000, -0.0010, 2.4900}, Lab{50.0000, 0.0009, -2.4900}, 4.8045},
	{Lab{50.0000, -0.0010, 2.4900}, Lab{50.0000, 0.0010, -2.4900}, 4.8045},
	{Lab{50.0000, -0.0010, 2.4900}, Lab{50.0000, 0.0011, -2.4900}, 4.7461},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 0.0000, -2.5000}, 4.3065},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{73.0000, 25.0000, -18.0000}, 27.1492},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{61.0000, -5.0000, 29.0000}, 22.8977},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{56.0000, -27.0000, -3.0000}, 31.9030},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{58.0000, 24.0000, 15.0000}, 19.4535},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 3.1736, 0.5854}, 1.0000},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 3.2972, 0.0000}, 1.0000},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 1.8634, 0.5757}, 1.0000},
	{Lab{50.0000, 2.5000, 0.0000}, Lab{50.0000, 3.2592, 0.3350}, 1.0000},
	{Lab{60.2574, -34.0099, 36.2677}, Lab{60.4626, -34.1751, 39.4387}, 1.2644},
	{Lab{63.0109, -31.0961, -5.8663}, Lab{62.8187, -29.7946, -4.0864}, 1.2630},
	{Lab{61.2901, 3.7196, -5.3901}, Lab{61.4292, 2.2480, -4.9620}, 1.8731},
	{Lab{35.0831, -44.1164, 3.7933}, Lab{35.0232, -40.0716, 1.5901}, 1.8645},
	{Lab{22.7233, 20.0904, -46.6940}, Lab{23.0331, 14.9730, -42.5619}, 2.0373},
	{Lab{36.4612, 47.8580, 18.3852}, Lab{36.2715, 50.5065, 21.2231}, 1.4146},
	{Lab{90.8027, -2.0831, 1.4410}, Lab{91.1528, -1.6435, 0.0447}, 1.4441},
	{Lab{90.9257, -0.5406, -0.9208}, Lab{88.6381, -0.8985, -0.7239}, 1.5381},
	{Lab{6.7747, -0.2908, -2.4247}, Lab{5.8714, -0.0985, -2.2286}, 0.6377},
	{Lab{2.0776, 0.0795, -1.1350}, Lab{0.9033, -0.0636, -0.5514}, 0.9082},
}

func TestDeltaE00Sharma(t *testing.T) {
	if len(sharma) != 34 {
		t.Fatalf("%d test pairs, want 34", len(sharma))
	}
	for i, tc := range sharma {
		// The published values are rounded to 4 decimals.
		if got := DeltaE00(tc.p, tc.q); math.Abs(got-tc.de) > 0.5e-4+1e-12 {
			t.Errorf("pair %d: ΔE00(%v, %v) = %.6f, want %.4f", i+1, tc.p, tc.q, got, tc.de)
		}
		if got := DeltaE00(tc.q, tc.p); math.Abs(got-tc.de) > 0.5e-4+1e-12 {
			t.Errorf("pair %d swapped: ΔE00 = %.6f, want %.4f", i+1, got, tc.de)
		}
	}
}

func TestDeltaE00Parametric(t *testing.T) {
	// A pure lightness difference at L̄ = 50 (S_L = 1) is divided by k_L.
	p, q := Lab{48, 0, 0}, Lab{52, 0, 0}
	if got := DeltaE00(p, q); math.Abs(got-4) > 1e-12 {
		t.Errorf("ΔE00 of a 4-unit lightness step at L* 50 = %g, want 4", got)
	}
	if got := DeltaE00K(p, q, 2, 1, 1); math.Abs(got-2) > 1e-12 {
		t.Errorf("ΔE00 with kL=2 = %g, want 2", got)
	}
}

func TestDeltaEab(t *testing.T) {
	if got := DeltaEab(Lab{50, 3, 4}, Lab{50, 0, 0}); got != 5 {
		t.Errorf("ΔE*ab = %g, want 5", got)
	}
	if got := DeltaEab(Lab{1, 2, 3}, Lab{3, 5, 9}); got != 7 {
		t.Errorf("ΔE*ab = %g, want 7", got)
	}
}

// TestDeltaEProperties checks on random pairs of colours that both
// differences are symmetric, non-negative, finite and zero on identical
// colours, and that ΔE*ab obeys the triangle inequality.
func TestDeltaEProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := range 20000 {
		p := Lab{100 * rng.Float64(), randCoord(rng, n), randCoord(rng, n/5)}
		q := Lab{100 * rng.Float64(), randCoord(rng, n+2), randCoord(rng, n/7)}
		if n%3 == 0 { // near pairs, as in colour tolerancing
			q = Lab{p.L + rng.NormFloat64(), p.A + rng.NormFloat64(), p.B + rng.NormFloat64()}
		}
		r := Lab{100 * rng.Float64(), randCoord(rng, n+3), randCoord(rng, n+4)}
		for _, de := range []struct {
			name string
			f    func(p, q Lab) float64
		}{{"ΔE*ab", DeltaEab}, {"ΔE00", DeltaE00}} {
			pq, qp := de.f(p, q), de.f(q, p)
			if math.IsNaN(pq) || math.IsInf(pq, 0) || pq < 0 {
				t.Fatalf("%s(%v, %v) = %g", de.name, p, q, pq)
			}
			if math.Abs(pq-qp) > 1e-12*(1+pq) {
				t.Fatalf("%s not symmetric: (%v, %v) %.15g, swapped %.15g", de.name, p, q, pq, qp)
			}
			if z := de.f(p, p); z != 0 {
				t.Fatalf("%s(%v, %v) = %g, want 0", de.name, p, p, z)
			}
		}
		if DeltaEab(p, r) > DeltaEab(p, q)+DeltaEab(q, r)+1e-12 {
			t.Fatalf("ΔE*ab triangle inequality fails for %v %v %v", p, q, r)
		}
	}
}
