package furnace

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

func TestReferenceCurves(t *testing.T) {
	names := ReferenceNames()
	if !slices.Equal(names, []string{"best", "R1", "R2", "R3", "best_cx_single", "best_cc_single"}) {
		t.Fatalf("ReferenceNames = %v", names)
	}
	for _, n := range names {
		c, err := Reference(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != NumPoints {
			t.Fatalf("%s has %d points", n, len(c))
		}
		for i, v := range c {
			if !(v >= 0 && v < 15) {
				t.Errorf("%s[%d] = %v is not a plausible reflectance", n, i, v)
			}
		}
	}
	best, _ := Reference(RefBest)
	// Shape facts of the published target: 0.70 at 405 nm, blue hump 1.84
	// at 440 nm, minimum 0.16 at 640 nm, 5.94 at 780 nm, mean 1.47.
	var sum float64
	for _, v := range best {
		sum += v
	}
	if best[5] != 0.70 || best[12] != 1.84 || best[52] != 0.16 || best[80] != 5.94 || math.Abs(sum/NumPoints-1.4716) > 1e-4 {
		t.Errorf("best: %v %v %v %v mean %v", best[5], best[12], best[52], best[80], sum/NumPoints)
	}
	best[0] = -1
	if again, _ := Reference(RefBest); again[0] != 5.52 {
		t.Error("Reference returns shared memory")
	}
	if _, err := Reference("R4"); err == nil {
		t.Error("unknown name accepted")
	}
}

// TestReferenceCurvesMatchRealData compares the embedded targets with the
// real-data bundle's reference_curves.csv.
func TestReferenceCurvesMatchRealData(t *testing.T) {
	dir, err := RealDataDir()
	if err != nil {
		t.Skip(err)
	}
	f, err := os.Open(filepath.Join(dir, "reference_curves.csv"))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for j, h := range recs[0] {
		col[h] = j
	}
	found := map[string]bool{}
	for _, rec := range recs[1:] {
		name := rec[col["name"]]
		want, err := Reference(name)
		if err != nil {
			continue // demo and illuminant rows are not targets
		}
		found[name] = true
		for i := range NumPoints {
			cell := rec[col[fmt.Sprintf("r%d", int(Wavelength(i)))]]
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				t.Fatal(err)
			}
			if v != want[i] {
				t.Errorf("%s at %v nm: embedded %v, file %v", name, Wavelength(i), want[i], v)
			}
		}
	}
	for _, n := range ReferenceNames() {
		if !found[n] {
			t.Errorf("%s not in reference_curves.csv", n)
		}
	}
}
