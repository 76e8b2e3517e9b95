package optics

import (
	"fmt"
	"math"
	"math/cmplx"
)

// maxStackLayers is the number of layers up to which the per-wavelength
// scratch of the evaluation lives on the stack (no heap allocation); longer
// stacks allocate scratch per call.
const maxStackLayers = 32

// Design is one coated face: a semi-infinite ambient medium, thin layers
// treated coherently, and a semi-infinite exit medium (the substrate).
// Layers are ordered from the substrate outwards: layers[0] lies on the
// substrate, layers[len-1] faces the ambient. Thicknesses are physical, in
// nm, in the same order.
//
// The optical constants of every medium are evaluated once per wavelength of
// the grid in NewDesign. A Design is immutable and safe for concurrent use;
// its methods do not allocate for stacks of up to 32 layers. They panic if
// the number of thicknesses differs from the number of layers or if an
// output slice is shorter than the grid (programming errors).
//
// The computation is the characteristic-matrix (transfer-matrix) method at
// normal incidence (NewDesign) or at oblique incidence for s or p light
// (NewDesignAt). Internally the admittances use the N = n − i·k sign
// convention of Macleod's "Thin-Film Optical Filters"; Material values
// (n + i·k, k ≥ 0 absorbing) are conjugated on entry, which leaves every
// intensity (R, T) unchanged. The ambient and the substrate must be
// non-absorbing (k = 0); absorption in a thick substrate is an incoherent
// effect, see LensOptions.
type Design struct {
	wl     []float64
	nl     int       // number of layers
	y0, ys []float64 // ambient and substrate (tilted) admittances per wavelength
	lc     []layerConst
}

// layerConst are the constants of one layer at one wavelength.
type layerConst struct {
	y, yinv  complex128 // (tilted) admittance, n − ik at normal incidence, and its inverse
	beta     complex128 // 2π·N·cos θ/λ: phase thickness per nm
	lossless bool       // k = 0: real arithmetic
}

// Polarization selects the s (TE) or p (TM) wave at oblique incidence.
type Polarization int

const (
	// PolS is the s (TE) polarization: electric field normal to the plane
	// of incidence. At normal incidence both polarizations coincide.
	PolS Polarization = iota
	// PolP is the p (TM) polarization: electric field in the plane of
	// incidence.
	PolP
)

// String returns "s" or "p".
func (p Polarization) String() string {
	if p == PolP {
		return "p"
	}
	return "s"
}

// NewDesign evaluates the optical constants of the ambient, the layers
// (substrate outwards) and the substrate on the wavelength grid (nm), for
// normal incidence. It panics if a wavelength is not positive and finite, if
// a layer index has n ≤ 0 or k < 0, or if the ambient or the substrate
// absorbs (k ≠ 0): these are programming errors, not data errors.
func NewDesign(wavelengths []float64, ambient Material, layers []Material, substrate Material) *Design {
	return NewDesignAt(wavelengths, ambient, layers, substrate, 0, PolS)
}

// NewDesignAt is NewDesign for light incident from the ambient at angleDeg
// degrees (0 ≤ angle < 90) in polarization pol. It uses the tilted optical
// admittances η = N·cos θ (s) and η = N/cos θ (p) and the phase thickness
// 2π·N·d·cos θ/λ, with N·cos θ = √(N² − n₀²·sin² θ₀) (the root with
// positive real part, which decays into absorbing layers). Besides the
// panics of NewDesign it panics if the light is totally reflected at the
// substrate (n₀·sin θ₀ ≥ n_s).
func NewDesignAt(wavelengths []float64, ambient Material, layers []Material, substrate Material, angleDeg float64, pol Polarization) *Design {
	if !(angleDeg >= 0 && angleDeg < 90) {
		panic(fmt.Sprintf("optics: angle of incidence %g° is not in [0, 90)", angleDeg))
	}
	if pol != PolS && pol != PolP {
		panic(fmt.Sprintf("optics: unknown polarization %d", int(pol)))
	}
	sin0 := math.Sin(angleDeg * math.Pi / 180)
	nw, nl := len(wavelengths), len(layers)
	d := &Design{
		wl: append([]float64(nil), wavelengths...),
		nl: nl,
		y0: make([]float64, nw),
		ys: make([]float64, nw),
		lc: make([]layerConst, nw*nl),
	}
	for i, wl := range wavelengths {
		if !(wl > 0) || math.IsInf(wl, 0) {
			panic(fmt.Sprintf("optics: wavelength %d is %g nm", i, wl))
		}
		n0 := realIndex("ambient", ambient, wl)
		ns := realIndex("substrate", substrate, wl)
		kx := n0 * sin0 // conserved tangential component
		if kx >= ns {
			panic(fmt.Sprintf("optics: total reflection at the substrate (n0·sinθ = %g ≥ ns = %g at %g nm)", kx, ns, wl))
		}
		// tilt returns (N·cos θ, η) for a medium of index y (n − ik).
		tilt := func(y complex128) (complex128, complex128) {
			if angleDeg == 0 {
				return y, y
			}
			yc := cmplx.Sqrt(y*y - complex(kx*kx, 0))
			if pol == PolS {
				return yc, yc
			}
			return yc, y * y / yc
		}
		_, e0 := tilt(complex(n0, 0))
		_, es := tilt(complex(ns, 0))
		d.y0[i], d.ys[i] = real(e0), real(es)
		for j, m := range layers {
			n := m.Index(wl)
			if !validIndex(n) {
				panic(checkIndex(fmt.Sprintf("layer %d", j+1), wl, n).Error())
			}
			yc, eta := tilt(complex(real(n), -imag(n)))
			d.lc[i*nl+j] = layerConst{
				y:        eta,
				yinv:     1 / eta,
				beta:     complex(2*math.Pi/wl, 0) * yc,
				lossless: imag(yc) == 0 && imag(eta) == 0,
			}
		}
	}
	return d
}

