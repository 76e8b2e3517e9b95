package optics_test

import (
	"fmt"
	"math"

	"github.com/arcoat/zeiss/zeiss/optics"
)

// A double-sided DVS lens curve from the recipe set-points. Physical
// thickness = set-point × tooling factor of the layer's material; the
// factors and the Ti3O5 index offset below reproduce the shape of the
// production target on a 1.60 lens.
func ExampleLens() {
	wl := optics.Grid(380, 780, 5)
	sio2 := optics.MustLookup("SiO2")
	ti3o5 := optics.Offset(optics.MustLookup("Ti3O5"), -0.1828) // n(550) ≈ 2.07
	stack := []optics.Material{sio2, optics.MustLookup("ITO"), ti3o5, sio2, ti3o5, sio2, optics.MustLookup("TopCoat")}
	lens := optics.NewLens(wl, optics.MustLookup("Substrate1.60"), stack, stack)

	tooling := []float64{0.8342, 1.7013, 1.1632, 0.8342, 1.1632, 0.8342, 0.3718} // per layer L1…L7
	physical := func(setPoints []float64) []float64 {
		d := make([]float64, len(setPoints))
		for j, s := range setPoints {
			d[j] = s * tooling[j]
		}
		return d
	}
	front := physical([]float64{24.71, 4.00, 12.65, 36.74, 103.0, 92.0, 35.0})
	back := physical([]float64{25.33, 4.00, 12.97, 37.11, 105.5, 93.5, 35.0})

	r := make([]float64, len(wl))
	lens.Reflectance(front, back, r)
	optics.PercentCurve(r)
	for _, i := range []int{0, 4, 12, 48, 80} {
		fmt.Printf("%.0f nm: %.2f %%\n", wl[i], r[i])
	}
	// Output:
	// 380 nm: 5.99 %
	// 400 nm: 0.74 %
	// 440 nm: 1.81 %
	// 620 nm: 0.16 %
	// 780 nm: 5.91 %
}

// The reflectance of a quarter-wave (at 550 nm) MgF2-like layer on glass
// and its derivative with respect to the layer thickness: zero at the
// quarter-wave minimum, of opposite signs on either side.
func ExampleDesign_ReflectanceGrad() {
	wl := []float64{450, 550, 650}
	layer := optics.Constant(1.38)
	d := optics.NewDesign(wl, optics.Constant(1), []optics.Material{layer}, optics.Constant(1.52))
	r := make([]float64, len(wl))
	grad := make([]float64, len(wl)*1)
	d.ReflectanceGrad([]float64{550 / (4 * 1.38)}, r, grad)
	for i := range wl {
		g := 100 * grad[i]
		if math.Abs(g) < 5e-6 {
			g = 0 // print the stationary point without a sign
		}
		fmt.Printf("%.0f nm: R = %.4f %%, dR/dd = %+.5f %%/nm\n", wl[i], 100*r[i], g)
	}
	// Output:
	// 450 nm: R = 1.6204 %, dR/dd = +0.03801 %/nm
	// 550 nm: R = 1.2601 %, dR/dd = +0.00000 %/nm
	// 650 nm: R = 1.4368 %, dR/dd = -0.01910 %/nm
}
