package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Evt header labels and event messages (see FORMATS.md).
const (
	evtTitle         = "Leybold Optics Event Log"
	labelPLC         = "PLC Version :"
	labelMachine     = "Machine Name :"
	labelRecipe      = "Recipe Name :"
	labelStart       = "Production Start :"
	evtColumnHeader  = "Time,No.,Class,Event,Value 1,Unit 1,Value 2,Unit 2,Info"
	msgStepPrefix    = "Start Step No. "
	msgThickness     = "Thickness"
	msgRate          = "Rate"
	msgTotal         = "Total Process Time"
	evtFields        = 9
	maxEvtLineLength = 1 << 16
)

// EvtStepCount is the step count written in "Start Step No. k of 9" lines:
// the 8 process steps plus the end of the run.
const EvtStepCount = 9

// Evt is one evt process log: one coating run of one face (or a
// chamber-cleaning run). Times are UTC; clock times in the file are placed on
// the calendar from the production start, rolling over at midnight.
type Evt struct {
	// Name is the log id, the file name without extension in lower case
	// (e.g. "evt21020319").
	Name string
	// File is the file name given to ParseEvt; WriteEvt ignores it.
	File string
	// PLCVersion and Machine are the header's PLC version and machine name.
	PLCVersion, Machine string
	// Recipe is the recipe name, e.g. "1.6&1.67_DVS_CC".
	Recipe string
	// Start is the production start (date and time).
	Start time.Time
	// Steps are the "Start Step No." lines in file order.
	Steps []Step
	// Layers are the "Thickness" lines in file order, with the rate of the
	// matching "Rate" line (NaN when there is none).
	Layers []LayerRecord
	// Notes are all other event lines, in file order.
	Notes []Note
	// End is the time of the "Total Process Time" line; zero when the log
	// has none (an aborted run).
	End time.Time
}

// Step is the start of one process step.
type Step struct {
	// No is the step number, 1…8.
	No int
	// Name and Material come from the step's info field "<name>_<material>";
	// step 1 deposits nothing and has an empty material.
	Name, Material string
	// Start is the time the step started.
	Start time.Time
}

// LayerRecord is the "Thickness" line of one deposited layer, with its "Rate" line.
type LayerRecord struct {
	// Layer is the layer number 1…7 from the layer name "L<k>".
	Layer int
	// Material is the layer's material.
	Material string
	// Time is the time of the Thickness line (shutter closed).
	Time time.Time
	// SetPoint is the thickness set-point in nm (column 4).
	SetPoint float64
	// Measured is the QCM thickness at shutter close in nm (column 6), NaN if empty.
	Measured float64
	// RateTime is the time of the Rate line; zero when there is none.
	RateTime time.Time
	// RateSet and Rate are the rate set-point (column 4) and the mean
	// deposition rate in nm/s (column 6) of the Rate line, NaN if absent.
	RateSet, Rate float64
}

// rateLine is a Rate line waiting for the Thickness line of its layer.
type rateLine struct {
	t         time.Time
	set, rate float64
	line      int
}

// Note is an event line that is neither a step start, a thickness, a rate
// nor the end of the run (e.g. "Shutter Open", "Process Aborted").
type Note struct {
	// Time is the time of the line.
	Time time.Time
	// Class is the event class (column 2), e.g. "INFO" or "ALARM".
	Class string
	// Text is the event message (column 3).
	Text string
	// Info is the last column.
	Info string
}

// LayerName returns the layer name "L<k>" used in evt info fields.
func LayerName(layer int) string { return "L" + strconv.Itoa(layer) }

// Face returns the face coated by the run, from the "CC" (back) or "CX"
// (front) token of the recipe name ("1.6&1.67_DVS_CC", "…_CX_hpkf"). ok is
// false when the recipe has neither or both.
func (e *Evt) Face() (face furnace.Face, ok bool) { return FaceFromCode(e.Recipe) }

// FaceFromCode returns the face named by the "CC" or "CX" token of an
// underscore-separated code such as a recipe name or a FilmCode_MES
// ("33121020303_CC"). ok is false when the code has neither or both.
func FaceFromCode(code string) (face furnace.Face, ok bool) {
	cc, cx := false, false
	for _, tok := range strings.Split(code, "_") {
		switch strings.ToUpper(strings.TrimSpace(tok)) {
		case "CC":
			cc = true
		case "CX":
			cx = true
		}
	}
	switch {
	case cc && !cx:
		return furnace.Back, true
	case cx && !cc:
		return furnace.Front, true
	}
	return furnace.Back, false
}