func realIndex(what string, m Material, wl float64) float64 {
	n := m.Index(wl)
	if err := checkIndex(what, wl, n); err != nil {
		panic(err.Error())
	}
	if imag(n) != 0 {
		panic(fmt.Sprintf("optics: %s absorbs (k = %g at %g nm); semi-infinite media must have k = 0", what, imag(n), wl))
	}
	return real(n)
}

// Wavelengths returns the wavelength grid (nm). The slice must not be modified.
func (d *Design) Wavelengths() []float64 { return d.wl }

// NumLayers returns the number of thin layers.
func (d *Design) NumLayers() int { return d.nl }

func (d *Design) check(thick []float64, out ...[]float64) {
	if len(thick) != d.nl {
		panic(fmt.Sprintf("optics: %d thicknesses for %d layers", len(thick), d.nl))
	}
	for k, o := range out {
		if len(o) < len(d.wl) {
			panic(fmt.Sprintf("optics: output %d has %d values for %d wavelengths", k+1, len(o), len(d.wl)))
		}
	}
}

// scratch returns per-layer buffers, on the caller's stack for short stacks.
func scratch(buf *[maxStackLayers]complex128, n int) []complex128 {
	if n <= maxStackLayers {
		return buf[:n]
	}
	return make([]complex128, n)
}

// csincos returns sin z and cos z.
func csincos(z complex128) (s, c complex128) {
	a, b := real(z), imag(z)
	sa, ca := sincos(a)
	if b == 0 {
		return complex(sa, 0), complex(ca, 0)
	}
	sh, ch := sinhcosh(b)
	return complex(sa*ch, ca*sh), complex(ca*ch, -sa*sh)
}

// mulI returns i·z.
func mulI(z complex128) complex128 { return complex(-imag(z), real(z)) }

func abs2(z complex128) float64 { return real(z)*real(z) + imag(z)*imag(z) }

// phases fills s[j], c[j] = sin δ_j, cos δ_j at wavelength index i.
func (d *Design) phases(i int, thick []float64, s, c []complex128) {
	lc := d.lc[i*d.nl : (i+1)*d.nl]
	for j, t := range thick {
		if lc[j].lossless {
			sa, ca := sincos(real(lc[j].beta) * t)
			s[j], c[j] = complex(sa, 0), complex(ca, 0)
			continue
		}
		s[j], c[j] = csincos(lc[j].beta * complex(t, 0))
	}
}

// apply returns M_j·(B, C) for the layer matrix
// M_j = [[c, i·s/y], [i·y·s, c]] (an exact identity when s = 0, c = 1).
func apply(l *layerConst, s, c, B, C complex128) (complex128, complex128) {
	if l.lossless {
		sr, cr := real(s), real(c)
		a, b := sr*real(l.yinv), sr*real(l.y)
		return complex(cr*real(B)-a*imag(C), cr*imag(B)+a*real(C)),
			complex(cr*real(C)-b*imag(B), cr*imag(C)+b*real(B))
	}
	is := mulI(s)
	return c*B + is*l.yinv*C, is*l.y*B + c*C
}

// forward returns (B, C) = M·(1, ys) with M = M_L…M_1, storing in uB, uC
// (when non-nil) the vector below each layer.
func (d *Design) forward(i int, s, c, uB, uC []complex128) (complex128, complex128) {
	lc := d.lc[i*d.nl : (i+1)*d.nl]
	B, C := complex(1, 0), complex(d.ys[i], 0)
	for j := range lc {
		if uB != nil {
			uB[j], uC[j] = B, C
		}
		B, C = apply(&lc[j], s[j], c[j], B, C)
	}
	return B, C
}

