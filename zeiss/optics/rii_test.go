package optics

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbeddedFilesAgainstYAMLValues(t *testing.T) {
	cases := []struct {
		name   string
		wlNM   float64
		n, k   float64
		tol    float64
		lo, hi float64 // expected validity range, nm
	}{
		// formula 1 (Malitson), evaluated by hand from the coefficients
		{"SiO2-bulk", 587.56, 1.45846375, 0, 1e-8, 210, 6700},
		// tabulated rows of the files: exact
		{"ITO", 383.69, 2.06244853, 0.01371832, 1e-12, 251.57, 0},
		{"TiO2", 555.98, 2.44543, 0, 1e-12, 206.64, 0},
		{"MgF2", 544.946, 1.422902, 0.000628, 1e-12, 29.9919, 0},
		// formula 2 (Sultanova): n_d of polycarbonate ≈ 1.5848 (its data
		// starts at 436.8 nm; it is not a stack material)
		{"Polycarbonate", 587.56, 1.58476284, 0, 1e-8, 436.8, 1052},
	}
	for _, c := range cases {
		m, err := LoadFile(c.name)
		if err != nil {
			t.Fatal(err)
		}
		got := m.Index(c.wlNM)
		if math.Abs(real(got)-c.n) > c.tol || math.Abs(imag(got)-c.k) > c.tol {
			t.Errorf("%s at %g nm: %v, want %g + %gi", c.name, c.wlNM, got, c.n, c.k)
		}
		lo, hi := m.Range()
		if math.Abs(lo-c.lo) > 1e-9 || (c.hi != 0 && math.Abs(hi-c.hi) > 1e-9) {
			t.Errorf("%s: range %g–%g nm", c.name, lo, hi)
		}
		if c.name != "Polycarbonate" && (lo > 380 || hi < 780) {
			t.Errorf("%s: range %g–%g nm does not cover 380–780", c.name, lo, hi)
		}
		if m.References == "" {
			t.Errorf("%s: no references kept", c.name)
		}
	}
	// Linear interpolation between two ITO rows.
	ito, _ := LoadFile("ITO")
	a, b := ito.Index(383.69), ito.Index(385.28)
	mid := ito.Index((383.69 + 385.28) / 2)
	if want := (a + b) / 2; math.Abs(real(mid-want)) > 1e-12 || math.Abs(imag(mid-want)) > 1e-12 {
		t.Errorf("ITO midpoint %v, want %v", mid, want)
	}
	if imag(ito.Index(400)) <= 0.005 {
		t.Errorf("ITO must absorb in the blue: k(400) = %g", imag(ito.Index(400)))
	}
}

// The embedded files must be the unmodified database files.
func TestEmbeddedFilesMatchShared(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "reference", "materials")
	for name, path := range materialFiles {
		want, err := os.ReadFile(filepath.Join(dir, filepath.Base(path)))
		if err != nil {
			t.Skipf("reference materials not available: %v", err)
		}
		got, err := dataFS.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: embedded %s differs from the database file", name, path)
		}
		if !strings.Contains(string(got), "CC0") {
			t.Errorf("%s: CC0 attribution missing", path)
		}
	}
}

func TestParseRIIFormulas(t *testing.T) {
	src := `# test
REFERENCES: |
    A. Author.
DATA:
  - type: formula 5
    wavelength_range: 0.3 1.0
    coefficients: 1.5 0.01 -2 0.001 -4
  - type: tabulated k
    data: |
        0.3 0.1
        0.5 0.0
        1.0 0.0
CONDITIONS:
    temperature: 293
`
	m, err := ParseRII(strings.NewReader(src), "cauchy.yml")
	if err != nil {
		t.Fatal(err)
	}
	l := 0.4
	want := 1.5 + 0.01/(l*l) + 0.001/(l*l*l*l)
	got := m.Index(400)
	if math.Abs(real(got)-want) > 1e-15 || math.Abs(imag(got)-0.05) > 1e-15 {
		t.Errorf("formula 5 + tabulated k at 400 nm: %v, want %g + 0.05i", got, want)
	}
	if lo, hi := m.Range(); lo != 300 || hi != 1000 {
		t.Errorf("range %g–%g", lo, hi)
	}
	if m.References != "A. Author." {
		t.Errorf("references %q", m.References)
	}
	// a list at the indentation of its key is valid YAML
	if _, err := ParseRII(strings.NewReader("DATA:\n- type: formula 1\n  coefficients: 0 1 0.1\n"), "flat.yml"); err != nil {
		t.Errorf("flat list: %v", err)
	}
	// formula 1 with two terms, formula 2
	for _, c := range []struct {
		src  string
		want float64
	}{
		{"DATA:\n  - type: formula 1\n    coefficients: 0.1 1 0.1 0.5 10\n", math.Sqrt(1 + 0.1 + 0.25/(0.25-0.01) + 0.5*0.25/(0.25-100))},
		{"DATA:\n  - type: formula 2\n    coefficients: 0 1.4182 0.021304\n", math.Sqrt(1 + 1.4182*0.25/(0.25-0.021304))},
	} {
		m, err := ParseRII(strings.NewReader(c.src), "f.yml")
		if err != nil {
			t.Fatal(err)
		}
		if got := real(m.Index(500)); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%q: n(500) = %.16g, want %.16g", c.src, got, c.want)
		}
	}
}

func TestParseRIIErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", "bad.yml: no DATA entries"},
		{"DATA:\n  - type: formula 3\n    coefficients: 1 2 3\n", "bad.yml:2: type: unsupported"},
		{"DATA:\n  - type: formula 1\n    coefficients: 1 2\n", "bad.yml:3: coefficients: need C0 and pairs"},
		{"DATA:\n  - type: formula 1\n    coefficients: 1 x 3\n", "bad.yml:3: coefficients: value 2: \"x\""},
		{"DATA:\n  - type: formula 1\n", "bad.yml:2: coefficients: missing"},
		{"DATA:\n  - type: formula 1\n    wavelength_range: 2 1\n    coefficients: 0 1 0.1\n", "bad.yml:3: wavelength_range"},
		{"DATA:\n  - type: tabulated nk\n    data: |\n        0.4 1.5 0\n        0.5 1.5\n", "bad.yml:5: data: want 3 columns"},
		{"DATA:\n  - type: tabulated nk\n    data: |\n        0.4 1.5 0\n\n        0.4 1.5 0\n", "bad.yml:6: data: wavelength 0.4 not above"},
		{"DATA:\n  - type: tabulated nk\n    data: |\n        0.4 1.5 -1\n", "bad.yml:4: data: column 3: negative"},
		{"DATA:\n  - type: tabulated nk\n    data: |\n        0.4 1.5 0\n", "bad.yml:4: data: need at least 2 rows"},
		{"DATA:\n  - type: tabulated k\n    data: |\n        0.4 0\n        0.5 0\n", "bad.yml: no refractive index"},
		{"DATA:\n  - type: tabulated n\n    data: |\n        0.4 1\n        0.5 1\n  - type: tabulated n\n    data: |\n        0.4 1\n        0.6 1\n", "bad.yml:6: type: second refractive index"},
		{"DATA:\n  type: formula 1\n", "bad.yml:2: DATA: expected a list item"},
		{"DATA:\n  - type: formula 1\n    wavelength_range: 0.3 1\n    coefficients: 0 1 0.1\n  - type: tabulated k\n    data: |\n        2 0\n        3 0\n", "bad.yml:5: wavelength_range: entries do not overlap"},
		{"just text\n", "bad.yml:1: key: expected"},
		{"DATA:\n  - data: 1 2 3\n", "bad.yml:2: data: expected a block scalar"},
	}
	for _, c := range cases {
		_, err := ParseRII(strings.NewReader(c.src), "bad.yml")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want it to contain %q", c.src, err, c.want)
		}
	}
}

func FuzzParseRII(f *testing.F) {
	for _, p := range materialFiles {
		b, err := dataFS.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 4000 {
			b = b[:4000]
		}
		f.Add(string(b))
	}
	f.Add("DATA:\n  - type: formula 5\n    coefficients: 1.5 0.01 -2\n")
	f.Add("DATA:\n  - type: tabulated n\n    data: |\n        0.4 1\n        0.5 1\n")
	f.Fuzz(func(t *testing.T, src string) {
		m, err := ParseRII(strings.NewReader(src), "fuzz.yml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yml") {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		lo, hi := m.Range()
		if !(lo < hi) {
			t.Fatalf("range %g–%g", lo, hi)
		}
		for _, wl := range []float64{lo, hi, 550} {
			if math.IsInf(wl, 0) || wl <= 0 {
				continue
			}
			_ = m.Index(wl) // must not panic
		}
	})
}
