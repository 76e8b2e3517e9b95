package optics

import (
	"math"
	"math/cmplx"
	"math/rand/v2"
	"testing"
)

// nominal physical thicknesses (nm) of a DVS-like face, substrate outwards.
var nominal = []float64{25.33, 4.00, 12.97, 37.11, 105.5, 93.5, 35.0}

func grid81() []float64 { return Grid(380, 780, 5) }

// abeles is an independent reference: Rouard/Abelès recursion of the
// amplitude reflection coefficient with N = n + ik and e^{+iδ} phases.
func abeles(wl float64, n0 complex128, layers []complex128, thick []float64, ns complex128) complex128 {
	// From the substrate outwards: r is the reflection coefficient looking
	// into everything below the current medium.
	r := complex(0, 0)
	below := ns
	for j, n := range layers {
		rho := (n - below) / (n + below)
		r = (rho + r) / (1 + rho*r) // interface n|below with everything below
		// propagate through layer j (round trip phase 2δ)
		delta := 2 * math.Pi * n * complex(thick[j]/wl, 0)
		r *= cmplx.Exp(2i * delta)
		below = n
	}
	rho := (n0 - below) / (n0 + below)
	return (rho + r) / (1 + rho*r)
}

func TestSingleLayerAnalytic(t *testing.T) {
	wl := grid81()
	sio2, sub := MustLookup("SiO2"), MustLookup("Substrate1.67")
	d := NewDesign(wl, Constant(1), []Material{sio2}, sub)
	r := make([]float64, len(wl))
	for _, th := range []float64{0, 10, 93.5, 250, 1234.5} {
		d.Reflectance([]float64{th}, r)
		for i, w := range wl {
			n1, ns := real(sio2.Index(w)), real(sub.Index(w))
			r01, r12 := (1-n1)/(1+n1), (n1-ns)/(n1+ns)
			c := math.Cos(4 * math.Pi * n1 * th / w)
			want := (r01*r01 + r12*r12 + 2*r01*r12*c) / (1 + r01*r01*r12*r12 + 2*r01*r12*c)
			if math.Abs(r[i]-want) > 1e-14 {
				t.Fatalf("d=%g λ=%g: R=%.16g, analytic %.16g", th, w, r[i], want)
			}
		}
	}
}

func TestQuarterWaveAR(t *testing.T) {
	for _, ns := range []float64{1.5, 1.6, 1.67, 1.9} {
		for _, lam := range []float64{400, 550, 700} {
			n := math.Sqrt(ns)
			wl := []float64{lam - 50, lam, lam + 50}
			d := NewDesign(wl, Constant(1), []Material{Constant(complex(n, 0))}, Constant(complex(ns, 0)))
			r := make([]float64, 3)
			d.Reflectance([]float64{lam / (4 * n)}, r)
			if r[1] > 1e-28 {
				t.Errorf("ns=%g λ=%g: R=%g at the design wavelength, want 0", ns, lam, r[1])
			}
			if r[0] <= 1e-6 || r[2] <= 1e-6 {
				t.Errorf("ns=%g λ=%g: R off the design wavelength %g, %g should be > 0", ns, lam, r[0], r[2])
			}
		}
	}
}

func randomThick(rng *rand.Rand, n int) []float64 {
	th := make([]float64, n)
	for j := range th {
		th[j] = 200 * rng.Float64()
	}
	return th
}

func TestAgainstAbeles(t *testing.T) {
	wl := grid81()
	sub := MustLookup("Substrate1.60")
	mats := append(StackMaterials(), Constant(complex(2.0, 0.3)), MustLookup("MgF2"))
	d := NewDesign(wl, Constant(1), mats, sub)
	rng := rand.New(rand.NewPCG(1, 2))
	r := make([]float64, len(wl))
	for trial := 0; trial < 20; trial++ {
		th := randomThick(rng, len(mats))
		d.Reflectance(th, r)
		for i, w := range wl {
			ns := make([]complex128, len(mats))
			for j, m := range mats {
				ns[j] = m.Index(w)
			}
			want := cmplx.Abs(abeles(w, 1, ns, th, sub.Index(w)))
			want *= want
			if math.Abs(r[i]-want) > 1e-12 {
				t.Fatalf("trial %d λ=%g: R=%.15g, Abelès %.15g", trial, w, r[i], want)
			}
		}
	}
}

