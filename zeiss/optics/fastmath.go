package optics

import "math"

// Three-part split of π/2 (Cody–Waite): pio2a and pio2b have their 28 low
// mantissa bits zero, so k·pio2a and k·pio2b are exact for |k| < 2²⁵.
const (
	pio2a     = 1.5707963109016418
	pio2b     = 1.5893254712295857e-08
	pio2c     = 6.123233995736766e-17
	twoOverPi = 0.6366197723675814
	// sincosMax bounds the arguments reduced here; larger ones (phase
	// thicknesses of millimetres) go to math.Sincos.
	sincosMax = 1 << 20
)

// Taylor coefficients (−1)ᵏ/(2k+1)! and (−1)ᵏ/(2k)!; on |r| ≤ π/4 the
// truncation errors are below 1e-18.
const (
	s3, s5, s7, s9, s11, s13, s15, s17 = -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880, -1.0 / 39916800,
		1.0 / 6227020800, -1.0 / 1307674368000, 1.0 / 355687428096000
	c2, c4, c6, c8, c10, c12, c14, c16 = -1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800,
		1.0 / 479001600, -1.0 / 87178291200, 1.0 / 20922789888000
)

// sincos returns sin x and cos x with an error of a few ulp: argument
// reduction by multiples of π/2 and Taylor polynomials on [−π/4, π/4]. It is
// several times faster than math.Sincos for the moderate phases of thin
// films.
func sincos(x float64) (sin, cos float64) {
	if !(math.Abs(x) < sincosMax) {
		return math.Sincos(x)
	}
	k := math.Floor(x*twoOverPi + 0.5)
	r := ((x - k*pio2a) - k*pio2b) - k*pio2c
	z := r * r
	s := r + r*z*(s3+z*(s5+z*(s7+z*(s9+z*(s11+z*(s13+z*(s15+z*s17)))))))
	c := 1 + z*(c2+z*(c4+z*(c6+z*(c8+z*(c10+z*(c12+z*(c14+z*c16)))))))
	switch int64(k) & 3 {
	case 0:
		return s, c
	case 1:
		return c, -s
	case 2:
		return -s, -c
	default:
		return -c, s
	}
}

// sinhcosh returns sinh b and cosh b, by series for the small attenuations
// of thin absorbing layers.
func sinhcosh(b float64) (sh, ch float64) {
	if math.Abs(b) > 0.125 {
		return math.Sinh(b), math.Cosh(b)
	}
	z := b * b
	// truncation below 1e-17 relative for |b| ≤ 1/8
	sh = b * (1 + z*(1.0/6+z*(1.0/120+z*(1.0/5040+z*(1.0/362880+z*(1.0/39916800))))))
	ch = 1 + z*(0.5+z*(1.0/24+z*(1.0/720+z*(1.0/40320+z*(1.0/3628800+z*(1.0/479001600))))))
	return sh, ch
}