// Reflectance writes the reflectance (fraction 0…1) of the face for light
// incident from the ambient, per wavelength, into r (len ≥ number of
// wavelengths). thick are the physical layer thicknesses in nm, substrate
// outwards; a zero thickness removes the layer. Thicknesses should be ≥ 0.
func (d *Design) Reflectance(thick []float64, r []float64) {
	d.check(thick, r)
	var sb, cb [maxStackLayers]complex128
	s, c := scratch(&sb, d.nl), scratch(&cb, d.nl)
	for i := range d.wl {
		d.phases(i, thick, s, c)
		B, C := d.forward(i, s, c, nil, nil)
		y0 := complex(d.y0[i], 0)
		r[i] = abs2(y0*B-C) / abs2(y0*B+C)
	}
}

// ReflectanceGrad writes the reflectance into r like Reflectance and its
// derivative with respect to each layer thickness (per nm) into grad,
// row-major [wavelength][layer] (len ≥ wavelengths × layers). The gradient
// is analytic (adjoint of the transfer-matrix product).
func (d *Design) ReflectanceGrad(thick []float64, r []float64, grad []float64) {
	d.check(thick, r)
	nl := d.nl
	if len(grad) < len(d.wl)*nl {
		panic(fmt.Sprintf("optics: gradient has %d values, need %d", len(grad), len(d.wl)*nl))
	}
	var sb, cb, ubb, ucb [maxStackLayers]complex128
	s, c := scratch(&sb, nl), scratch(&cb, nl)
	uB, uC := scratch(&ubb, nl), scratch(&ucb, nl)
	for i := range d.wl {
		d.phases(i, thick, s, c)
		B, C := d.forward(i, s, c, uB, uC)
		y0 := complex(d.y0[i], 0)
		num, den := y0*B-C, y0*B+C
		rr := num / den
		r[i] = abs2(num) / abs2(den)
		// Wirtinger derivatives of R = |r|² with respect to B and C.
		k := 2 * complex(real(rr), -imag(rr)) * y0 / (den * den)
		wB, wC := k*C, -k*B
		d.adjointVec(i, s, c, uB, uC, wB, wC, grad[i*nl:(i+1)*nl])
	}
}

// adjointVec writes dF/dd_j = 2·Re(w·dM/dd_j·v) for the row vector (wB, wC)
// of Wirtinger derivatives of a real F with respect to (B, C).
// dM_j/dd_j = β_j·M_j·K_j with K_j = [[0, i/y_j], [i·y_j, 0]], so the
// contribution of layer j is β_j·(w·M_L…M_j)·K_j·u_j.
func (d *Design) adjointVec(i int, s, c, uB, uC []complex128, wB, wC complex128, g []float64) {
	lc := d.lc[i*d.nl : (i+1)*d.nl]
	for j := d.nl - 1; j >= 0; j-- {
		l := &lc[j]
		// (wB, wC)·M_j = Mᵀ_j·(wB, wC): M_j is persymmetric, so the row
		// update is apply with the roles of y and 1/y exchanged.
		wC, wB = apply(l, s[j], c[j], wC, wB)
		v := wB*mulI(l.yinv*uC[j]) + wC*mulI(l.y*uB[j])
		g[j] = 2 * real(l.beta*v)
	}
}

// matrix returns the characteristic matrix M = M_L…M_1 of the stack,
// storing in below (when non-nil, 4 per layer) the product of the layers
// below each layer.
func (d *Design) matrix(i int, s, c []complex128, below []complex128) (m11, m12, m21, m22 complex128) {
	lc := d.lc[i*d.nl : (i+1)*d.nl]
	m11, m22 = 1, 1
	for j := range lc {
		if below != nil {
			below[4*j], below[4*j+1], below[4*j+2], below[4*j+3] = m11, m12, m21, m22
		}
		m11, m21 = apply(&lc[j], s[j], c[j], m11, m21)
		m12, m22 = apply(&lc[j], s[j], c[j], m12, m22)
	}
	return
}