func TestEnergyLossless(t *testing.T) {
	wl := grid81()
	mats := []Material{MustLookup("SiO2"), MustLookup("Ti3O5"), Constant(1.8), MustLookup("SiO2"), MustLookup("Ti3O5"), MustLookup("TopCoat")}
	d := NewDesign(wl, Constant(1), mats, MustLookup("Substrate1.67"))
	rng := rand.New(rand.NewPCG(3, 4))
	r, tr, rr := make([]float64, len(wl)), make([]float64, len(wl)), make([]float64, len(wl))
	for trial := 0; trial < 50; trial++ {
		th := randomThick(rng, len(mats))
		d.RT(th, r, tr, rr)
		for i := range wl {
			if math.Abs(r[i]+tr[i]-1) > 1e-13 {
				t.Fatalf("R+T = %.16g ≠ 1", r[i]+tr[i])
			}
			if math.Abs(r[i]-rr[i]) > 1e-13 {
				t.Fatalf("lossless stack: R=%.16g from the ambient, %.16g from the substrate", r[i], rr[i])
			}
		}
	}
}

func TestEnergyAbsorbing(t *testing.T) {
	wl := grid81()
	mats := append(StackMaterials(), Constant(complex(2.1, 0.2)))
	d := NewDesign(wl, Constant(1), mats, MustLookup("Substrate1.60"))
	// The reverse stack as its own design: ambient and substrate swapped.
	rev := make([]Material, len(mats))
	for j := range mats {
		rev[j] = mats[len(mats)-1-j]
	}
	dr := NewDesign(wl, MustLookup("Substrate1.60"), rev, Constant(1))
	rng := rand.New(rand.NewPCG(5, 6))
	r, tr, rr := make([]float64, len(wl)), make([]float64, len(wl)), make([]float64, len(wl))
	r2, t2, rr2 := make([]float64, len(wl)), make([]float64, len(wl)), make([]float64, len(wl))
	maxDiff := 0.0
	for trial := 0; trial < 50; trial++ {
		th := randomThick(rng, len(mats))
		d.RT(th, r, tr, rr)
		thr := make([]float64, len(th))
		for j := range th {
			thr[j] = th[len(th)-1-j]
		}
		dr.RT(thr, r2, t2, rr2)
		for i := range wl {
			a, ar := 1-r[i]-tr[i], 1-rr[i]-tr[i]
			if a < 0 || ar < 0 || r[i] < 0 || tr[i] < 0 {
				t.Fatalf("negative: R=%g T=%g A=%g A'=%g", r[i], tr[i], a, ar)
			}
			if th[7] > 1 && a < 1e-3 {
				t.Fatalf("absorbing layer of %g nm absorbs only %g", th[7], a)
			}
			if math.Abs(rr[i]-r2[i]) > 1e-13 || math.Abs(r[i]-rr2[i]) > 1e-13 || math.Abs(tr[i]-t2[i]) > 1e-13 {
				t.Fatalf("reverse side: %g %g %g vs reversed design %g %g %g", rr[i], r[i], tr[i], r2[i], rr2[i], t2[i])
			}
			maxDiff = math.Max(maxDiff, math.Abs(r[i]-rr[i]))
		}
	}
	if maxDiff < 1e-3 {
		t.Errorf("absorbing stack: R and R' never differ by more than %g", maxDiff)
	}
}

