package colour

import (
	"fmt"
	"math"
	"strings"
)

// NumPoints is the number of points of a reflectance curve: 380–780 nm in
// 5 nm steps.
const NumPoints = 81

// Wavelength returns the wavelength in nm of curve point i (0 ≤ i < NumPoints).
func Wavelength(i int) float64 { return 380 + 5*float64(i) }

// Illuminant is a CIE illuminant.
type Illuminant int

const (
	// IlluminantC is CIE illuminant C (average daylight, about 6774 K), the
	// illuminant of the production colour specification.
	IlluminantC Illuminant = iota
	// IlluminantD65 is CIE standard illuminant D65 (daylight, about 6504 K).
	IlluminantD65
)

// String returns "C" or "D65".
func (ill Illuminant) String() string {
	switch ill {
	case IlluminantC:
		return "C"
	case IlluminantD65:
		return "D65"
	}
	return fmt.Sprintf("Illuminant(%d)", int(ill))
}

// ParseIlluminant parses "C" or "D65" (case-insensitive).
func ParseIlluminant(s string) (Illuminant, error) {
	switch strings.ToUpper(s) {
	case "C":
		return IlluminantC, nil
	case "D65":
		return IlluminantD65, nil
	}
	return 0, fmt.Errorf("colour: unknown illuminant %q (want C or D65)", s)
}

// Observer is a CIE standard colorimetric observer.
type Observer int

const (
	// Observer2 is the CIE 1931 2° standard observer, the observer of the
	// production colour specification.
	Observer2 Observer = iota
	// Observer10 is the CIE 1964 10° supplementary standard observer.
	Observer10
)

// String returns "2°" or "10°".
func (obs Observer) String() string {
	switch obs {
	case Observer2:
		return "2°"
	case Observer10:
		return "10°"
	}
	return fmt.Sprintf("Observer(%d)", int(obs))
}

// ParseObserver parses "2" or "10" (a trailing "°" or "deg" is accepted).
func ParseObserver(s string) (Observer, error) {
	t := strings.TrimSuffix(strings.TrimSuffix(s, "°"), "deg")
	switch t {
	case "2":
		return Observer2, nil
	case "10":
		return Observer10, nil
	}
	return 0, fmt.Errorf("colour: unknown observer %q (want 2 or 10)", s)
}

// XYZ are CIE tristimulus values, scaled so that the perfect reflecting
// diffuser has Y = 100.
type XYZ struct {
	X, Y, Z float64
}

// Lab is a colour in CIE 1976 L*a*b* coordinates.
type Lab struct {
	L, A, B float64
}

// String formats the colour as "L*=4.8067 a*=2.2269 b*=-13.7526".
func (c Lab) String() string {
	return fmt.Sprintf("L*=%.4f a*=%.4f b*=%.4f", c.L, c.A, c.B)
}

// LCh is a colour in CIE 1976 L*C*h° (cylindrical L*a*b*) coordinates.
type LCh struct {
	// L is the lightness L*.
	L float64
	// C is the chroma C*ab = √(a*² + b*²).
	C float64
	// H is the hue angle h°ab in degrees, in [0, 360); 0 for a neutral colour.
	H float64
}

// LCh returns the cylindrical form of c.
func (c Lab) LCh() LCh {
	return LCh{L: c.L, C: math.Hypot(c.A, c.B), H: hueDeg(c.A, c.B)}
}

// Lab returns the Cartesian form of c.
func (c LCh) Lab() Lab {
	s, co := math.Sincos(c.H * math.Pi / 180)
	return Lab{L: c.L, A: c.C * co, B: c.C * s}
}

// hueDeg returns atan2(b, a) in degrees in [0, 360).
func hueDeg(a, b float64) float64 {
	h := math.Atan2(b, a) * 180 / math.Pi
	if h < 0 {
		h += 360
	}
	if h >= 360 { // h was a tiny negative number
		h -= 360
	}
	if h == 0 {
		h = 0 // no negative zero
	}
	return h
}

// Thresholds of the CIE 1976 L*a*b* formulas in the form used by the
// production colour specification.
const (
	labEpsilon = 0.008856 // t above which f(t) = t^(1/3)
	labSlope   = 7.787    // slope of f in the linear branch
	labKappa   = 903.3    // L* = κ·Y/Yn in the linear branch
)

// f is the CIE 1976 compression function.
func f(t float64) float64 {
	if t > labEpsilon {
		return math.Cbrt(t)
	}
	return labSlope*t + 16.0/116
}

// df is the derivative of f.
func df(t float64) float64 {
	if t > labEpsilon {
		c := math.Cbrt(t)
		return 1 / (3 * c * c)
	}
	return labSlope
}

// lightness returns L* of the relative luminance y = Y/Yn.
func lightness(y float64) float64 {
	if y > labEpsilon {
		return 116*math.Cbrt(y) - 16
	}
	return labKappa * y
}

// dLightness is the derivative of lightness.
func dLightness(y float64) float64 {
	if y > labEpsilon {
		c := math.Cbrt(y)
		return 116 / (3 * c * c)
	}
	return labKappa
}

// LabFromXYZ converts tristimulus values to L*a*b* relative to the white
// point white, with the CIE 1976 formulas (0.008856 / 7.787 / 903.3 branches).
func LabFromXYZ(c, white XYZ) Lab {
	x, y, z := c.X/white.X, c.Y/white.Y, c.Z/white.Z
	fy := f(y)
	return Lab{
		L: lightness(y),
		A: 500 * (f(x) - fy),
		B: 200 * (fy - f(z)),
	}
}