// evtLine is one event line to be written.
type evtLine struct {
	t    time.Time
	rank int // tie-break at equal times: thickness, rate, note, step, end
	text string
}

// WriteEvt writes e in the evt format. Every time must be a whole second,
// not before Start, and each list (Steps, Layers, Notes) must be in time
// order; lines are written in time order, ties broken as thickness, rate,
// note, step start, end. Text fields must not contain commas, quotes or line
// breaks. Layers with a NaN set-point are rejected: an evt without a
// thickness has no Thickness line.
func WriteEvt(w io.Writer, e *Evt) error {
	if e.Start.IsZero() {
		return errors.New("ingest: write evt: zero production start")
	}
	for _, s := range []struct{ name, v string }{{"PLC version", e.PLCVersion}, {"machine", e.Machine}, {"recipe", e.Recipe}} {
		if err := checkText(s.v); err != nil {
			return fmt.Errorf("ingest: write evt %s: %s: %w", e.Name, s.name, err)
		}
	}
	var lines [][]evtLine
	add := func(ls []evtLine, what string) error {
		for i := 1; i < len(ls); i++ {
			if ls[i].t.Before(ls[i-1].t) {
				return fmt.Errorf("ingest: write evt %s: %s %d at %v is before the previous one", e.Name, what, i+1, ls[i].t)
			}
		}
		lines = append(lines, ls)
		return nil
	}
	var steps, rates, thick, notes []evtLine
	for _, s := range e.Steps {
		if s.No < 1 || s.No >= EvtStepCount {
			return fmt.Errorf("ingest: write evt %s: step number %d outside 1…%d", e.Name, s.No, EvtStepCount-1)
		}
		if err := checkText(s.Name); err != nil {
			return fmt.Errorf("ingest: write evt %s: step %d name: %w", e.Name, s.No, err)
		}
		if err := checkMaterial(s.Material); err != nil {
			return fmt.Errorf("ingest: write evt %s: step %d material: %w", e.Name, s.No, err)
		}
		steps = append(steps, evtLine{s.Start, 3, fmt.Sprintf("INFO,%s%d of %d,,,,,%s_%s", msgStepPrefix, s.No, EvtStepCount, s.Name, s.Material)})
	}
	for _, l := range e.Layers {
		if l.Layer < 1 || l.Layer > 99 {
			return fmt.Errorf("ingest: write evt %s: layer number %d outside 1…99", e.Name, l.Layer)
		}
		if err := checkMaterial(l.Material); err != nil {
			return fmt.Errorf("ingest: write evt %s: layer %d material: %w", e.Name, l.Layer, err)
		}
		if math.IsNaN(l.SetPoint) || math.IsInf(l.SetPoint, 0) {
			return fmt.Errorf("ingest: write evt %s: layer %d: set-point %v", e.Name, l.Layer, l.SetPoint)
		}
		info := LayerName(l.Layer) + "_" + l.Material
		thick = append(thick, evtLine{l.Time, 0, fmt.Sprintf("MEAS,%s,%s,nm,%s,nm,%s", msgThickness, formatNum(l.SetPoint, 2), formatNum(l.Measured, 2), info)})
		if !l.RateTime.IsZero() {
			rates = append(rates, evtLine{l.RateTime, 1, fmt.Sprintf("MEAS,%s,%s,nm/s,%s,nm/s,%s", msgRate, formatNum(l.RateSet, 2), formatNum(l.Rate, 2), info)})
		}
	}
	for _, n := range e.Notes {
		for _, s := range []string{n.Class, n.Text, n.Info} {
			if err := checkText(s); err != nil {
				return fmt.Errorf("ingest: write evt %s: note %q: %w", e.Name, n.Text, err)
			}
		}
		if isReservedMessage(n.Text) {
			return fmt.Errorf("ingest: write evt %s: note text %q is reserved", e.Name, n.Text)
		}
		notes = append(notes, evtLine{n.Time, 2, fmt.Sprintf("%s,%s,,,,,%s", n.Class, n.Text, n.Info)})
	}
	for _, x := range []struct {
		l    []evtLine
		what string
	}{{steps, "step"}, {thick, "thickness line"}, {rates, "rate line"}, {notes, "note"}} {
		if err := add(x.l, x.what); err != nil {
			return err
		}
	}
	if !e.End.IsZero() {
		d := e.End.Sub(e.Start)
		lines = append(lines, []evtLine{{e.End, 4, fmt.Sprintf("INFO,%s,%d:%02d:%02d,h:m:s,,,", msgTotal,
			int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60)}})
	}
	merged := mergeLines(lines)

	if e.Start.Nanosecond() != 0 {
		return fmt.Errorf("ingest: write evt %s: production start %v is not a whole second", e.Name, e.Start)
	}
	prev := e.Start
	for _, l := range merged {
		if l.t.Before(e.Start) {
			return fmt.Errorf("ingest: write evt %s: event at %v before production start %v", e.Name, l.t, e.Start)
		}
		if l.t.Nanosecond() != 0 {
			return fmt.Errorf("ingest: write evt %s: event at %v is not a whole second", e.Name, l.t)
		}
		if l.t.Sub(prev) >= 12*time.Hour {
			return fmt.Errorf("ingest: write evt %s: gap of %v between events cannot be represented by clock times", e.Name, l.t.Sub(prev))
		}
		prev = l.t
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n%s,%s\n%s,%s\n%s,%s\n%s,%s,%s\n%s\n", evtTitle,
		labelPLC, e.PLCVersion, labelMachine, e.Machine, labelRecipe, e.Recipe,
		labelStart, formatUSDate(e.Start), formatClock(e.Start), evtColumnHeader)
	for i, l := range merged {
		fmt.Fprintf(bw, "%s,%d,%s\n", formatClock(l.t), i+1, l.text)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ingest: write evt %s: %w", e.Name, err)
	}
	return nil
}

