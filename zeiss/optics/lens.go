package optics

import (
	"fmt"
	"math"
)

// LensOptions are the optional parts of a Lens model.
type LensOptions struct {
	// HardCoat, when not nil, is a lacquer hard coat between the substrate
	// and each face's thin layers. It is a few µm thick, so at the 5 nm
	// resolution of the spectrophotometer its interference fringes average
	// out: it is treated as a thick incoherent layer. The thin layers are
	// then coherent between the ambient and the hard coat, and the hard
	// coat/substrate interface adds an incoherent Fresnel reflection
	// ((n_h − n_s)/(n_h + n_s))², which vanishes when the hard coat is index
	// matched to the substrate. Absorption in the hard coat is ignored; the
	// hard coat must have k = 0.
	HardCoat Material
	// InternalTransmittance, when not nil, gives the single-pass internal
	// transmittance (0…1] of the substrate at a wavelength in nm (UV
	// absorbers of lens materials cut the blue end). nil means a lossless
	// substrate.
	InternalTransmittance func(wavelengthNM float64) float64
	// AngleDeg is the angle of incidence in air in degrees (0 ≤ angle < 90).
	// At oblique incidence the lens is computed for s and p light
	// separately (each face, interface and multiple reflection per
	// polarization) and the two double-sided curves are averaged:
	// unpolarized light. The internal transmittance is then the one along
	// the refracted ray. 0 (the default) is normal incidence.
	AngleDeg float64
}

// Lens is a thick substrate, coated on its front face (where the light of
// the spectrophotometer enters) and on its back face. Each face is a Design
// with the thin layers coherent between air and the substrate (or hard
// coat); the two faces are combined incoherently through the substrate:
//
//	R = R₁ + T₁²·τ²·R₂′ / (1 − R₁′·R₂′·τ²)
//
// with R₁, T₁ the front face seen from air, R₁′ the front face seen from
// the substrate, R₂′ the back face seen from the substrate and τ the
// single-pass internal transmittance. For absorbing stacks (ITO) R₁′ ≠ R₁;
// transmittance is reciprocal. Layer thicknesses of each face are physical
// nm, ordered from the substrate outwards (L1 … L7).
//
// A Lens is immutable and safe for concurrent use; its methods do not
// allocate for faces of up to 32 layers.
type Lens struct {
	ch  []lensChannel // one per polarization: 1 at normal incidence, s and p otherwise
	q   []float64     // τ²
	tau []float64     // τ
}

// lensChannel is the lens for one polarization.
type lensChannel struct {
	front, back *Design
	rho         []float64 // incoherent hard coat/substrate interface reflectance
}

// NewLens returns a lens of the given substrate with thin layers (substrate
// outwards) on the front and back faces, in air, at normal incidence,
// without hard coat and with a lossless substrate.
func NewLens(wavelengths []float64, substrate Material, frontLayers, backLayers []Material) *Lens {
	return NewLensWith(wavelengths, substrate, frontLayers, backLayers, LensOptions{})
}

// NewLensWith is NewLens with options (hard coat, substrate absorption,
// angle of incidence). It panics on invalid optical constants, as NewDesign
// does, and on an internal transmittance outside (0, 1].
func NewLensWith(wavelengths []float64, substrate Material, frontLayers, backLayers []Material, opt LensOptions) *Lens {
	exit := substrate
	if opt.HardCoat != nil {
		exit = opt.HardCoat
	}
	air := Constant(1)
	pols := []Polarization{PolS}
	if opt.AngleDeg != 0 {
		pols = append(pols, PolP)
	}
	nw := len(wavelengths)
	l := &Lens{q: make([]float64, nw), tau: make([]float64, nw)}
	for _, pol := range pols {
		c := lensChannel{
			front: NewDesignAt(wavelengths, air, frontLayers, exit, opt.AngleDeg, pol),
			back:  NewDesignAt(wavelengths, air, backLayers, exit, opt.AngleDeg, pol),
			rho:   make([]float64, nw),
		}
		if opt.HardCoat != nil {
			// The hard coat/substrate interface seen from the hard coat:
			// a bare interface, i.e. a design without layers.
			hs := NewDesignAt(wavelengths, air, nil, substrate, opt.AngleDeg, pol)
			for i := range wavelengths {
				nh, ns := c.front.ys[i], hs.ys[i] // tilted admittances
				c.rho[i] = (nh - ns) * (nh - ns) / ((nh + ns) * (nh + ns))
			}
		}
		l.ch = append(l.ch, c)
	}
	for i, wl := range wavelengths {
		tau := 1.0
		if opt.InternalTransmittance != nil {
			tau = opt.InternalTransmittance(wl)
			if !(tau > 0 && tau <= 1) {
				panic(fmt.Sprintf("optics: internal transmittance %g at %g nm is not in (0, 1]", tau, wl))
			}
		}
		l.tau[i], l.q[i] = tau, tau*tau
	}
	return l
}

