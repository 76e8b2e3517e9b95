package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress draws a one-line progress bar on a terminal; on anything else
// (a file, a pipe, a test buffer) it draws nothing, so outputs stay
// byte-identical.
type progress struct {
	w     io.Writer
	label string // printed before the bar
	unit  string // printed after the counts, e.g. " runs"
	on    bool
	last  int
}

// newProgress returns a progress bar that draws on w when w is a terminal.
func newProgress(w io.Writer, label, unit string) *progress {
	return &progress{w: w, label: label, unit: unit, on: isTerminal(w), last: -1}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// update redraws the bar for done of total items; it is called serially.
func (p *progress) update(done, total int) {
	if !p.on || total == 0 {
		return
	}
	const width = 40
	pct := done * 100 / total
	if pct == p.last && done != total {
		return
	}
	p.last = pct
	n := done * width / total
	fmt.Fprintf(p.w, "\r%s [%s%s] %3d%% %d/%d%s", p.label, strings.Repeat("=", n), strings.Repeat(" ", width-n), pct, done, total, p.unit)
}

// finish ends the bar's line if anything was drawn.
func (p *progress) finish() {
	if p.on && p.last >= 0 {
		fmt.Fprintln(p.w)
	}
}