func TestZeroThicknessVanishes(t *testing.T) {
	wl := grid81()
	st := StackMaterials()
	sub := MustLookup("Substrate1.60")
	full := NewDesign(wl, Constant(1), st, sub)
	// drop ITO (index 1) and the top coat
	part := NewDesign(wl, Constant(1), []Material{st[0], st[2], st[3], st[4], st[5]}, sub)
	a, b := make([]float64, len(wl)), make([]float64, len(wl))
	full.Reflectance([]float64{25, 0, 13, 37, 105, 93, 0}, a)
	part.Reflectance([]float64{25, 13, 37, 105, 93}, b)
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-15 {
			t.Fatalf("λ=%g: %g with zero layers, %g without", wl[i], a[i], b[i])
		}
	}
	bare := NewDesign(wl, Constant(1), nil, sub)
	full.Reflectance(make([]float64, 7), a)
	bare.Reflectance(nil, b)
	for i, w := range wl {
		ns := real(sub.Index(w))
		want := (ns - 1) * (ns - 1) / ((ns + 1) * (ns + 1))
		if math.Abs(a[i]-want) > 1e-15 || math.Abs(b[i]-want) > 1e-15 {
			t.Fatalf("λ=%g: bare %g, zero stack %g, Fresnel %g", w, b[i], a[i], want)
		}
	}
}

// checkGrad compares an analytic gradient with central differences.
func checkGrad(t *testing.T, name string, nw, nl int, f func(x []float64, r []float64), x, grad []float64) {
	t.Helper()
	const h = 1e-4
	rp, rm := make([]float64, nw), make([]float64, nw)
	xp := append([]float64(nil), x...)
	worst := 0.0
	for j := 0; j < nl; j++ {
		xp[j] = x[j] + h
		f(xp, rp)
		xp[j] = x[j] - h
		f(xp, rm)
		xp[j] = x[j]
		for i := 0; i < nw; i++ {
			fd := (rp[i] - rm[i]) / (2 * h)
			g := grad[i*nl+j]
			err := math.Abs(g-fd) / math.Max(math.Abs(fd), 1e-4)
			worst = math.Max(worst, err)
			if err > 1e-6 {
				t.Fatalf("%s: λ index %d layer %d: analytic %.12g, finite difference %.12g", name, i, j, g, fd)
			}
		}
	}
	t.Logf("%s: worst relative error %.2g", name, worst)
}

func TestDesignGradient(t *testing.T) {
	wl := grid81()
	mats := append(StackMaterials(), Constant(complex(2.0, 0.4)))
	d := NewDesign(wl, Constant(1), mats, MustLookup("Substrate1.60"))
	rng := rand.New(rand.NewPCG(7, 8))
	r := make([]float64, len(wl))
	g := make([]float64, len(wl)*len(mats))
	r2 := make([]float64, len(wl))
	for trial := 0; trial < 5; trial++ {
		th := randomThick(rng, len(mats))
		d.ReflectanceGrad(th, r, g)
		d.Reflectance(th, r2)
		for i := range r {
			if r[i] != r2[i] {
				t.Fatalf("ReflectanceGrad R %g ≠ Reflectance %g", r[i], r2[i])
			}
		}
		checkGrad(t, "design", len(wl), len(mats), d.Reflectance, th, g)
	}
}

