package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
	"github.com/arcoat/zeiss/zeiss/model"
)

// defaultRecords returns the default experiment log: data/experiments.jsonl
// under the module root, or under the working directory outside a module.
func defaultRecords() string {
	if root, err := furnace.ModuleRoot(); err == nil {
		return filepath.Join(root, model.DefaultRecordsPath)
	}
	return model.DefaultRecordsPath
}

// loadTable reads the furnace table at path (see model.ReadTable) and
// returns it with the SHA-256 of the file's bytes.
func loadTable(path string) (*furnace.Table, string, error) {
	tab, err := model.ReadTable(path)
	if err != nil {
		return nil, "", err
	}
	sum, err := model.FileSHA256(path)
	if err != nil {
		return nil, "", err
	}
	return tab, sum, nil
}

// appendRecord appends rec to path unless path is "none".
func appendRecord(path string, rec model.Record) error {
	if path == "none" {
		return nil
	}
	return model.AppendRecord(path, rec)
}

// runEvaluate scores every method on the furnaces after a cut-off date.
func runEvaluate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("evaluate", stderr)
	data := fs.String("data", "", "furnace table (cleaned furnaces.csv, or the real bundle's furnaces_2021H1.csv)")
	from := fs.String("from", "", "cut-off date YYYY-MM-DD: furnaces produced on or after it are predicted")
	until := fs.String("until", "", "end date YYYY-MM-DD (exclusive): furnaces from it on are left out (a validation period)")
	asJSON := fs.Bool("json", false, "print one JSON line per method")
	methods := fs.String("methods", "", "comma-separated method names to run, \"prefix*\" for all names starting with prefix (default all)")
	alpha := fs.Float64("alpha", 0.1, "EWMA weight of the newest curve")
	k := fs.Int("k", 5, "number of curves of the last-k mean")
	seed := fs.Uint64("seed", 1, "random seed of the network methods")
	noNets := fs.Bool("no-nets", false, "leave out the network methods")
	records := fs.String("records", defaultRecords(), "experiment log to append a record to (\"none\": no record)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: zeiss evaluate -data furnaces.csv -from YYYY-MM-DD [-json] [flags]

Rolling-origin evaluation: the furnaces are put in production order; every
furnace produced on or after -from that has a measured curve is predicted by
each method from the furnaces before it only, then revealed to the method.
Prints per method the RMSE in %R over the 81 points, the mean ΔE*ab
(illuminant C, 2° observer), the accuracy of the in-spec call, the number of
furnaces scored (n: those with the inputs the method needs, see scored_on)
and the RMSE of the EWMA reference on the same furnaces. With -json, one JSON
object per line:

	{"method":…, "baseline":true|false, "rmse":…, "mean_dE":…, "spec_accuracy":…, "n":…, …}

Appends one record to the experiment log.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" || *from == "" {
		fs.Usage()
		return errors.New("-data and -from are required")
	}
	cut, err := time.Parse(furnace.DateLayout, *from)
	if err != nil {
		return fmt.Errorf("-from %q: want YYYY-MM-DD", *from)
	}
	var end time.Time
	if *until != "" {
		if end, err = time.Parse(furnace.DateLayout, *until); err != nil {
			return fmt.Errorf("-until %q: want YYYY-MM-DD", *until)
		}
	}
	tab, sum, err := loadTable(*data)
	if err != nil {
		return err
	}
	opt := model.DefaultMethodOptions()
	opt.Alpha, opt.K, opt.NoNets = *alpha, *k, *noNets
	opt.Config.Seed = *seed
	ms, err := model.FilterMethods(model.Methods(opt), *methods)
	if err != nil {
		return err
	}
	ev, err := model.Evaluate(tab.Furnaces, ms, model.EvalOptions{From: cut, Until: end})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, s := range ev.Scores {
			if err := enc.Encode(s); err != nil {
				return fmt.Errorf("writing the score of %s: %w", s.Method, err)
			}
		}
	} else {
		fmt.Fprintf(stdout, "%d furnaces before %s, %d with a curve from it on\n", ev.Train, *from, len(ev.Test))
		fmt.Fprintf(stdout, "%-34s %-8s %7s %7s %7s %4s %-13s %8s %7s\n", "method", "baseline", "rmse", "mean_dE", "spec_ok", "n", "scored_on", "ref_rmse", "skill")
		for _, s := range ev.Scores {
			fmt.Fprintf(stdout, "%-34s %-8t %7.4f %7.3f %7.3f %4d %-13s %8.4f %+7.3f\n",
				s.Method, s.Baseline, s.RMSE, s.MeanDE, s.SpecAccuracy, s.N, s.ScoredOn, s.RefRMSE, s.Skill)
		}
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	rec := model.Record{
		Command: "evaluate", Data: *data, DataSHA256: sum, CodeVersion: model.CodeVersion(), Seed: *seed,
		Params: map[string]any{"from": *from, "until": *until, "alpha": *alpha, "k": *k, "methods": names, "config": opt.Config,
			"train_furnaces": ev.Train, "test_furnaces": len(ev.Test)},
		Metrics: ev.Scores,
	}
	return appendRecord(*records, rec)
}
