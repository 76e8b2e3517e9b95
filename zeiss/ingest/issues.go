package ingest

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Actions taken on a problem found while cleaning.
const (
	// ActionSetAside: the file, run or furnace is not used.
	ActionSetAside = "set aside"
	// ActionEmpty: the affected values are left empty (NaN) in the table.
	ActionEmpty = "left empty"
	// ActionKept: the data are used as they are; the issue is a remark.
	ActionKept = "kept"
)

// Issue is one problem found while cleaning: what was set aside or left
// empty, why, and where.
type Issue struct {
	// Kind is a short stable code, e.g. "aborted_run" or "sensor_truncated".
	Kind string
	// Action is ActionSetAside, ActionEmpty or ActionKept.
	Action string
	// Furnace and Evt identify the furnace and run concerned, when known.
	Furnace, Evt string
	// File, Line and Field locate the problem (Line 0: the whole file).
	File  string
	Line  int
	Field string
	// Reason says what is wrong and what was done.
	Reason string
}

// issueFromError turns a parse error into an issue.
func issueFromError(kind, action, furnaceNo, evt string, err error) Issue {
	is := Issue{Kind: kind, Action: action, Furnace: furnaceNo, Evt: evt, Reason: err.Error()}
	if pe, ok := err.(*ParseError); ok {
		is.File, is.Line, is.Field, is.Reason = pe.File, pe.Line, pe.Field, pe.Err.Error()
	}
	return is
}

// qualityHeader is the header of the quality report CSV.
var qualityHeader = []string{"kind", "action", "furnace_no", "evt", "file", "line", "field", "reason"}

// WriteQualityCSV writes the issues as CSV with columns kind, action,
// furnace_no, evt, file, line, field, reason.
func WriteQualityCSV(w io.Writer, issues []Issue) error {
	cw := csv.NewWriter(w)
	cw.Write(qualityHeader)
	for _, is := range issues {
		line := ""
		if is.Line > 0 {
			line = strconv.Itoa(is.Line)
		}
		cw.Write([]string{is.Kind, is.Action, is.Furnace, is.Evt, is.File, line, is.Field, is.Reason})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("ingest: write quality report: %w", err)
	}
	return nil
}

// WriteQualityMarkdown writes a human-readable quality report: the summary
// line, the count of issues per kind and action, and every issue.
func WriteQualityMarkdown(w io.Writer, s Summary, issues []Issue) error {
	var b strings.Builder
	b.WriteString("# Data-quality report\n\n")
	fmt.Fprintf(&b, "%s\n\n", s)
	type key struct{ kind, action string }
	counts := map[key]int{}
	for _, is := range issues {
		counts[key{is.Kind, is.Action}]++
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].kind != keys[j].kind {
			return keys[i].kind < keys[j].kind
		}
		return keys[i].action < keys[j].action
	})
	if len(keys) == 0 {
		b.WriteString("No issues.\n")
	} else {
		b.WriteString("## Issues by kind\n\n| kind | action | count |\n|---|---|---:|\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "| %s | %s | %d |\n", k.kind, k.action, counts[k])
		}
		b.WriteString("\n## All issues\n\n| kind | action | furnace | evt | file:line | field | reason |\n|---|---|---|---|---|---|---|\n")
		for _, is := range issues {
			loc := is.File
			if is.Line > 0 {
				loc += ":" + strconv.Itoa(is.Line)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", is.Kind, is.Action, is.Furnace, is.Evt,
				mdEscape(loc), mdEscape(is.Field), mdEscape(is.Reason))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.ReplaceAll(s, "\n", " ")
}
