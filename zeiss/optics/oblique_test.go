package optics

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// abelesOblique is an independent reference at oblique incidence, N = n + ik
// convention: normal wave-vector components q = √(N² − kx²) with Im q ≥ 0,
// Fresnel coefficients per polarization, Rouard recursion.
func abelesOblique(wl, n0, theta float64, layers []complex128, thick []float64, ns complex128, pol Polarization) float64 {
	kx := n0 * math.Sin(theta)
	q := func(n complex128) complex128 {
		z := cmplx.Sqrt(n*n - complex(kx*kx, 0))
		if imag(z) < 0 {
			z = -z
		}
		return z
	}
	fres := func(ni, nj complex128) complex128 { // from medium i onto medium j
		qi, qj := q(ni), q(nj)
		if pol == PolS {
			return (qi - qj) / (qi + qj)
		}
		return (nj*nj*qi - ni*ni*qj) / (nj*nj*qi + ni*ni*qj)
	}
	r := complex(0, 0)
	below := ns
	for j, n := range layers {
		rho := fres(n, below)
		r = (rho + r) / (1 + rho*r)
		r *= cmplx.Exp(2i * 2 * math.Pi * q(n) * complex(thick[j]/wl, 0))
		below = n
	}
	rho := fres(complex(n0, 0), below)
	r = (rho + r) / (1 + rho*r)
	return real(r)*real(r) + imag(r)*imag(r)
}

func TestObliqueAgainstAbeles(t *testing.T) {
	wl := grid81()
	sub := MustLookup("Substrate1.67")
	mats := append(StackMaterials(), Constant(complex(2.0, 0.3)), Constant(1.2))
	rng := rand.New(rand.NewPCG(13, 14))
	r := make([]float64, len(wl))
	for _, angle := range []float64{8, 30, 60, 85} {
		for _, pol := range []Polarization{PolS, PolP} {
			d := NewDesignAt(wl, Constant(1), mats, sub, angle, pol)
			for trial := 0; trial < 5; trial++ {
				th := randomThick(rng, len(mats))
				d.Reflectance(th, r)
				for i, w := range wl {
					ns := make([]complex128, len(mats))
					for j, m := range mats {
						ns[j] = m.Index(w)
					}
					want := abelesOblique(w, 1, angle*math.Pi/180, ns, th, sub.Index(w), pol)
					if math.Abs(r[i]-want) > 1e-12 {
						t.Fatalf("%g° %v λ=%g: R=%.15g, Abelès %.15g", angle, pol, w, r[i], want)
					}
				}
			}
		}
	}
}

// Frustrated total reflection: a layer with n < n0·sin θ0 carries an
// evanescent wave.
func TestObliqueEvanescentLayer(t *testing.T) {
	wl := grid81()
	mats := []Material{Constant(1.2), Constant(complex(1.1, 0.05)), MustLookup("Ti3O5")}
	sub := Constant(1.8)
	r := make([]float64, len(wl))
	for _, pol := range []Polarization{PolS, PolP} {
		d := NewDesignAt(wl, Constant(1.5), mats, sub, 60, pol) // kx = 1.30
		th := []float64{50, 120, 80}
		d.Reflectance(th, r)
		for i, w := range wl {
			ns := []complex128{mats[0].Index(w), mats[1].Index(w), mats[2].Index(w)}
			want := abelesOblique(w, 1.5, math.Pi/3, ns, th, sub.Index(w), pol)
			if math.Abs(r[i]-want) > 1e-12 {
				t.Fatalf("%v λ=%g: R=%.15g, Abelès %.15g", pol, w, r[i], want)
			}
		}
		g := make([]float64, len(wl)*3)
		d.ReflectanceGrad(th, r, g)
		checkGrad(t, "evanescent "+pol.String(), len(wl), 3, d.Reflectance, th, g)
	}
}

