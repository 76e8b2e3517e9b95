package colour

import (
	"fmt"
	"math"
	"strings"
)

// Range is a closed interval [Min, Max] of one colour coordinate.
type Range struct {
	Min, Max float64
}

// Deviation says where a value lies relative to a Range.
type Deviation int

const (
	// In means Min ≤ v ≤ Max.
	In Deviation = iota
	// Low means v < Min.
	Low
	// High means v > Max.
	High
	// Invalid means v is NaN.
	Invalid
)

// String returns "in", "low", "high" or "invalid".
func (d Deviation) String() string {
	switch d {
	case In:
		return "in"
	case Low:
		return "low"
	case High:
		return "high"
	case Invalid:
		return "invalid"
	}
	return fmt.Sprintf("Deviation(%d)", int(d))
}

// Check returns where v lies relative to r.
func (r Range) Check(v float64) Deviation {
	switch {
	case math.IsNaN(v):
		return Invalid
	case v < r.Min:
		return Low
	case v > r.Max:
		return High
	}
	return In
}

// Contains reports whether Min ≤ v ≤ Max.
func (r Range) Contains(v float64) bool { return r.Check(v) == In }

// String formats r as "[3.3, 6.8]".
func (r Range) String() string { return fmt.Sprintf("[%g, %g]", r.Min, r.Max) }

// Spec is a colour acceptance window: one closed range per L*a*b*
// coordinate. A Spec is tied to the illuminant and observer in which it was
// defined; compare it only with colours computed in that convention.
type Spec struct {
	L, A, B Range
}

// ProductionSpec returns the acceptance window of the production line:
// L* ∈ [3.3, 6.8], a* ∈ [−2, 2], b* ∈ [−18, −15], for colours computed with
// illuminant C and the 2° observer.
func ProductionSpec() Spec {
	return Spec{
		L: Range{3.3, 6.8},
		A: Range{-2, 2},
		B: Range{-18, -15},
	}
}

// String formats s as "L* [3.3, 6.8], a* [-2, 2], b* [-18, -15]".
func (s Spec) String() string {
	return fmt.Sprintf("L* %v, a* %v, b* %v", s.L, s.A, s.B)
}

// Check compares the colour c with the window.
func (s Spec) Check(c Lab) SpecResult {
	return SpecResult{
		Spec: s, Lab: c,
		L: s.L.Check(c.L), A: s.A.Check(c.A), B: s.B.Check(c.B),
	}
}

// SpecResult is the verdict of a Spec on one colour, per coordinate.
type SpecResult struct {
	// Spec is the window that was applied.
	Spec Spec
	// Lab is the colour that was checked.
	Lab Lab
	// L, A, B say where each coordinate lies relative to its range.
	L, A, B Deviation
}

// Pass reports whether every coordinate is inside its range.
func (r SpecResult) Pass() bool { return r.L == In && r.A == In && r.B == In }

// String returns "pass", or "fail" followed by the failing coordinates, for
// example "fail: a* 2.2269 > 2, b* -13.7526 > -15". It fits in one table cell.
func (r SpecResult) String() string {
	if r.Pass() {
		return "pass"
	}
	var parts []string
	add := func(name string, v float64, d Deviation, rg Range) {
		switch d {
		case Low:
			parts = append(parts, fmt.Sprintf("%s %.4f < %g", name, v, rg.Min))
		case High:
			parts = append(parts, fmt.Sprintf("%s %.4f > %g", name, v, rg.Max))
		case Invalid:
			parts = append(parts, name+" NaN")
		}
	}
	add("L*", r.Lab.L, r.L, r.Spec.L)
	add("a*", r.Lab.A, r.A, r.Spec.A)
	add("b*", r.Lab.B, r.B, r.Spec.B)
	return "fail: " + strings.Join(parts, ", ")
}
