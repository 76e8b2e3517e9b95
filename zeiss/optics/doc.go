// Package optics computes the reflectance of thin-film coatings on spectacle
// lenses: optical constants of the coating materials, the transfer-matrix
// (characteristic-matrix) method at normal incidence for coherent thin layers
// on a thick substrate, the double-sided lens curve that a spectrophotometer
// measures (front and back faces combined incoherently through the
// substrate), and analytic gradients of the curves with respect to the layer
// thicknesses.
//
// Materials come from refractiveindex.info database files (CC0 1.0, embedded
// under data/ with their references; see data/README.md) and from Cauchy
// models for the lens substrates, the hard coat and the top coat. Lookup
// returns them by name; Offset and Scale derive calibrated variants.
//
// The transfer-matrix method works at normal incidence by default; oblique
// incidence (s and p polarization, unpolarized for a Lens) is available
// through NewDesignAt and LensOptions.AngleDeg.
//
// A Design is one face: ambient | layers | substrate, with layers ordered
// from the substrate outwards (L1 on the substrate … L7 facing the air) and
// thicknesses in physical nm in the same order. A Lens is a substrate with a
// coated front and back face. Both evaluate the optical constants once on a
// wavelength grid at construction; evaluation then runs without allocation
// and is safe for concurrent use.
//
//	wl := optics.Grid(380, 780, 5)
//	stack := optics.StackMaterials() // SiO2, ITO, Ti3O5, SiO2, Ti3O5, SiO2, TopCoat
//	lens := optics.NewLens(wl, optics.MustLookup("Substrate1.60"), stack, stack)
//	r := make([]float64, len(wl))
//	lens.Reflectance(front, back, r) // fractions; PercentCurve(r) for %
//
// Quartz-monitor set-points are not physical thicknesses: physical =
// set-point × tooling factor per material, which is a calibration matter
// outside this package.
package optics