// adjointMat adds dF/dd_j = 2·Re Σ G_ab·dM_ab/dd_j to g[j] for the
// Wirtinger derivatives G of a real F with respect to the matrix entries.
func (d *Design) adjointMat(i int, s, c, below []complex128, g11, g12, g21, g22 complex128, g []float64) {
	lc := d.lc[i*d.nl : (i+1)*d.nl]
	// X = Gᵀ·M_L…M_j; contribution tr(X·K_j·Below_j).
	x11, x12, x21, x22 := g11, g21, g12, g22
	for j := d.nl - 1; j >= 0; j-- {
		l := &lc[j]
		x12, x11 = apply(l, s[j], c[j], x12, x11)
		x22, x21 = apply(l, s[j], c[j], x22, x21)
		// X·K = [[x12·i·y, x11·i/y], [x22·i·y, x21·i/y]]
		b := below[4*j : 4*j+4]
		t := mulI(l.y*(x12*b[0]+x22*b[1])) + mulI(l.yinv*(x11*b[2]+x21*b[3]))
		g[j] += 2 * real(l.beta*t)
	}
}

// faceRT holds the intensity quantities of a face at one wavelength and the
// intermediates needed for their gradient.
type faceRT struct {
	R, T, Rr float64 // reflectance from the ambient, transmittance, reflectance from the substrate
	// intermediates
	B, C, Br, Cr complex128 // B, C for ambient incidence; B', C' for substrate incidence
	r, rr        complex128 // amplitude reflection coefficients
	D, Dr        complex128 // denominators y0·B + C and ys·B' + C'
}

// rt evaluates R, T and the reverse-side reflectance from the matrix. The
// reverse stack's matrix is M with its diagonal swapped (every layer matrix
// has equal diagonal entries).
func (d *Design) rt(i int, m11, m12, m21, m22 complex128) faceRT {
	y0, ys := complex(d.y0[i], 0), complex(d.ys[i], 0)
	var f faceRT
	f.B, f.C = m11+m12*ys, m21+m22*ys
	f.D = y0*f.B + f.C
	f.r = (y0*f.B - f.C) / f.D
	f.R = abs2(f.r)
	f.T = 4 * d.y0[i] * d.ys[i] / abs2(f.D)
	f.Br, f.Cr = m22+m12*y0, m21+m11*y0
	f.Dr = ys*f.Br + f.Cr
	f.rr = (ys*f.Br - f.Cr) / f.Dr
	f.Rr = abs2(f.rr)
	return f
}

// wirtinger returns the Wirtinger derivatives with respect to the matrix
// entries of F = wR·R + wT·T + wRr·Rr.
func (d *Design) wirtinger(i int, f *faceRT, wR, wT, wRr float64) (g11, g12, g21, g22 complex128) {
	y0, ys := complex(d.y0[i], 0), complex(d.ys[i], 0)
	// R = |r|², r = (y0B − C)/D: ∂R/∂B = r̄·2y0C/D², ∂R/∂C = −r̄·2y0B/D².
	kr := complex(2*wR, 0) * conj(f.r) * y0 / (f.D * f.D)
	gB, gC := kr*f.C, -kr*f.B
	// T = 4y0ys/|D|²: ∂T/∂B = −T·y0/D, ∂T/∂C = −T/D.
	kt := complex(-wT*f.T, 0) / f.D
	gB += kt * y0
	gC += kt
	// Rr = |r'|², r' = (ysB' − C')/D'.
	krr := complex(2*wRr, 0) * conj(f.rr) * ys / (f.Dr * f.Dr)
	gBr, gCr := krr*f.Cr, -krr*f.Br
	// B = m11 + m12·ys, C = m21 + m22·ys, B' = m22 + m12·y0, C' = m21 + m11·y0.
	g11 = gB + gCr*y0
	g12 = gB*ys + gBr*y0
	g21 = gC + gCr
	g22 = gC*ys + gBr
	return
}

func conj(z complex128) complex128 { return complex(real(z), -imag(z)) }

// RT writes, per wavelength, the reflectance r and transmittance t for light
// incident from the ambient, and the reflectance rRev for light incident from
// the substrate side. The absorptance is 1 − r − t from the ambient side and
// 1 − rRev − t from the substrate side (transmittance is reciprocal). Any of
// r, t, rRev may be nil.
func (d *Design) RT(thick []float64, r, t, rRev []float64) {
	d.check(thick)
	for k, o := range [][]float64{r, t, rRev} {
		if o != nil && len(o) < len(d.wl) {
			panic(fmt.Sprintf("optics: output %d has %d values for %d wavelengths", k+1, len(o), len(d.wl)))
		}
	}
	var sb, cb [maxStackLayers]complex128
	s, c := scratch(&sb, d.nl), scratch(&cb, d.nl)
	for i := range d.wl {
		d.phases(i, thick, s, c)
		m11, m12, m21, m22 := d.matrix(i, s, c, nil)
		f := d.rt(i, m11, m12, m21, m22)
		if r != nil {
			r[i] = f.R
		}
		if t != nil {
			t[i] = f.T
		}
		if rRev != nil {
			rRev[i] = f.Rr
		}
	}
}