func TestObliqueEnergyAndBrewster(t *testing.T) {
	wl := grid81()
	mats := []Material{MustLookup("SiO2"), MustLookup("Ti3O5"), MustLookup("SiO2"), MustLookup("TopCoat")}
	sub := MustLookup("Substrate1.60")
	rng := rand.New(rand.NewPCG(15, 16))
	r, tr, rr := make([]float64, len(wl)), make([]float64, len(wl)), make([]float64, len(wl))
	for _, pol := range []Polarization{PolS, PolP} {
		d := NewDesignAt(wl, Constant(1), mats, sub, 45, pol)
		for trial := 0; trial < 10; trial++ {
			d.RT(randomThick(rng, len(mats)), r, tr, rr)
			for i := range wl {
				if math.Abs(r[i]+tr[i]-1) > 1e-13 || math.Abs(r[i]-rr[i]) > 1e-13 {
					t.Fatalf("%v: R=%g T=%g R'=%g", pol, r[i], tr[i], rr[i])
				}
			}
		}
	}
	// Brewster angle of a bare interface: R_p = 0.
	ns := 1.5
	d := NewDesignAt([]float64{550}, Constant(1), nil, Constant(complex(ns, 0)), math.Atan(ns)*180/math.Pi, PolP)
	d.Reflectance(nil, r)
	if r[0] > 1e-28 {
		t.Errorf("R_p at Brewster's angle = %g", r[0])
	}
}

func TestObliqueGradients(t *testing.T) {
	wl := grid81()
	st := StackMaterials()
	mats := append(append([]Material(nil), st...), Constant(complex(1.9, 0.3)))
	d := NewDesignAt(wl, Constant(1), mats, MustLookup("Substrate1.60"), 40, PolP)
	rng := rand.New(rand.NewPCG(17, 18))
	r := make([]float64, len(wl))
	g := make([]float64, len(wl)*len(mats))
	th := randomThick(rng, len(mats))
	d.ReflectanceGrad(th, r, g)
	checkGrad(t, "design 40° p", len(wl), len(mats), d.Reflectance, th, g)

	l := NewLensWith(wl, MustLookup("Substrate1.67"), st, mats, LensOptions{
		HardCoat: MustLookup("HardCoat"), AngleDeg: 30,
		InternalTransmittance: func(w float64) float64 { return 0.9 },
	})
	nw, nf, nb := len(wl), len(st), len(mats)
	gf, gb := make([]float64, nw*nf), make([]float64, nw*nb)
	f, b := randomThick(rng, nf), randomThick(rng, nb)
	l.ReflectanceGrad(f, b, r, gf, gb)
	r2 := make([]float64, nw)
	l.Reflectance(f, b, r2)
	for i := range r {
		if math.Abs(r[i]-r2[i]) > 1e-15 {
			t.Fatalf("ReflectanceGrad R %g ≠ Reflectance %g", r[i], r2[i])
		}
	}
	checkGrad(t, "lens 30° front", nw, nf, func(x, out []float64) { l.Reflectance(x, b, out) }, f, gf)
	checkGrad(t, "lens 30° back", nw, nb, func(x, out []float64) { l.Reflectance(f, x, out) }, b, gb)
}

func TestLensOblique(t *testing.T) {
	wl := grid81()
	sub := MustLookup("Substrate1.60")
	st := StackMaterials()
	f, b := []float64{20, 7, 15, 31, 122, 78, 13}, []float64{21, 7, 15, 31, 123, 78, 13}
	r0, r1 := make([]float64, len(wl)), make([]float64, len(wl))
	NewLens(wl, sub, st, st).Reflectance(f, b, r0)
	NewLensWith(wl, sub, st, st, LensOptions{AngleDeg: 1e-6}).Reflectance(f, b, r1)
	for i := range wl {
		if math.Abs(r0[i]-r1[i]) > 1e-12 {
			t.Fatalf("λ=%g: normal %g, 1e-6° %g", wl[i], r0[i], r1[i])
		}
	}
	// Unpolarized lens = mean of the s and p lenses built from faces.
	l := NewLensWith(wl, sub, st, st, LensOptions{AngleDeg: 45})
	l.Reflectance(f, b, r1)
	for i := range wl {
		sum := 0.0
		for _, pol := range []Polarization{PolS, PolP} {
			fd := NewDesignAt(wl, Constant(1), st, sub, 45, pol)
			bd := NewDesignAt(wl, Constant(1), st, sub, 45, pol)
			R1, T1, R1r := make([]float64, len(wl)), make([]float64, len(wl)), make([]float64, len(wl))
			R2r := make([]float64, len(wl))
			fd.RT(f, R1, T1, R1r)
			bd.RT(b, nil, nil, R2r)
			sum += R1[i] + T1[i]*T1[i]*R2r[i]/(1-R1r[i]*R2r[i])
		}
		if math.Abs(r1[i]-sum/2) > 1e-15 {
			t.Fatalf("λ=%g: 45° lens %g, from faces %g", wl[i], r1[i], sum/2)
		}
	}
}
