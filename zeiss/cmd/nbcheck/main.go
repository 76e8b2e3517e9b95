// Command nbcheck verifies executed Jupyter notebooks. nbconvert exits 0 when
// a GoNB cell panics or a shell line fails, so the notebook check reads the
// executed files and fails on:
//
//   - an error output, or a stderr stream with a line "exit status N",
//     "signal: …" or "panic:";
//   - a code cell that was not executed (no execution count);
//   - an expected figure that is missing, empty, not an image, or older than
//     the stamp file given with -since.
//
// Expected figures are listed in each notebook's metadata as
// {"zeiss": {"figures": ["figures/name.png", …]}}, paths relative to the
// repository root; figures drawn from the real production data are listed
// under "realdata_figures" and expected only with -realdata (the notebooks
// skip those sections where the data is absent).
//
// Usage:
//
//	nbcheck [-root DIR] [-since FILE] [-realdata] NOTEBOOK.ipynb…
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nbcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	root := fs.String("root", ".", "repository root that figure paths are relative to")
	since := fs.String("since", "", "stamp `file`: expected figures must be at least as new as it")
	realData := fs.Bool("realdata", false, "the real data was present: expect the figures drawn from it too")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "nbcheck: no notebooks given")
		return 2
	}
	c := checker{root: *root, realData: *realData}
	if *since != "" {
		st, err := os.Stat(*since)
		if err != nil {
			fmt.Fprintf(stderr, "nbcheck: %v\n", err)
			return 2
		}
		c.since = st.ModTime()
	}
	failed := 0
	for _, path := range fs.Args() {
		problems, err := c.checkFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			failed++
			continue
		}
		for _, p := range problems {
			fmt.Fprintf(stderr, "%s: %s\n", path, p)
		}
		if len(problems) > 0 {
			failed++
			continue
		}
		fmt.Fprintf(stdout, "ok  %s\n", path)
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "nbcheck: %d of %d notebooks failed\n", failed, fs.NArg())
		return 1
	}
	return 0
}
