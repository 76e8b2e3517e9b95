package ingest

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// TestStepFeaturesTolerant segments a hand-written sensor file whose clock
// has no leading zeros, misses the second of a step start, samples
// unevenly and rolls over midnight inside step 5; the std of each step
// equals the std of the rows in its time interval.
func TestStepFeaturesTolerant(t *testing.T) {
	start := time.Date(2021, 3, 1, 23, 50, 0, 0, time.UTC)
	e := &Evt{Name: "evt21030101", Recipe: "R_CC", Start: start, End: start.Add(800 * time.Second)}
	for k := 1; k <= furnace.NumSteps; k++ {
		e.Steps = append(e.Steps, Step{No: k, Start: start.Add(time.Duration(100*(k-1)) * time.Second)})
	}
	var b strings.Builder
	b.WriteString("Date,Time,RecNo,Elapsed,Mode," + strings.Join(QCMColumns(), ",") + "\n")
	var want [furnace.NumSteps][]float64
	for s := 0; s < 805; s++ {
		if s == 300 || (s > 500 && s < 600 && s%2 == 1) { // missing step-4 start; 2-s sampling in step 6
			continue
		}
		tm := start.Add(time.Duration(s) * time.Second)
		v := math.Sin(float64(s)/7) * float64(1+s/100)
		fmt.Fprintf(&b, "%s,%d:%d:%d,%d,%d,AUTO,1,2,%v,4\n", formatUSDate(tm), tm.Hour(), tm.Minute(), tm.Second(), s+1, s, v)
		if s < 800 {
			want[s/100] = append(want[s/100], v)
		}
	}
	f, issues, err := StepFeatures(e, strings.NewReader(b.String()), "s.csv", DefaultMaxGap)
	if err != nil || len(issues) != 0 {
		t.Fatal(err, issues)
	}
	for k := range want {
		got := f.Steps[k][2]
		if got.N != len(want[k]) || math.Abs(got.Std-sampleStd(want[k])) > 1e-12 || f.Steps[k][0].Std != 0 {
			t.Errorf("step %d: n %d std %v, want n %d std %v", k+1, got.N, got.Std, len(want[k]), sampleStd(want[k]))
		}
		if got.Std != SampleStd(want[k]) {
			t.Errorf("step %d: std %v, SampleStd %v: not the same float64", k+1, got.Std, SampleStd(want[k]))
		}
	}
	if s := f.Std(); s[4] != f.Steps[4][2].Std {
		t.Error("Std() does not return the channel-1 thickness std")
	}

	// A sensor file that stops in step 7 leaves steps 7 and 8 empty.
	cut := b.String()[:strings.Index(b.String(), ",651,650,")]
	cut = cut[:strings.LastIndexByte(cut, '\n')+1]
	f, issues, _ = StepFeatures(e, strings.NewReader(cut), "s.csv", DefaultMaxGap)
	if !math.IsNaN(f.Steps[6][2].Std) || !math.IsNaN(f.Steps[7][2].Std) || math.IsNaN(f.Steps[5][2].Std) || len(issues) != 2 {
		t.Errorf("truncated file: std %v, issues %v", f.Std(), issues)
	}
}

func TestSampleStd(t *testing.T) {
	if got := SampleStd([]float64{1, 2, 3, 4}); math.Abs(got-math.Sqrt(5.0/3)) > 1e-15 {
		t.Errorf("SampleStd(1,2,3,4) = %v, want sqrt(5/3)", got)
	}
	if got := SampleStd([]float64{0, 0, 0}); got != 0 {
		t.Errorf("SampleStd of constants = %v, want 0", got)
	}
	for _, v := range [][]float64{nil, {7}, {1, math.NaN(), 3}} {
		if got := SampleStd(v); !math.IsNaN(got) {
			t.Errorf("SampleStd(%v) = %v, want NaN", v, got)
		}
	}
}

func TestReadTrace(t *testing.T) {
	dir := t.TempDir()
	ds := genDataset(t, dir, 4, 2, false)
	w := ds.truth[ds.order[1]]
	tr, err := ReadTrace(Layout{Root: dir}, w.Back.Evt, QCMThicknessCH1, QCMRateCH1)
	if err != nil {
		t.Fatal(err)
	}
	st := tr.StepStarts()
	if len(st) != 9 || st[0] != 20 || len(tr.Seconds) != len(tr.Values[1]) || tr.Seconds[0] != 0 {
		t.Fatalf("starts %v, %d rows", st, len(tr.Seconds))
	}
	var step4 []float64
	for i, s := range tr.Seconds {
		if s >= st[3] && s < st[4] {
			step4 = append(step4, tr.Values[0][i])
		}
	}
	if got := sampleStd(step4); math.Abs(got-w.Back.Std[3]) > 1e-9 {
		t.Errorf("step 4 std from the trace %v, truth %v", got, w.Back.Std[3])
	}
}
