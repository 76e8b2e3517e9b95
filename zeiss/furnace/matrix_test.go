package furnace

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestSelectAndMatrices(t *testing.T) {
	fs := sampleTable().Furnaces // 0: complete, 1: no back, no curve, front std hole, 2: curve hole
	cases := []struct {
		need    Need
		rows    []int
		reasons map[int]string
	}{
		{NeedSetPoints, []int{0, 2}, map[int]string{1: "no back set-points"}},
		{NeedStd, []int{0, 2}, map[int]string{1: "no back std; no front std"}},
		{NeedCurve, []int{0}, map[int]string{1: "no curve", 2: "incomplete curve"}},
		{NeedSetPoints | NeedStd | NeedCurve, []int{0}, map[int]string{
			1: "no back set-points; no back std; no front std; no curve", 2: "incomplete curve"}},
		{0, []int{0, 1, 2}, nil},
	}
	for _, c := range cases {
		rows, excl := Select(fs, c.need)
		if !slices.Equal(rows, c.rows) || len(excl) != len(c.reasons) {
			t.Errorf("Select(%b) = %v, %+v", c.need, rows, excl)
			continue
		}
		for _, e := range excl {
			if c.reasons[e.Index] != e.Reason || e.No != fs[e.Index].No {
				t.Errorf("Select(%b): exclusion %+v, want reason %q", c.need, e, c.reasons[e.Index])
			}
		}
	}

	x, err := AdjustableMatrix(fs, []int{2, 0})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{25.3, 12.94, 37.11, 104.9, 94.1, 24.68, 12.62, 36.85, 102.6, 92.3}
	if !slices.Equal(x[1], want) || !slices.Equal(x[0], want) {
		t.Errorf("AdjustableMatrix rows %v", x)
	}
	s, err := Std14Matrix(fs, []int{0})
	if err != nil {
		t.Fatal(err)
	}
	if w := []float64{9.5, 5.7, 4.5, 13.4, 34.6, 34.7, 14.7, 9.2, 5.6, 4.4, 13.3, 33.8, 34.1, 14.5}; !slices.Equal(s[0], w) {
		t.Errorf("Std14Matrix = %v", s[0])
	}
	c, err := CurveMatrix(fs, []int{0})
	if err != nil {
		t.Fatal(err)
	}
	c[0][0] = math.Pi
	if fs[0].Curve[0] == math.Pi {
		t.Error("CurveMatrix shares memory with the furnace")
	}

	for name, err := range map[string]error{
		"adjustable": func() error { _, err := AdjustableMatrix(fs, []int{0, 1}); return err }(),
		"std":        func() error { _, err := Std14Matrix(fs, []int{1}); return err }(),
		"curve":      func() error { _, err := CurveMatrix(fs, []int{2}); return err }(),
		"range":      func() error { _, err := CurveMatrix(fs, []int{3}); return err }(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		} else if name != "range" && !strings.Contains(err.Error(), "lacks") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
