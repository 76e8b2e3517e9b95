package optics

import (
	"bytes"
	"embed"
	"fmt"
	"math"
	"sort"
	"sync"
)

// Material gives the complex refractive index N = n + i·k (k ≥ 0 for an
// absorbing material) at a vacuum wavelength in nm.
type Material interface {
	Index(wavelengthNM float64) complex128
}

// Constant is a non-dispersive material with index N = n + i·k.
type Constant complex128

// Index returns the constant index.
func (c Constant) Index(float64) complex128 { return complex128(c) }

// Cauchy is the Cauchy dispersion model n(λ) = A + B/λ² + C/λ⁴ with λ in µm,
// and a constant extinction coefficient K.
type Cauchy struct {
	A, B, C, K float64
}

// Index returns A + B/λ² + C/λ⁴ + i·K.
func (c Cauchy) Index(wavelengthNM float64) complex128 {
	l2 := wavelengthNM * wavelengthNM * 1e-6
	return complex(c.A+c.B/l2+c.C/(l2*l2), c.K)
}

// Fraunhofer lines (nm) of the Abbe number V_d = (n_d − 1)/(n_F − n_C).
const (
	lineD = 587.5618 // helium d line
	lineF = 486.1327 // hydrogen F line
	lineC = 656.2725 // hydrogen C line
)

// CauchyAbbe returns the two-term Cauchy model (C = K = 0) with index nd at
// the helium d line (587.56 nm) and Abbe number vd = (nd − 1)/(nF − nC).
// This is how ophthalmic lens materials are specified (e.g. 1.60/41,
// 1.67/32).
func CauchyAbbe(nd, vd float64) Cauchy {
	inv := func(nm float64) float64 { return 1e6 / (nm * nm) } // 1/λ² in µm⁻²
	b := (nd - 1) / vd / (inv(lineF) - inv(lineC))
	return Cauchy{A: nd - b*inv(lineD), B: b}
}

// Offset returns m with its refractive index shifted by dn: n + dn, same k.
func Offset(m Material, dn float64) Material { return offset{m, dn} }

type offset struct {
	m  Material
	dn float64
}

func (o offset) Index(wl float64) complex128 { return o.m.Index(wl) + complex(o.dn, 0) }

// Scale returns m with its refractive index multiplied by f: f·n, same k.
func Scale(m Material, f float64) Material { return scale{m, f} }

type scale struct {
	m Material
	f float64
}

func (s scale) Index(wl float64) complex128 {
	n := s.m.Index(wl)
	return complex(s.f*real(n), imag(n))
}

//go:embed data/*.yml
var dataFS embed.FS

// Reference wavelength (nm) at which the Ti3O5 film index is set.
const ti3o5RefNM = 550

// Ti3O5Index550 is the refractive index at 550 nm of the "Ti3O5" material:
// electron-beam evaporated Ti3O5 films (ion-assisted) sit near 2.2–2.3.
const Ti3O5Index550 = 2.25

// materialFiles maps the embedded refractiveindex.info files to names.
var materialFiles = map[string]string{
	"SiO2-bulk":     "data/SiO2_Malitson.yml",
	"ITO":           "data/In2O3-SnO2_Konig.yml",
	"TiO2":          "data/TiO2_Jolivet-amorphous.yml",
	"MgF2":          "data/MgF2_Rodriguez-deMarcos.yml",
	"Polycarbonate": "data/C16H14O3n_Sultanova.yml",
}

// materialNotes documents every name Lookup accepts.
var materialNotes = map[string]string{
	"Air":           "ambient, N = 1",
	"SiO2":          "evaporated SiO2 film: fused silica Sellmeier (Malitson 1965)",
	"SiO2-bulk":     "fused silica Sellmeier (Malitson 1965)",
	"ITO":           "indium tin oxide film, tabulated n,k (König et al. 2014); absorbing",
	"TiO2":          "amorphous TiO2 film, tabulated n,k (Jolivet et al. 2023)",
	"Ti3O5":         "evaporated Ti3O5 film: amorphous TiO2 (Jolivet) with n scaled to 2.25 at 550 nm",
	"MgF2":          "MgF2 film, tabulated n,k (Rodríguez-de Marcos et al. 2017)",
	"TopCoat":       "hydrophobic fluoro top coat: Cauchy n ≈ 1.38 (n_d = 1.38, V_d = 60)",
	"HardCoat":      "lens hard coat: Cauchy n_d = 1.60, V_d = 40 (thick, treated as incoherent)",
	"Substrate1.60": "lens substrate: Cauchy n_d = 1.60, V_d = 41",
	"Substrate1.67": "lens substrate: Cauchy n_d = 1.67, V_d = 32",
	"Polycarbonate": "polycarbonate, Sellmeier (Sultanova et al. 2009)",
}