// mergeLines merges time-ordered lists by time, ties broken by rank.
func mergeLines(lists [][]evtLine) []evtLine {
	var out []evtLine
	idx := make([]int, len(lists))
	for {
		best := -1
		for i, l := range lists {
			if idx[i] == len(l) {
				continue
			}
			if best < 0 {
				best = i
				continue
			}
			a, b := l[idx[i]], lists[best][idx[best]]
			if a.t.Before(b.t) || (a.t.Equal(b.t) && a.rank < b.rank) {
				best = i
			}
		}
		if best < 0 {
			return out
		}
		out = append(out, lists[best][idx[best]])
		idx[best]++
	}
}

func isReservedMessage(s string) bool {
	return s == msgThickness || s == msgRate || s == msgTotal || strings.HasPrefix(s, msgStepPrefix)
}

func checkText(s string) error {
	if strings.ContainsAny(s, ",\"\r\n") {
		return fmt.Errorf("%q contains a comma, quote or line break", s)
	}
	return nil
}

func checkMaterial(s string) error {
	if strings.Contains(s, "_") {
		return fmt.Errorf("%q contains an underscore", s)
	}
	return checkText(s)
}

// formatNum writes v with dec decimals when that is exact, else with the
// shortest representation that reads back to v; NaN is written empty.
func formatNum(v float64, dec int) string {
	if math.IsNaN(v) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if p, err := strconv.ParseFloat(s, 64); err == nil && p == v {
		return s
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// NameFromFile returns the log id of a file path: the base name without
// extension, in lower case ("EVT21020319.CSV" → "evt21020319").
func NameFromFile(path string) string {
	base := filepath.Base(path)
	return strings.ToLower(strings.TrimSuffix(base, filepath.Ext(base)))
}

// ParseEvt reads an evt process log in one pass. file names the input in
// errors and gives Evt.Name (see NameFromFile). Header lines are recognised
// by their labels; the recipe and production start are required; other
// lines before the first event line whose first field is not a time (a
// title, the column header, header labels not used here) are skipped. Event
// lines have the clock time in column 0 and the message in column 3;
// unknown messages become Notes. Errors are *ParseError values naming the
// line and field.
func ParseEvt(r io.Reader, file string) (*Evt, error) {
	e := &Evt{Name: NameFromFile(file), File: file}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxEvtLineLength)
	var (
		line     int
		base     time.Time // midnight of the current day
		prevClk  int
		haveBody bool
		// Rate lines are paired with the Thickness lines of their layer in
		// file order, whichever comes first.
		pendingRate = map[int][]rateLine{} // Rate lines waiting for a Thickness line
		needRate    = map[int][]int{}      // Thickness lines (indices) waiting for a Rate line
		fields      [][]byte
	)
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		if len(trimSpace(b)) == 0 {
			continue
		}
		fields = splitFields(fields[:0], b)
		label := string(trimSpace(fields[0]))
		switch {
		case line == 1 && label == evtTitle:
			continue
		case label == labelPLC || label == labelMachine || label == labelRecipe:
			if haveBody {
				return nil, perr(file, line, label, "header line after the first event line")
			}
			v := ""
			if len(fields) > 1 {
				v = string(trimSpace(fields[1]))
			}
			switch label {
			case labelPLC:
				e.PLCVersion = v
			case labelMachine:
				e.Machine = v
			default:
				if v == "" {
					return nil, perr(file, line, "recipe", "empty recipe name")
				}
				e.Recipe = v
			}
			continue
		case label == labelStart:
			if haveBody {
				return nil, perr(file, line, label, "header line after the first event line")
			}
			if len(fields) < 3 {
				return nil, perr(file, line, "production start", "want date and time, got %d field(s)", len(fields)-1)
			}
			d, ok := parseUSDate(fields[1])
			if !ok {
				return nil, perr(file, line, "production start date", "%q is not M/D/YYYY", fields[1])
			}
			c, ok := parseClock(fields[2])
			if !ok {
				return nil, perr(file, line, "production start time", "%q is not HH:MM:SS", fields[2])
			}
			e.Start = d.Add(time.Duration(c) * time.Second)
			base, prevClk = d, c
			continue
		case label == "Time" && len(fields) > 3 && string(trimSpace(fields[3])) == "Event":
			continue
		}
		// Before the first event line, a line whose first field is text
		// (a title, a header label this parser does not use) is skipped.
		if !haveBody && !looksLikeClock(fields[0]) {
			continue
		}
		// An event line.
		if e.Start.IsZero() {
			return nil, perr(file, line, "time", "event line before the production start line")
		}
		if e.Recipe == "" {
			return nil, perr(file, line, "recipe", "event line before the recipe line")
		}
		haveBody = true
		if len(fields) < 4 {
			return nil, perr(file, line, "", "event line has %d field(s), want at least 4", len(fields))
		}
		c, ok := parseClock(fields[0])
		if !ok {
			return nil, perr(file, line, "time", "%q is not HH:MM:SS", fields[0])
		}
		if c < prevClk-secondsPerDay/2 {
			base = base.AddDate(0, 0, 1) // midnight roll-over
		}
		prevClk = c
		t := base.Add(time.Duration(c) * time.Second)
		msg := string(trimSpace(fields[3]))
		info := ""
		if len(fields) > 4 {
			info = string(trimSpace(fields[len(fields)-1]))
		}
		switch {
		case strings.HasPrefix(msg, msgStepPrefix):
			no, err := parseStepNo(msg)
			if err != nil {
				return nil, perr(file, line, "event", "%v", err)
			}
			if len(fields) < evtFields {
				return nil, perr(file, line, "info", "step line has %d fields, want %d", len(fields), evtFields)
			}
			name, mat := splitLast(info)
			e.Steps = append(e.Steps, Step{No: no, Name: name, Material: mat, Start: t})
		case msg == msgThickness || msg == msgRate:
			if len(fields) < evtFields {
				return nil, perr(file, line, "", "%s line has %d fields, want %d", msg, len(fields), evtFields)
			}
			layer, mat, err := parseLayerInfo(info)
			if err != nil {
				return nil, perr(file, line, "info", "%v", err)
			}
			v4, err := parseOptFloat(fields[4])
			if err != nil {
				return nil, perr(file, line, "value 1", "%v", err)
			}
			v6, err := parseOptFloat(fields[6])
			if err != nil {
				return nil, perr(file, line, "value 2", "%v", err)
			}
			if msg == msgThickness {
				if math.IsNaN(v4) {
					return nil, perr(file, line, "value 1", "empty thickness set-point")
				}
				rec := LayerRecord{Layer: layer, Material: mat, Time: t, SetPoint: v4, Measured: v6, RateSet: math.NaN(), Rate: math.NaN()}
				if q := pendingRate[layer]; len(q) > 0 {
					rec.RateTime, rec.RateSet, rec.Rate = q[0].t, q[0].set, q[0].rate
					pendingRate[layer] = q[1:]
				} else {
					needRate[layer] = append(needRate[layer], len(e.Layers))
				}
				e.Layers = append(e.Layers, rec)
			} else {
				if q := needRate[layer]; len(q) > 0 {
					l := &e.Layers[q[0]]
					l.RateTime, l.RateSet, l.Rate = t, v4, v6
					needRate[layer] = q[1:]
				} else {
					pendingRate[layer] = append(pendingRate[layer], rateLine{t: t, set: v4, rate: v6, line: line})
				}
			}
		case msg == msgTotal:
			if !e.End.IsZero() {
				return nil, perr(file, line, "event", "second %q line", msgTotal)
			}
			e.End = t
		default:
			class := string(trimSpace(fields[2]))
			e.Notes = append(e.Notes, Note{Time: t, Class: class, Text: msg, Info: info})
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, perr(file, line+1, "", "line longer than %d bytes", maxEvtLineLength)
		}
		return nil, &ParseError{File: file, Line: line + 1, Err: err}
	}
	if line == 0 {
		return nil, &ParseError{File: file, Err: errNoData}
	}
	if e.Recipe == "" {
		return nil, perr(file, 0, "recipe", "no %q line", labelRecipe)
	}
	if e.Start.IsZero() {
		return nil, perr(file, 0, "production start", "no %q line", labelStart)
	}
	// A Rate line without a Thickness line: report the first in file order.
	first := 0
	for _, q := range pendingRate {
		if len(q) > 0 && (first == 0 || q[0].line < first) {
			first = q[0].line
		}
	}
	if first > 0 {
		return nil, perr(file, first, "info", "Rate line without a Thickness line of its layer")
	}
	return e, nil
}