// CurveError reports a reflectance curve that cannot be converted.
type CurveError struct {
	// Len is the number of points of the curve.
	Len int
	// Index is the first non-finite point, or -1 when the length is wrong.
	Index int
	// Value is the value at Index.
	Value float64
}

// Error describes the problem, naming the point and its wavelength.
func (e *CurveError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("colour: curve has %d points, want %d (380–780 nm every 5 nm)", e.Len, NumPoints)
	}
	return fmt.Sprintf("colour: curve point %d (%g nm) is %g", e.Index, Wavelength(e.Index), e.Value)
}

// checkCurve returns a *CurveError if r is not NumPoints finite values.
func checkCurve(r []float64) error {
	if len(r) != NumPoints {
		return &CurveError{Len: len(r), Index: -1}
	}
	for i, v := range r {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &CurveError{Len: len(r), Index: i, Value: v}
		}
	}
	return nil
}

// Converter converts reflectance curves to colour under one illuminant and
// observer. Its weights are computed once by NewConverter; it is immutable and
// safe for concurrent use.
type Converter struct {
	ill Illuminant
	obs Observer
	// w[k][i] = S_i·cmf_k,i / Σ S·ȳ: the weight of reflectance point i
	// (in %) in tristimulus value k (X, Y, Z).
	w     [3][NumPoints]float64
	white XYZ
}

// NewConverter returns the converter for illuminant ill and observer obs.
func NewConverter(ill Illuminant, obs Observer) (*Converter, error) {
	if ill != IlluminantC && ill != IlluminantD65 {
		return nil, fmt.Errorf("colour: unknown illuminant %d", int(ill))
	}
	if obs != Observer2 && obs != Observer10 {
		return nil, fmt.Errorf("colour: unknown observer %d", int(obs))
	}
	t := tables()
	s := &t.spd[ill]
	cmf := &t.cmf[obs]
	var k float64
	for i := range NumPoints {
		k += s[i] * cmf[1][i]
	}
	c := &Converter{ill: ill, obs: obs}
	var sum [3]float64
	for j := range 3 {
		for i := range NumPoints {
			c.w[j][i] = s[i] * cmf[j][i] / k
			sum[j] += c.w[j][i]
		}
	}
	c.white = XYZ{X: 100 * sum[0], Y: 100, Z: 100 * sum[2]}
	return c, nil
}

// Illuminant returns the illuminant of c.
func (c *Converter) Illuminant() Illuminant { return c.ill }

// Observer returns the observer of c.
func (c *Converter) Observer() Observer { return c.obs }

// White returns the tristimulus values of the perfect reflecting diffuser
// (R = 100 % everywhere), the reference white of L*a*b*; White().Y is 100.
func (c *Converter) White() XYZ { return c.white }

// XYZ returns the tristimulus values of the reflectance curve r: NumPoints
// values in % at 380, 385, …, 780 nm. It returns a *CurveError when r has
// the wrong length or a NaN or infinite value.
func (c *Converter) XYZ(r []float64) (XYZ, error) {
	if err := checkCurve(r); err != nil {
		return XYZ{}, err
	}
	return c.xyz(r), nil
}

func (c *Converter) xyz(r []float64) XYZ {
	var x, y, z float64
	for i, v := range r[:NumPoints] {
		x += c.w[0][i] * v
		y += c.w[1][i] * v
		z += c.w[2][i] * v
	}
	return XYZ{X: x, Y: y, Z: z}
}

// Lab returns the CIE L*a*b* colour of the reflectance curve r (see XYZ).
func (c *Converter) Lab(r []float64) (Lab, error) {
	if err := checkCurve(r); err != nil {
		return Lab{}, err
	}
	return LabFromXYZ(c.xyz(r), c.white), nil
}

// Jacobian is the derivative of (L*, a*, b*) with respect to the points of a
// reflectance curve: J[0][i] = ∂L*/∂R_i, J[1][i] = ∂a*/∂R_i,
// J[2][i] = ∂b*/∂R_i, with R_i in %.
type Jacobian [3][NumPoints]float64

// LabJacobian returns the colour of the reflectance curve r and its
// derivative with respect to every point of r. The derivative is exact for
// the piecewise formulas (it takes the branch that Lab takes).
func (c *Converter) LabJacobian(r []float64) (Lab, Jacobian, error) {
	var jac Jacobian
	if err := checkCurve(r); err != nil {
		return Lab{}, jac, err
	}
	t := c.xyz(r)
	x, y, z := t.X/c.white.X, t.Y/c.white.Y, t.Z/c.white.Z
	// Chain rule: ∂(X/Xn)/∂R_i = w[0][i]/Xn, and so on.
	gx := df(x) / c.white.X
	gy := df(y) / c.white.Y
	gz := df(z) / c.white.Z
	gl := dLightness(y) / c.white.Y
	for i := range NumPoints {
		wx, wy, wz := c.w[0][i], c.w[1][i], c.w[2][i]
		jac[0][i] = gl * wy
		jac[1][i] = 500 * (gx*wx - gy*wy)
		jac[2][i] = 200 * (gy*wy - gz*wz)
	}
	return LabFromXYZ(t, c.white), jac, nil
}
