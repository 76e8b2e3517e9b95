package optics

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// FileMaterial is a material read from a refractiveindex.info database file
// (YAML). Its refractive index n comes from a dispersion formula or an n
// table, its extinction coefficient k from a k table (zero when the file has
// none). Tables are interpolated linearly in wavelength; outside the tabulated
// range the nearest end value is used (constant extrapolation), and formulas
// are evaluated as they are. Range reports where the file's data is valid.
type FileMaterial struct {
	// Name is the name given to ParseRII (usually the file name).
	Name string
	// References is the REFERENCES text of the file (attribution).
	References string

	n      dispersion // never nil after a successful parse
	k      dispersion // nil: k = 0
	lo, hi float64    // validity range in nm (intersection of the entries)
}

// Index returns n + i·k at the vacuum wavelength λ (nm).
func (m *FileMaterial) Index(wavelengthNM float64) complex128 {
	um := wavelengthNM / 1000
	n := m.n.eval(um)
	var k float64
	if m.k != nil {
		k = m.k.eval(um)
	}
	return complex(n, k)
}

// Range returns the wavelength range in nm over which the file's data is
// valid (the intersection of the ranges of its n and k entries).
func (m *FileMaterial) Range() (lo, hi float64) { return m.lo, m.hi }

// dispersion evaluates one optical constant (n or k) at a wavelength in µm.
type dispersion interface {
	eval(um float64) float64
	// span returns the validity range in µm.
	span() (lo, hi float64)
}

// formula is a refractiveindex.info dispersion formula (wavelength in µm).
type formula struct {
	kind   int // 1: Sellmeier, 2: Sellmeier-2, 5: Cauchy
	c      []float64
	lo, hi float64
}

func (f *formula) span() (float64, float64) { return f.lo, f.hi }

func (f *formula) eval(um float64) float64 {
	c := f.c
	switch f.kind {
	case 1: // n² − 1 = C0 + Σ Ci·λ²/(λ² − C(i+1)²)
		l2 := um * um
		s := 1 + c[0]
		for i := 1; i+1 < len(c); i += 2 {
			s += c[i] * l2 / (l2 - c[i+1]*c[i+1])
		}
		return math.Sqrt(s)
	case 2: // n² − 1 = C0 + Σ Ci·λ²/(λ² − C(i+1))
		l2 := um * um
		s := 1 + c[0]
		for i := 1; i+1 < len(c); i += 2 {
			s += c[i] * l2 / (l2 - c[i+1])
		}
		return math.Sqrt(s)
	case 5: // n = C0 + Σ Ci·λ^C(i+1)
		s := c[0]
		for i := 1; i+1 < len(c); i += 2 {
			s += c[i] * math.Pow(um, c[i+1])
		}
		return s
	}
	panic("optics: unknown formula kind") // guarded by the parser
}

// table is a tabulated optical constant, linearly interpolated.
type table struct {
	wl, v []float64 // wl strictly increasing, µm
}

func (t *table) span() (float64, float64) { return t.wl[0], t.wl[len(t.wl)-1] }

func (t *table) eval(um float64) float64 {
	n := len(t.wl)
	if um <= t.wl[0] {
		return t.v[0]
	}
	if um >= t.wl[n-1] {
		return t.v[n-1]
	}
	i := sort.SearchFloat64s(t.wl, um) // t.wl[i-1] < um ≤ t.wl[i]
	w0, w1 := t.wl[i-1], t.wl[i]
	f := (um - w0) / (w1 - w0)
	return t.v[i-1] + f*(t.v[i]-t.v[i-1])
}

// riiEntry is one item of the DATA list while parsing.
type riiEntry struct {
	line   int
	typ    string
	rng    string
	rngLn  int
	coef   string
	coefLn int
	data   []string
	dataLn int // line of the first data row
}

