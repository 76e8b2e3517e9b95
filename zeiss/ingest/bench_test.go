package ingest

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// benchSensor returns a one-hour sensor CSV of the 25 useful columns at 1 Hz.
func benchSensor(b *testing.B) []byte {
	rng := rand.New(rand.NewPCG(1, 1))
	var buf bytes.Buffer
	sw, err := NewSensorWriter(&buf, UsefulSensors())
	if err != nil {
		b.Fatal(err)
	}
	sw.SetDecimals(4)
	v := make([]float64, len(UsefulSensors()))
	t0 := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 3600; i++ {
		for j := range v {
			v[j] = rng.Float64() * 100
		}
		sw.WriteRow(t0.Add(time.Duration(i)*time.Second), v)
	}
	sw.Flush()
	return buf.Bytes()
}

// BenchmarkSensorRead parses a sensor CSV on one core, reporting MB/s:
// "all" parses every column, "qcm" only the four QCM columns (as cleaning does).
func BenchmarkSensorRead(b *testing.B) {
	data := benchSensor(b)
	for _, c := range []struct {
		name string
		sel  []string
	}{{"all", UsefulSensors()}, {"qcm", QCMColumns()}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				sr, err := NewSensorReader(bytes.NewReader(data), "bench.csv")
				if err != nil {
					b.Fatal(err)
				}
				if err := sr.Select(c.sel...); err != nil {
					b.Fatal(err)
				}
				n := 0
				for sr.Next() {
					n++
				}
				if sr.Err() != nil || n != 3600 {
					b.Fatal(n, sr.Err())
				}
			}
		})
	}
}

// BenchmarkStepFeatures segments a one-hour sensor CSV into 8 steps and
// computes the QCM statistics, reporting MB/s on one core.
func BenchmarkStepFeatures(b *testing.B) {
	data := benchSensor(b)
	t0 := time.Date(2021, 3, 1, 8, 0, 0, 0, time.UTC)
	e := &Evt{Name: "evt21030101", Recipe: "R_CC", Start: t0, End: t0.Add(3599 * time.Second)}
	for k := 1; k <= furnace.NumSteps; k++ {
		e.Steps = append(e.Steps, Step{No: k, Start: t0.Add(time.Duration(k-1) * 450 * time.Second)})
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, issues, err := StepFeatures(e, bytes.NewReader(data), "bench.csv", DefaultMaxGap)
		if err != nil || len(issues) != 0 || f.Steps[7][2].N == 0 {
			b.Fatal(err, issues)
		}
	}
}

// BenchmarkClean cleans a generated raw folder of 100 furnaces (200 runs)
// with 2 workers, reporting MB/s of raw files read.
func BenchmarkClean(b *testing.B) {
	dir := b.TempDir()
	genDataset(b, dir, 5, 100, false)
	var size int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			size += fi.Size()
		}
		return nil
	})
	b.SetBytes(size)
	for b.Loop() {
		res, err := Clean(dir, Options{Workers: 2})
		if err != nil || res.Summary.Furnaces != 100 {
			b.Fatal(err)
		}
	}
}