func TestLensGradient(t *testing.T) {
	wl := grid81()
	st := StackMaterials()
	back := append(append([]Material(nil), st...), Constant(complex(1.9, 0.3)))
	cases := map[string]*Lens{
		"plain": NewLens(wl, MustLookup("Substrate1.60"), st, back),
		"hardcoat+absorbing substrate": NewLensWith(wl, MustLookup("Substrate1.67"), st, back, LensOptions{
			HardCoat:              MustLookup("HardCoat"),
			InternalTransmittance: func(w float64) float64 { return 0.5 + 0.5*(w-380)/400 },
		}),
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for name, l := range cases {
		nw, nf, nb := len(wl), len(st), len(back)
		r, r2 := make([]float64, nw), make([]float64, nw)
		gf, gb := make([]float64, nw*nf), make([]float64, nw*nb)
		for trial := 0; trial < 4; trial++ {
			f, b := randomThick(rng, nf), randomThick(rng, nb)
			l.ReflectanceGrad(f, b, r, gf, gb)
			l.Reflectance(f, b, r2)
			for i := range r {
				if math.Abs(r[i]-r2[i]) > 1e-15 {
					t.Fatalf("%s: ReflectanceGrad R %g ≠ Reflectance %g", name, r[i], r2[i])
				}
			}
			checkGrad(t, name+" front", nw, nf, func(x, out []float64) { l.Reflectance(x, b, out) }, f, gf)
			checkGrad(t, name+" back", nw, nb, func(x, out []float64) { l.Reflectance(f, x, out) }, b, gb)
		}
	}
}

func TestLensIncoherent(t *testing.T) {
	wl := grid81()
	sub := MustLookup("Substrate1.60")
	st := StackMaterials()
	l := NewLens(wl, sub, st, st)
	r, tr := make([]float64, len(wl)), make([]float64, len(wl))
	// Uncoated: R = 2ρ/(1+ρ).
	l.RT(make([]float64, 7), make([]float64, 7), r, tr)
	for i, w := range wl {
		ns := real(sub.Index(w))
		rho := (ns - 1) * (ns - 1) / ((ns + 1) * (ns + 1))
		if want := 2 * rho / (1 + rho); math.Abs(r[i]-want) > 1e-15 {
			t.Fatalf("uncoated λ=%g: R=%g want %g", w, r[i], want)
		}
		if math.Abs(r[i]+tr[i]-1) > 1e-14 {
			t.Fatalf("uncoated: R+T=%g", r[i]+tr[i])
		}
	}
	// Against the faces computed separately.
	d := l.Front()
	f, b := []float64{24.7, 4, 12.6, 36.7, 103, 92, 10}, []float64{25.3, 4, 13, 37.1, 105.5, 93.5, 10}
	r1, t1, r1r := make([]float64, len(wl)), make([]float64, len(wl)), make([]float64, len(wl))
	r2r := make([]float64, len(wl))
	d.RT(f, r1, t1, r1r)
	l.Back().RT(b, nil, nil, r2r)
	l.RT(f, b, r, tr)
	for i := range wl {
		want := r1[i] + t1[i]*t1[i]*r2r[i]/(1-r1r[i]*r2r[i])
		if math.Abs(r[i]-want) > 1e-15 {
			t.Fatalf("λ=%g: lens R=%g, from faces %g", wl[i], r[i], want)
		}
		if a := 1 - r[i] - tr[i]; a < 0 || a > 0.05 {
			t.Fatalf("λ=%g: lens absorptance %g (ITO only)", wl[i], a)
		}
	}
	// An index-matched hard coat changes nothing but the exit medium.
	hc := NewLensWith(wl, sub, st, st, LensOptions{HardCoat: sub})
	r3 := make([]float64, len(wl))
	hc.Reflectance(f, b, r3)
	for i := range wl {
		if math.Abs(r3[i]-r[i]) > 1e-15 {
			t.Fatalf("matched hard coat: %g vs %g", r3[i], r[i])
		}
	}
	// A fully absorbing substrate leaves the front face alone.
	opaque := NewLensWith(wl, sub, st, st, LensOptions{InternalTransmittance: func(float64) float64 { return 1e-12 }})
	opaque.Reflectance(f, b, r3)
	for i := range wl {
		if math.Abs(r3[i]-r1[i]) > 1e-15 {
			t.Fatalf("opaque substrate: %g vs front face %g", r3[i], r1[i])
		}
	}
}

func TestCauchyAbbe(t *testing.T) {
	for _, c := range []struct{ nd, vd float64 }{{1.60, 41}, {1.67, 32}, {1.5, 58}} {
		m := CauchyAbbe(c.nd, c.vd)
		nd := real(m.Index(lineD))
		vd := (nd - 1) / (real(m.Index(lineF)) - real(m.Index(lineC)))
		if math.Abs(nd-c.nd) > 1e-12 || math.Abs(vd-c.vd) > 1e-9 {
			t.Errorf("CauchyAbbe(%g, %g): nd=%g vd=%g", c.nd, c.vd, nd, vd)
		}
	}
	if n := real(MustLookup("Substrate1.67").Index(587.5618)); math.Abs(n-1.67) > 1e-12 {
		t.Errorf("Substrate1.67 nd = %g", n)
	}
}

func TestOffsetScale(t *testing.T) {
	m := Constant(complex(2, 0.1))
	if got := Offset(m, 0.05).Index(500); got != complex(2.05, 0.1) {
		t.Errorf("Offset: %v", got)
	}
	if got := Scale(m, 1.1).Index(500); math.Abs(real(got)-2.2) > 1e-15 || imag(got) != 0.1 {
		t.Errorf("Scale: %v", got)
	}
	if n := real(MustLookup("Ti3O5").Index(550)); math.Abs(n-2.25) > 1e-12 {
		t.Errorf("Ti3O5 n(550) = %g", n)
	}
}

func TestNoAllocations(t *testing.T) {
	d, l, f, b := benchSetup()
	r, g := make([]float64, 81), make([]float64, 81*7)
	tr, rr, g2 := make([]float64, 81), make([]float64, 81), make([]float64, 81*7)
	for name, fn := range map[string]func(){
		"Design.Reflectance":     func() { d.Reflectance(f, r) },
		"Design.ReflectanceGrad": func() { d.ReflectanceGrad(f, r, g) },
		"Design.RT":              func() { d.RT(f, r, tr, rr) },
		"Lens.Reflectance":       func() { l.Reflectance(f, b, r) },
		"Lens.RT":                func() { l.RT(f, b, r, tr) },
		"Lens.ReflectanceGrad":   func() { l.ReflectanceGrad(f, b, r, g, g2) },
	} {
		if n := testing.AllocsPerRun(20, fn); n != 0 {
			t.Errorf("%s: %g allocations per call", name, n)
		}
	}
}

// Designs and lenses are immutable: concurrent evaluation gives the same
// results (run with -race).
func TestConcurrentUse(t *testing.T) {
	_, l, f, b := benchSetup()
	want := make([]float64, 81)
	l.Reflectance(f, b, want)
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		go func() {
			r, gf, gb := make([]float64, 81), make([]float64, 81*7), make([]float64, 81*7)
			for k := 0; k < 20; k++ {
				l.ReflectanceGrad(f, b, r, gf, gb)
				for i := range r {
					if math.Abs(r[i]-want[i]) > 1e-15 {
						errs <- "concurrent result differs"
						return
					}
				}
			}
			errs <- ""
		}()
	}
	for g := 0; g < 8; g++ {
		if e := <-errs; e != "" {
			t.Fatal(e)
		}
	}
}