// Front returns the front face as a Design (ambient air, exit medium the
// substrate or hard coat): its Reflectance is the single-face curve. With a
// hard coat the face ends in the hard coat: the incoherent hard
// coat/substrate reflection is not part of the Design.
// At oblique incidence it is the s-polarized face.
func (l *Lens) Front() *Design { return l.ch[0].front }

// Back returns the back face as a Design, like Front.
func (l *Lens) Back() *Design { return l.ch[0].back }

// Wavelengths returns the wavelength grid (nm). The slice must not be modified.
func (l *Lens) Wavelengths() []float64 { return l.ch[0].front.wl }

// withInterface combines a coherent stack (R, T, Rr) with the incoherent
// interface of reflectance rho below it, returning the face quantities and
// the partial derivatives of each with respect to (R, T, Rr).
func withInterface(R, T, Rr, rho float64) (f, dR, dT, dRr [3]float64) {
	if rho == 0 {
		return [3]float64{R, T, Rr}, [3]float64{1, 0, 0}, [3]float64{0, 1, 0}, [3]float64{0, 0, 1}
	}
	u := 1 - rho
	dd := 1 - Rr*rho
	f = [3]float64{R + T*T*rho/dd, T * u / dd, rho + u*u*Rr/dd}
	dR = [3]float64{1, 0, 0}
	dT = [3]float64{2 * T * rho / dd, u / dd, 0}
	dRr = [3]float64{T * T * rho * rho / (dd * dd), T * u * rho / (dd * dd), u * u / (dd * dd)}
	return
}

// reverse returns (B', C') for light incident from the substrate side:
// the reversed stack applied to (1, y0), i.e. (m22 + m12·y0, m21 + m11·y0).
func (d *Design) reverse(i int, s, c []complex128) (complex128, complex128) {
	lc := d.lc[i*d.nl : (i+1)*d.nl]
	B, C := complex(1, 0), complex(d.y0[i], 0)
	for j := d.nl - 1; j >= 0; j-- {
		B, C = apply(&lc[j], s[j], c[j], B, C)
	}
	return B, C
}

// reverseR is the reflectance of the face for light from the substrate side.
func (d *Design) reverseR(i int, s, c []complex128) float64 {
	B, C := d.reverse(i, s, c)
	ys := complex(d.ys[i], 0)
	return abs2(ys*B-C) / abs2(ys*B+C)
}

func (l *Lens) check(front, back []float64, out ...[]float64) {
	f, b := l.ch[0].front, l.ch[0].back
	if len(front) != f.nl || len(back) != b.nl {
		panic(fmt.Sprintf("optics: %d front and %d back thicknesses for %d and %d layers",
			len(front), len(back), f.nl, b.nl))
	}
	for k, o := range out {
		if o != nil && len(o) < len(f.wl) {
			panic(fmt.Sprintf("optics: output %d has %d values for %d wavelengths", k+1, len(o), len(f.wl)))
		}
	}
}

// Reflectance writes the double-sided reflectance (fraction 0…1) of the lens
// as the spectrophotometer sees it, light entering through the front face,
// into r. front and back are the physical thicknesses (nm) of each face's
// layers, substrate outwards.
func (l *Lens) Reflectance(front, back []float64, r []float64) {
	l.RT(front, back, r, nil)
}

// RT writes the double-sided reflectance r and transmittance t of the lens
// (either may be nil). Absorptance is 1 − r − t.
func (l *Lens) RT(front, back []float64, r, t []float64) {
	l.check(front, back, r, t)
	f0, b0 := l.ch[0].front, l.ch[0].back
	var sfb, cfb, sbb, cbb [maxStackLayers]complex128
	sf, cf := scratch(&sfb, f0.nl), scratch(&cfb, f0.nl)
	sb, cb := scratch(&sbb, b0.nl), scratch(&cbb, b0.nl)
	w := 1 / float64(len(l.ch))
	for i := range f0.wl {
		// The phase thicknesses are the same for both polarizations.
		f0.phases(i, front, sf, cf)
		b0.phases(i, back, sb, cb)
		q := l.q[i]
		var rs, ts float64
		for k := range l.ch {
			ch := &l.ch[k]
			m11, m12, m21, m22 := ch.front.matrix(i, sf, cf, nil)
			f := ch.front.rt(i, m11, m12, m21, m22)
			rho := ch.rho[i]
			f1, _, _, _ := withInterface(f.R, f.T, f.Rr, rho)
			var f2 [3]float64
			if t != nil {
				m11, m12, m21, m22 = ch.back.matrix(i, sb, cb, nil)
				b := ch.back.rt(i, m11, m12, m21, m22)
				f2, _, _, _ = withInterface(b.R, b.T, b.Rr, rho)
			} else {
				f2, _, _, _ = withInterface(0, 0, ch.back.reverseR(i, sb, cb), rho)
			}
			den := 1 - f1[2]*f2[2]*q
			rs += f1[0] + f1[1]*f1[1]*q*f2[2]/den
			ts += f1[1] * f2[1] * l.tau[i] / den
		}
		if r != nil {
			r[i] = w * rs
		}
		if t != nil {
			t[i] = w * ts
		}
	}
}

