package twin

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/arcoat/zeiss/zeiss/colour"
	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/optics"
)

// model is the optics of the twin: the double-sided lens of either
// substrate with film index offsets, and the colour converter.
type model struct {
	p     *Params
	wl    []float64
	base  [NumMaterials]optics.Material
	subs  [2]optics.Material
	hc    optics.Material
	conv  *colour.Converter
	cache map[lensKey]*optics.Lens
	// scratch for gradients
	gf, gb []float64
}

// lensKey identifies a lens by substrate and index offsets quantised to 1e-5.
type lensKey struct {
	sub Substrate
	idx [NumMaterials]int32
}

// newModel loads the materials.
func newModel(p *Params) (*model, error) {
	m := &model{p: p, wl: make([]float64, furnace.NumPoints), cache: map[lensKey]*optics.Lens{}}
	for i := range m.wl {
		m.wl[i] = furnace.Wavelength(i)
	}
	var err error
	for k := range NumMaterials {
		if m.base[k], err = optics.Lookup(Material(k).String()); err != nil {
			return nil, fmt.Errorf("twin: %w", err)
		}
	}
	for s, name := range [2]string{"Substrate1.60", "Substrate1.67"} {
		if m.subs[s], err = optics.Lookup(name); err != nil {
			return nil, fmt.Errorf("twin: %w", err)
		}
	}
	if m.hc, err = optics.Lookup("HardCoat"); err != nil {
		return nil, fmt.Errorf("twin: %w", err)
	}
	if m.conv, err = colour.NewConverter(colour.IlluminantC, colour.Observer2); err != nil {
		return nil, fmt.Errorf("twin: %w", err)
	}
	m.gf = make([]float64, furnace.NumPoints*furnace.NumLayers)
	m.gb = make([]float64, furnace.NumPoints*furnace.NumLayers)
	return m, nil
}

// lens returns the lens of substrate sub with film index offsets idx.
func (m *model) lens(sub Substrate, idx [NumMaterials]float64) *optics.Lens {
	var key lensKey
	key.sub = sub
	for k, v := range idx {
		key.idx[k] = int32(math.Round(v * 1e5))
	}
	if l, ok := m.cache[key]; ok {
		return l
	}
	layers := make([]optics.Material, furnace.NumLayers)
	for l, mat := range LayerMaterial {
		layers[l] = optics.Offset(m.base[mat], float64(key.idx[mat])/1e5)
	}
	l := optics.NewLensWith(m.wl, m.subs[sub], layers, layers, optics.LensOptions{HardCoat: m.hc})
	if len(m.cache) > 4096 {
		clear(m.cache)
	}
	m.cache[key] = l
	return l
}

// curve writes the double-sided reflectance in % of physical thicknesses
// phys (furnace.Back, furnace.Front) into out.
func (m *model) curve(sub Substrate, idx [NumMaterials]float64, phys *[2][furnace.NumLayers]float64, out []float64) {
	m.lens(sub, idx).Reflectance(phys[furnace.Front][:], phys[furnace.Back][:], out)
	for i := range out {
		out[i] *= 100
	}
}

// nominalPhysical returns the physical thicknesses the operators expect for
// set-points sp: the clean-chamber tooling half way through a typical cycle.
func (m *model) nominalTooling() (tool [2][NumMaterials]float64) {
	p := m.p
	a := float64(p.CycleMin+p.CycleMax) / 100 / 2 // half a cycle, two runs per furnace
	for k := range NumMaterials {
		t := p.Tooling[k] * (1 + p.ToolingDrift[k]*a)
		tool[furnace.Front][k] = t
		tool[furnace.Back][k] = t * (1 + p.FaceTooling)
	}
	return tool
}

// operatorCorrection returns the damped least-squares change of (back L5,
// back L6, front L5, front L6) that moves the colour from lab towards the
// aim, on the operators' nominal model of the process.
func (m *model) operatorCorrection(sp *[2][furnace.NumLayers]float64, lab colour.Lab) [4]float64 {
	p := m.p
	tool := m.nominalTooling()
	var phys [2][furnace.NumLayers]float64
	for f := range 2 {
		for l := range furnace.NumLayers {
			phys[f][l] = sp[f][l] * tool[f][LayerMaterial[l]]
		}
	}
	var r [furnace.NumPoints]float64
	lens := m.lens(Sub160, p.IndexOffset)
	lens.ReflectanceGrad(phys[furnace.Front][:], phys[furnace.Back][:], r[:], m.gf, m.gb)
	for i := range r {
		r[i] *= 100
	}
	_, jl, err := m.conv.LabJacobian(r[:])
	if err != nil {
		return [4]float64{}
	}
	// J[c][k] = Σ_i ∂Lab_c/∂R_i · ∂R_i/∂sp_k.
	J := mat.NewDense(3, 4, nil)
	cols := [4]struct {
		g []float64
		f furnace.Face
		l int
	}{{m.gb, furnace.Back, 4}, {m.gb, furnace.Back, 5}, {m.gf, furnace.Front, 4}, {m.gf, furnace.Front, 5}}
	for c := range 3 {
		for k, col := range cols {
			var s float64
			for i := range furnace.NumPoints {
				s += jl[c][i] * 100 * col.g[i*furnace.NumLayers+col.l]
			}
			J.Set(c, k, s*tool[col.f][LayerMaterial[col.l]])
		}
	}
	e := mat.NewVecDense(3, []float64{p.Aim[0] - lab.L, p.Aim[1] - lab.A, p.Aim[2] - lab.B})
	var A mat.Dense
	A.Mul(J.T(), J)
	for k := range 4 {
		A.Set(k, k, A.At(k, k)+p.Ridge)
	}
	var b, x mat.VecDense
	b.MulVec(J.T(), e)
	if err := x.SolveVec(&A, &b); err != nil {
		return [4]float64{}
	}
	return [4]float64{x.AtVec(0), x.AtVec(1), x.AtVec(2), x.AtVec(3)}
}

// Spectrum returns the double-sided curve in % and its colour (illuminant C,
// 2°) of a lens coated with set-points back and front (L1…L7, QCM nm) after
// runs face runs since a chamber cleaning, with the tooling factors, index
// offsets and mean shutter overshoot of p, for the nominal dome set (no
// Fixture offsets) and a neutral source condition, without noise or
// cycle-to-cycle variation.
func Spectrum(p Params, sub Substrate, runs int, back, front [furnace.NumLayers]float64) ([]float64, colour.Lab, error) {
	if err := p.Validate(); err != nil {
		return nil, colour.Lab{}, err
	}
	m, err := newModel(&p)
	if err != nil {
		return nil, colour.Lab{}, err
	}
	s := &simulator{p: &p, fixture: -1}
	tool, idx := s.state(runs)
	var phys [2][furnace.NumLayers]float64
	for l := range furnace.NumLayers {
		phys[furnace.Back][l] = expectedFinal(&p, l, back[l]) * tool[furnace.Back][LayerMaterial[l]]
		phys[furnace.Front][l] = expectedFinal(&p, l, front[l]) * tool[furnace.Front][LayerMaterial[l]]
	}
	r := make([]float64, furnace.NumPoints)
	m.curve(sub, idx, &phys, r)
	lab, err := m.conv.Lab(r)
	if err != nil {
		return nil, colour.Lab{}, fmt.Errorf("twin: spectrum: %w", err)
	}
	return r, lab, nil
}
