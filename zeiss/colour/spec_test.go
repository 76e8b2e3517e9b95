package colour

import (
	"math"
	"testing"
)

func TestProductionSpec(t *testing.T) {
	s := ProductionSpec()
	if got, want := s.String(), "L* [3.3, 6.8], a* [-2, 2], b* [-18, -15]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		lab     Lab
		l, a, b Deviation
		str     string
	}{
		{Lab{4.8067, 2.2269, -13.7526}, In, High, High, "fail: a* 2.2269 > 2, b* -13.7526 > -15"},
		{Lab{5, 0, -16}, In, In, In, "pass"},
		{Lab{3.3, -2, -18}, In, In, In, "pass"}, // bounds are inclusive
		{Lab{6.8, 2, -15}, In, In, In, "pass"},
		{Lab{3.2999, -2.0001, -18.0001}, Low, Low, Low, "fail: L* 3.2999 < 3.3, a* -2.0001 < -2, b* -18.0001 < -18"},
		{Lab{7, 0, -16}, High, In, In, "fail: L* 7.0000 > 6.8"},
		{Lab{math.NaN(), 0, -16}, Invalid, In, In, "fail: L* NaN"},
	} {
		r := s.Check(tc.lab)
		if r.L != tc.l || r.A != tc.a || r.B != tc.b {
			t.Errorf("%v: L %v a %v b %v, want %v %v %v", tc.lab, r.L, r.A, r.B, tc.l, tc.a, tc.b)
		}
		if pass := tc.l == In && tc.a == In && tc.b == In; r.Pass() != pass {
			t.Errorf("%v: Pass() = %v, want %v", tc.lab, r.Pass(), pass)
		}
		if r.String() != tc.str {
			t.Errorf("%v: String() = %q, want %q", tc.lab, r.String(), tc.str)
		}
	}
}

func TestRange(t *testing.T) {
	r := Range{-1, 1}
	for v, want := range map[float64]Deviation{-1.5: Low, -1: In, 0: In, 1: In, 1.5: High, math.Inf(1): High, math.Inf(-1): Low} {
		if got := r.Check(v); got != want {
			t.Errorf("%v.Check(%g) = %v, want %v", r, v, got, want)
		}
		if r.Contains(v) != (want == In) {
			t.Errorf("%v.Contains(%g) = %v", r, v, r.Contains(v))
		}
	}
	if r.Contains(math.NaN()) || r.Check(math.NaN()) != Invalid {
		t.Errorf("NaN is in %v", r)
	}
}