// ReflectanceGrad writes the double-sided reflectance into r and its
// derivatives with respect to the front and back layer thicknesses (per nm)
// into gradFront and gradBack, row-major [wavelength][layer].
func (l *Lens) ReflectanceGrad(front, back []float64, r, gradFront, gradBack []float64) {
	l.check(front, back, r)
	f0, b0 := l.ch[0].front, l.ch[0].back
	nw, nf, nb := len(f0.wl), f0.nl, b0.nl
	if len(gradFront) < nw*nf || len(gradBack) < nw*nb {
		panic(fmt.Sprintf("optics: gradients have %d and %d values, need %d and %d",
			len(gradFront), len(gradBack), nw*nf, nw*nb))
	}
	var sfb, cfb, sbb, cbb [maxStackLayers]complex128
	var belf, belb [4 * maxStackLayers]complex128
	sf, cf := scratch(&sfb, nf), scratch(&cfb, nf)
	sb, cb := scratch(&sbb, nb), scratch(&cbb, nb)
	bf, bb := belf[:], belb[:]
	if nf > maxStackLayers {
		bf = make([]complex128, 4*nf)
	}
	if nb > maxStackLayers {
		bb = make([]complex128, 4*nb)
	}
	w := 1 / float64(len(l.ch))
	for i := range f0.wl {
		f0.phases(i, front, sf, cf)
		b0.phases(i, back, sb, cb)
		gf, gb := gradFront[i*nf:(i+1)*nf], gradBack[i*nb:(i+1)*nb]
		clear(gf)
		clear(gb)
		q := l.q[i]
		rs := 0.0
		for k := range l.ch {
			ch := &l.ch[k]
			m11, m12, m21, m22 := ch.front.matrix(i, sf, cf, bf)
			f := ch.front.rt(i, m11, m12, m21, m22)
			m11, m12, m21, m22 = ch.back.matrix(i, sb, cb, bb)
			b := ch.back.rt(i, m11, m12, m21, m22)
			rho := ch.rho[i]
			f1, d1R, d1T, d1Rr := withInterface(f.R, f.T, f.Rr, rho)
			f2, _, _, d2Rr := withInterface(b.R, b.T, b.Rr, rho)
			den := 1 - f1[2]*f2[2]*q
			rs += f1[0] + f1[1]*f1[1]*q*f2[2]/den
			// Partial derivatives of R (weighted) with respect to the face quantities.
			pR1 := w
			pT1 := w * 2 * f1[1] * q * f2[2] / den
			pR1r := w * f1[1] * f1[1] * q * f2[2] * f2[2] * q / (den * den)
			pR2r := w * f1[1] * f1[1] * q / (den * den)
			// … and with respect to the coherent stack quantities.
			wR := pR1*d1R[0] + pT1*d1R[1] + pR1r*d1R[2]
			wT := pR1*d1T[0] + pT1*d1T[1] + pR1r*d1T[2]
			wRr := pR1*d1Rr[0] + pT1*d1Rr[1] + pR1r*d1Rr[2]
			g11, g12, g21, g22 := ch.front.wirtinger(i, &f, wR, wT, wRr)
			ch.front.adjointMat(i, sf, cf, bf, g11, g12, g21, g22, gf)
			g11, g12, g21, g22 = ch.back.wirtinger(i, &b, 0, 0, pR2r*d2Rr[2])
			ch.back.adjointMat(i, sb, cb, bb, g11, g12, g21, g22, gb)
		}
		r[i] = w * rs
	}
}

// PercentCurve converts reflectance fractions to percent in place and
// returns the slice.
func PercentCurve(r []float64) []float64 {
	for i := range r {
		r[i] *= 100
	}
	return r
}

// Grid returns the wavelengths lo, lo+step, …, ≤ hi (nm), e.g. Grid(380,
// 780, 5) for the 81-point curve grid.
func Grid(lo, hi, step float64) []float64 {
	if !(step > 0) || hi < lo {
		panic(fmt.Sprintf("optics: bad grid %g…%g step %g", lo, hi, step))
	}
	n := int(math.Floor((hi-lo)/step+1e-9)) + 1
	g := make([]float64, n)
	for i := range g {
		g[i] = lo + float64(i)*step
	}
	return g
}