// Stacks longer than the on-stack scratch take the allocating path.
func TestLongStack(t *testing.T) {
	wl := Grid(400, 700, 25)
	var mats []Material
	for j := 0; j < maxStackLayers+8; j++ {
		if j%2 == 0 {
			mats = append(mats, MustLookup("SiO2"))
		} else {
			mats = append(mats, MustLookup("ITO"))
		}
	}
	sub := MustLookup("Substrate1.60")
	d := NewDesign(wl, Constant(1), mats, sub)
	rng := rand.New(rand.NewPCG(19, 20))
	th := randomThick(rng, len(mats))
	r, g := make([]float64, len(wl)), make([]float64, len(wl)*len(mats))
	d.ReflectanceGrad(th, r, g)
	for i, w := range wl {
		ns := make([]complex128, len(mats))
		for j, m := range mats {
			ns[j] = m.Index(w)
		}
		want := cmplx.Abs(abeles(w, 1, ns, th, sub.Index(w)))
		if math.Abs(r[i]-want*want) > 1e-12 {
			t.Fatalf("λ=%g: R=%g, Abelès %g", w, r[i], want*want)
		}
	}
	checkGrad(t, "40 layers", len(wl), len(mats), d.Reflectance, th, g)
	l := NewLens(wl, sub, mats, mats)
	gf, gb := make([]float64, len(wl)*len(mats)), make([]float64, len(wl)*len(mats))
	l.ReflectanceGrad(th, th, r, gf, gb)
	checkGrad(t, "40-layer lens", len(wl), len(mats), func(x, out []float64) { l.Reflectance(x, th, out) }, th, gf)
}