// ParseRII parses a refractiveindex.info database file (the YAML subset these
// files use: top-level keys, block scalars "|", and a DATA list whose items
// have "type", "wavelength_range", "coefficients" and "data"). Supported
// entry types: "formula 1" (Sellmeier), "formula 2" (Sellmeier with squared
// poles), "formula 5" (Cauchy), "tabulated nk", "tabulated n" and
// "tabulated k". Wavelengths are in µm in the file. name is used in error
// messages (file:line: field: problem) and as the material's Name.
func ParseRII(r io.Reader, name string) (*FileMaterial, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	m := &FileMaterial{Name: name}
	var (
		entries  []*riiEntry
		cur      *riiEntry
		topKey   string // current top-level key
		blockKey string // key whose block scalar is being read ("" when none)
		blockInd int    // indentation of the line holding blockKey
		refs     []string
		lineNo   int
	)
	errf := func(ln int, field, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s: %s", name, ln, field, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		lineNo++
		raw := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimLeft(raw, " ")
		indent := len(raw) - len(trimmed)
		if strings.ContainsRune(raw[:indent], '\t') {
			return nil, errf(lineNo, "indentation", "tab in indentation")
		}
		if blockKey != "" {
			if trimmed == "" || indent > blockInd {
				switch {
				case blockKey == "data" && cur != nil:
					if trimmed != "" {
						if cur.dataLn == 0 {
							cur.dataLn = lineNo
						}
						cur.data = append(cur.data, trimmed)
					} else if cur.dataLn != 0 {
						cur.data = append(cur.data, "") // keep line numbering
					}
				case blockKey == "REFERENCES":
					refs = append(refs, trimmed)
				}
				continue
			}
			blockKey = ""
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if indent == 0 && !(topKey == "DATA" && (strings.HasPrefix(trimmed, "- ") || trimmed == "-")) {
			key, val, ok := strings.Cut(trimmed, ":")
			if !ok {
				return nil, errf(lineNo, "key", "expected \"KEY:\", got %q", trimmed)
			}
			topKey = key
			cur = nil
			val = strings.TrimSpace(val)
			if val == "|" || val == ">" {
				blockKey, blockInd = key, 0
			} else if key == "REFERENCES" {
				refs = append(refs, val)
			}
			continue
		}
		if topKey != "DATA" {
			continue // CONDITIONS, SPECS, … are not needed
		}
		item := trimmed
		if strings.HasPrefix(trimmed, "- ") || trimmed == "-" {
			cur = &riiEntry{line: lineNo}
			entries = append(entries, cur)
			item = strings.TrimSpace(strings.TrimPrefix(trimmed, "-"))
			indent += len(trimmed) - len(item)
			if item == "" {
				continue
			}
		}
		if cur == nil {
			return nil, errf(lineNo, "DATA", "expected a list item \"- type: …\"")
		}
		key, val, ok := strings.Cut(item, ":")
		if !ok {
			return nil, errf(lineNo, "DATA", "expected \"key: value\", got %q", item)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "type":
			cur.typ = val
		case "wavelength_range":
			cur.rng, cur.rngLn = val, lineNo
		case "coefficients":
			cur.coef, cur.coefLn = val, lineNo
		case "data":
			if val != "|" {
				return nil, errf(lineNo, "data", "expected a block scalar \"|\"")
			}
			blockKey, blockInd = "data", indent
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m.References = strings.TrimSpace(strings.Join(refs, "\n"))
	if len(entries) == 0 {
		return nil, fmt.Errorf("%s: no DATA entries", name)
	}
	m.lo, m.hi = math.Inf(-1), math.Inf(1)
	for _, e := range entries {
		if err := m.addEntry(e, errf); err != nil {
			return nil, err
		}
	}
	if m.n == nil {
		return nil, fmt.Errorf("%s: no refractive index (n) entry", name)
	}
	m.lo *= 1000
	m.hi *= 1000
	return m, nil
}

func (m *FileMaterial) addEntry(e *riiEntry, errf func(int, string, string, ...any) error) error {
	var nd, kd dispersion
	switch typ := strings.Join(strings.Fields(e.typ), " "); typ {
	case "formula 1", "formula 2", "formula 5":
		kind := int(typ[len(typ)-1] - '0')
		if e.coef == "" {
			return errf(e.line, "coefficients", "missing for %q", typ)
		}
		c, err := parseFloats(e.coef)
		if err != nil {
			return errf(e.coefLn, "coefficients", "%v", err)
		}
		if len(c) < 1 || len(c)%2 == 0 {
			return errf(e.coefLn, "coefficients", "need C0 and pairs, got %d values", len(c))
		}
		f := &formula{kind: kind, c: c, lo: math.Inf(-1), hi: math.Inf(1)}
		if e.rng != "" {
			r, err := parseFloats(e.rng)
			if err != nil || len(r) != 2 || !(r[0] > 0 && r[0] < r[1]) {
				return errf(e.rngLn, "wavelength_range", "want two increasing positive values, got %q", e.rng)
			}
			f.lo, f.hi = r[0], r[1]
		}
		nd = f
	case "tabulated nk", "tabulated n", "tabulated k":
		cols := len(typ) - len("tabulated ") + 1 // nk: 3, n or k: 2
		if len(e.data) == 0 {
			return errf(e.line, "data", "missing rows for %q", typ)
		}
		var wl, a, b []float64
		for i, row := range e.data {
			if row == "" {
				continue
			}
			ln := e.dataLn + i
			v, err := parseFloats(row)
			if err != nil {
				return errf(ln, "data", "%v", err)
			}
			if len(v) != cols {
				return errf(ln, "data", "want %d columns for %q, got %d", cols, typ, len(v))
			}
			if !(v[0] > 0) {
				return errf(ln, "data", "wavelength %g is not positive", v[0])
			}
			if len(wl) > 0 && !(v[0] > wl[len(wl)-1]) {
				return errf(ln, "data", "wavelength %g not above the previous %g", v[0], wl[len(wl)-1])
			}
			for c := 1; c < cols; c++ {
				if v[c] < 0 {
					return errf(ln, "data", "column %d: negative optical constant %g", c+1, v[c])
				}
			}
			wl = append(wl, v[0])
			a = append(a, v[1])
			if cols == 3 {
				b = append(b, v[2])
			}
		}
		if len(wl) < 2 {
			return errf(e.dataLn, "data", "need at least 2 rows, got %d", len(wl))
		}
		switch typ {
		case "tabulated nk":
			nd, kd = &table{wl, a}, &table{wl, b}
		case "tabulated n":
			nd = &table{wl, a}
		default:
			kd = &table{wl, a}
		}
	case "":
		return errf(e.line, "type", "missing")
	default:
		return errf(e.line, "type", "unsupported %q", e.typ)
	}
	for _, d := range []dispersion{nd, kd} {
		if d == nil {
			continue
		}
		lo, hi := d.span()
		m.lo, m.hi = math.Max(m.lo, lo), math.Min(m.hi, hi)
	}
	if nd != nil {
		if m.n != nil {
			return errf(e.line, "type", "second refractive index (n) entry")
		}
		m.n = nd
	}
	if kd != nil {
		if m.k != nil {
			return errf(e.line, "type", "second extinction (k) entry")
		}
		m.k = kd
	}
	if m.lo >= m.hi {
		return errf(e.line, "wavelength_range", "entries do not overlap")
	}
	return nil
}

// parseFloats parses whitespace-separated numbers.
func parseFloats(s string) ([]float64, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil, errors.New("no values")
	}
	v := make([]float64, len(f))
	for i, x := range f {
		y, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsNaN(y) || math.IsInf(y, 0) {
			return nil, fmt.Errorf("value %d: %q is not a finite number", i+1, x)
		}
		v[i] = y
	}
	return v, nil
}