// Names returns the names Lookup accepts, sorted.
func Names() []string {
	s := make([]string, 0, len(materialNotes))
	for k := range materialNotes {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// Describe returns a one-line description of the named material and its
// data source, or "" for an unknown name.
func Describe(name string) string { return materialNotes[name] }

// parsedFiles parses each embedded file once, on first use. The parsed
// tables are never modified.
var parsedFiles = func() map[string]func() (*FileMaterial, error) {
	m := make(map[string]func() (*FileMaterial, error), len(materialFiles))
	for name, path := range materialFiles {
		m[name] = sync.OnceValues(func() (*FileMaterial, error) {
			b, err := dataFS.ReadFile(path)
			if err != nil {
				return nil, fmt.Errorf("optics: %w", err)
			}
			return ParseRII(bytes.NewReader(b), path)
		})
	}
	return m
}()

// LoadFile returns one of the embedded refractiveindex.info files by its
// material name ("SiO2-bulk", "ITO", "TiO2", "MgF2", "Polycarbonate"). The
// file is parsed once; each call returns a new FileMaterial sharing the
// read-only tables.
func LoadFile(name string) (*FileMaterial, error) {
	parse, ok := parsedFiles[name]
	if !ok {
		return nil, fmt.Errorf("optics: no embedded data file for %q", name)
	}
	m, err := parse()
	if err != nil {
		return nil, err
	}
	c := *m
	return &c, nil
}

// Lookup returns the named material of the coating stack. Names:
//
//	Air            N = 1
//	SiO2           evaporated silica film (fused-silica Sellmeier, Malitson; n(550) ≈ 1.460)
//	ITO            indium tin oxide film (König, tabulated; k ≈ 0.01 in the blue)
//	Ti3O5          amorphous TiO2 film data (Jolivet) with n scaled so that n(550) = 2.25, k kept
//	TopCoat        fluoro top coat, Cauchy n_d = 1.38, V_d = 60
//	HardCoat       hard coat, Cauchy n_d = 1.60, V_d = 40
//	Substrate1.60  Cauchy n_d = 1.60, V_d = 41
//	Substrate1.67  Cauchy n_d = 1.67, V_d = 32
//
// and the raw data files "SiO2-bulk", "TiO2", "MgF2", "Polycarbonate". The
// data files are refractiveindex.info database entries (CC0 1.0), embedded
// under data/ with their attribution.
func Lookup(name string) (Material, error) {
	switch name {
	case "Air":
		return Constant(1), nil
	case "SiO2":
		return LoadFile("SiO2-bulk")
	case "Ti3O5":
		t, err := LoadFile("TiO2")
		if err != nil {
			return nil, err
		}
		return Scale(t, Ti3O5Index550/real(t.Index(ti3o5RefNM))), nil
	case "TopCoat":
		return CauchyAbbe(1.38, 60), nil
	case "HardCoat":
		return CauchyAbbe(1.60, 40), nil
	case "Substrate1.60":
		return CauchyAbbe(1.60, 41), nil
	case "Substrate1.67":
		return CauchyAbbe(1.67, 32), nil
	}
	if _, ok := materialFiles[name]; ok {
		return LoadFile(name)
	}
	return nil, fmt.Errorf("optics: unknown material %q (known: %v)", name, Names())
}

// MustLookup is Lookup for names known to exist; it panics on error.
func MustLookup(name string) Material {
	m, err := Lookup(name)
	if err != nil {
		panic(err)
	}
	return m
}

// StackMaterials returns the seven layer materials of a face of the DVS
// coating, from the substrate outwards: SiO2, ITO, Ti3O5, SiO2, Ti3O5, SiO2,
// TopCoat.
func StackMaterials() []Material {
	s, i, t, c := MustLookup("SiO2"), MustLookup("ITO"), MustLookup("Ti3O5"), MustLookup("TopCoat")
	return []Material{s, i, t, s, t, s, c}
}

// validIndex reports whether n = n + ik has finite n > 0 and k ≥ 0.
func validIndex(n complex128) bool {
	return real(n) > 0 && imag(n) >= 0 && !math.IsInf(real(n), 0) && !math.IsInf(imag(n), 0)
}

// checkIndex validates an optical constant used in a computation.
func checkIndex(name string, wl float64, n complex128) error {
	if !validIndex(n) {
		return fmt.Errorf("optics: %s: invalid index %v at %g nm (need n > 0, k ≥ 0)", name, n, wl)
	}
	return nil
}
