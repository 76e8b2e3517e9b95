package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/arcoat/zeiss/zeiss/twin"
)

// runSimulate runs the digital-twin coater and writes its dataset: ground
// truth (furnaces.csv, faults.csv, cleanings.csv, params.json), the plant
// tables and the raw machine logs.
func runSimulate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("simulate", stderr)
	out := fs.String("out", "", "output `dir`ectory (required; must be empty or absent unless -force)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed writes byte-identical files")
	n := fs.Int("furnaces", 600, "number of furnaces to simulate")
	faults := fs.Bool("faults", false, "inject faults into the raw logs (listed in faults.csv)")
	force := fs.Bool("force", false, "write into a non-empty directory, replacing files")
	rawN := fs.Int("raw", -1, "write raw logs for the first `N` furnaces only (-1: all, 0: tables and ground truth only)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "runs written in parallel")
	params := fs.String("params", "", "parameter `file` (JSON as twin/defaults.json); default: the calibrated defaults")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: zeiss simulate -out DIR [-seed N] [-furnaces N] [-faults] [-force]\n\n"+
			"Simulates the coater furnace by furnace and writes the raw logs (evt/, sensor/, cleaning/),\n"+
			"plant tables (tables/) and the ground truth (furnaces.csv, faults.csv, cleanings.csv, params.json).\n\n")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errors.New("-out is required")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *n < 1 {
		return fmt.Errorf("-furnaces %d: need at least 1", *n)
	}
	if *rawN < -1 {
		return fmt.Errorf("-raw %d: want -1 (all), 0 or a number of furnaces", *rawN)
	}
	if *workers < 1 {
		return fmt.Errorf("-workers %d: need at least 1", *workers)
	}
	p := twin.DefaultParams()
	if *params != "" {
		b, err := os.ReadFile(*params)
		if err != nil {
			return err
		}
		if p, err = twin.ParseParams(b); err != nil {
			return fmt.Errorf("%s: %w", *params, err)
		}
	}
	if ents, err := os.ReadDir(*out); err == nil && len(ents) > 0 && !*force {
		return fmt.Errorf("%s is not empty (use -force to write into it)", *out)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	sim := twin.Simulate
	if *faults {
		sim = twin.SimulateFaults
	}
	ds, err := sim(p, *seed, *n)
	if err != nil {
		return err
	}
	if err := twin.WriteTruth(ds, *out, *force); err != nil {
		return err
	}
	opt := twin.RawOptions{Workers: *workers, Overwrite: *force}
	if *rawN >= 0 {
		k := *rawN
		opt.Only = func(i int) bool { return i < k }
	}
	bar := newProgress(stderr, "simulate", " runs")
	opt.Progress = bar.update
	err = twin.WriteRaw(ds, *out, opt)
	bar.finish()
	if err != nil {
		return err
	}
	faultsN := 0
	for _, r := range ds.Records {
		faultsN += len(r.Faults)
	}
	first, last := ds.Records[0].Furnace.Date, ds.Records[len(ds.Records)-1].Furnace.Date
	fmt.Fprintf(stdout, "simulated %d furnaces (%s … %s), %d cleaning cycles, %d faults, seed %d → %s\n",
		len(ds.Records), first.Format("2006-01-02"), last.Format("2006-01-02"), len(ds.Cleanings), faultsN, *seed, *out)
	return nil
}