// looksLikeClock reports whether b is made of digits, colons and blanks
// only, i.e. is meant as a clock time (valid or not).
func looksLikeClock(b []byte) bool {
	b = trimSpace(b)
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if (c < '0' || c > '9') && c != ':' && c != ' ' {
			return false
		}
	}
	return true
}

// splitFields splits a line at commas (the evt export never quotes).
func splitFields(dst [][]byte, b []byte) [][]byte {
	for {
		i := bytes.IndexByte(b, ',')
		if i < 0 {
			return append(dst, b)
		}
		dst = append(dst, b[:i])
		b = b[i+1:]
	}
}

// splitLast splits "name_material" at the last underscore.
func splitLast(s string) (string, string) {
	i := strings.LastIndexByte(s, '_')
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i+1:]
}

// parseStepNo parses "Start Step No. k of 9".
func parseStepNo(msg string) (int, error) {
	rest := strings.TrimPrefix(msg, msgStepPrefix)
	ks, of, ok := strings.Cut(rest, " of ")
	if !ok {
		return 0, fmt.Errorf("%q: want %q", msg, msgStepPrefix+"k of 9")
	}
	k, err := strconv.Atoi(strings.TrimSpace(ks))
	if err != nil || k < 1 || k >= EvtStepCount {
		return 0, fmt.Errorf("%q: step number %q not in 1…%d", msg, ks, EvtStepCount-1)
	}
	if n, err := strconv.Atoi(strings.TrimSpace(of)); err != nil || n != EvtStepCount {
		return 0, fmt.Errorf("%q: step count %q, want %d", msg, of, EvtStepCount)
	}
	return k, nil
}

// parseLayerInfo parses "L<k>_<material>".
func parseLayerInfo(info string) (int, string, error) {
	name, mat := splitLast(info)
	if len(name) < 2 || (name[0] != 'L' && name[0] != 'l') {
		return 0, "", fmt.Errorf("%q is not a layer name L<k>_<material>", info)
	}
	k, err := strconv.Atoi(name[1:])
	if err != nil || k < 1 || k > 99 {
		return 0, "", fmt.Errorf("%q is not a layer name L<k>_<material>", info)
	}
	return k, mat, nil
}

// parseOptFloat parses a number; an empty field or "NaN" is NaN.
func parseOptFloat(b []byte) (float64, error) {
	b = trimSpace(b)
	if len(b) == 0 {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", b)
	}
	if math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is infinite", b)
	}
	return v, nil
}
