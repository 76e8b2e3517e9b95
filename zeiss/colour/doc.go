// Package colour computes the CIE colour of reflectance curves: a curve of
// NumPoints reflectance values in percent on the 380–780 nm grid (5 nm steps)
// is integrated against an illuminant and a standard observer into tristimulus
// values XYZ and then into CIE 1976 L*a*b*, its cylindrical form LCh, and the
// colour differences ΔE*ab (CIE 1976) and ΔE00 (CIEDE2000).
//
// Two illuminants (C and D65) and two observers (CIE 1931 2° and CIE 1964 10°)
// are available; their 5 nm tables (CIE 15:2004) are embedded. A Converter
// holds the weights of one (illuminant, observer) pair, computed once; it is
// immutable and safe for concurrent use. The production convention, in which
// coating colour and its acceptance window are specified, is illuminant C with
// the 2° observer:
//
//	conv, err := colour.NewConverter(colour.IlluminantC, colour.Observer2)
//	lab, err := conv.Lab(curve)
//	ok := colour.ProductionSpec().Check(lab).Pass()
//
// The integration is a plain sum over the 81 grid points (no extrapolation
// outside 380–780 nm, no Δλ factor, which cancels in the normalisation), and
// L*a*b* uses the CIE 1976 formulas with the 0.008856 / 7.787 / 903.3
// branches. Converter.LabJacobian gives the derivative of L*, a*, b* with
// respect to every reflectance value, for gradient-based design of coatings.
package colour
