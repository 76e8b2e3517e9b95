package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Names of the quartz-crystal monitor (QCM) columns of the sensor CSV.
const (
	// QCMThickness is the thickness reading of the active crystal.
	QCMThickness = "ACT_O1_QCMS_THICKNESS"
	// QCMRate is the rate reading of the active crystal.
	QCMRate = "ACT_O1_QCMS_RATE"
	// QCMThicknessCH1 is the thickness reading of crystal channel 1; its
	// per-step sample std is the model feature.
	QCMThicknessCH1 = "ACT_O1_QCMS_THICKNESS_CH1"
	// QCMRateCH1 is the rate reading of crystal channel 1.
	QCMRateCH1 = "ACT_O1_QCMS_RATE_CH1"
)

// QCMColumns returns the four QCM columns in their export order.
func QCMColumns() []string {
	return []string{QCMThickness, QCMRate, QCMThicknessCH1, QCMRateCH1}
}

// UsefulSensors returns the 25 sensor columns the process engineers marked
// as useful, in export order: vacuum gauges, cryo-pump temperatures, gas
// flow, the four QCM columns, crystal state, substrate heater and the Q10
// ion source.
func UsefulSensors() []string {
	return []string{
		"ACT_IONIVAC", "ACT_PENNINGVAC", "ACT_THERMOVAC_CH", "ACT_THERMOVAC_PREVLINE",
		"ACT_THERMOVAC_HP", "ACT_THERMOVAC_HP2", "ACT_PRESSURE_CH",
		"ACT_POLYCOLD_TEMPERATURE", "ACT_MEISSNER_TEMPERATURE",
		"ACT_FLOW1", "ACTN_FLOW1",
		QCMThickness, QCMRate, QCMThicknessCH1, QCMRateCH1,
		"STAT_LT_CRYSTAL_CH1", "ACT_HEATER2_TEMPERATURE",
		"ACT_Q10_ANODE_CURRENT", "ACT_Q10_ANODE_VOLTAGE",
		"ACT_Q10_CATHODE_CURRENT", "ACT_Q10_CATHODE_VOLTAGE",
		"ACT_Q10_NEUTRALISER_CURRENT", "ACT_Q10_ION_FLOW1", "ACT_Q10_ION_FLOW2",
		"STAT_Q10_SHUTTER",
	}
}

// sensorMeta are the leading columns of every sensor CSV row, before the
// sensor values: the date (M/D/YYYY), the clock time (HH:MM:SS), the
// record number (1, 2, …), the seconds elapsed since the first row and the
// machine mode.
var sensorMeta = [...]string{"Date", "Time", "RecNo", "Elapsed", "Mode"}

// SensorFirstColumn is the 0-based index of the first sensor column.
const SensorFirstColumn = len(sensorMeta)

// sensorTimeColumn is the 0-based index of the clock time column.
const sensorTimeColumn = 1

// maxSensorLine bounds the length of one sensor CSV line.
const maxSensorLine = 1 << 20

// SensorWriter writes a sensor CSV as a stream of rows.
type SensorWriter struct {
	bw    *bufio.Writer
	n     int
	nrows int
	dec   int
	first time.Time
	last  time.Time
	buf   []byte
	err   error
}

// NewSensorWriter writes the header row (meta columns, then columns) and
// returns a writer for the rows. Column names must be non-empty, unique and
// free of commas, quotes and line breaks. Call Flush at the end.
func NewSensorWriter(w io.Writer, columns []string) (*SensorWriter, error) {
	if len(columns) == 0 {
		return nil, errors.New("ingest: sensor writer: no columns")
	}
	seen := map[string]bool{}
	for _, m := range sensorMeta {
		seen[m] = true
	}
	for i, c := range columns {
		if c == "" {
			return nil, fmt.Errorf("ingest: sensor writer: column %d has an empty name", i)
		}
		if err := checkText(c); err != nil {
			return nil, fmt.Errorf("ingest: sensor writer: column %d: %w", i, err)
		}
		if seen[c] {
			return nil, fmt.Errorf("ingest: sensor writer: duplicate column %q", c)
		}
		seen[c] = true
	}
	sw := &SensorWriter{bw: bufio.NewWriterSize(w, 1<<16), dec: -1}
	for i, m := range sensorMeta {
		if i > 0 {
			sw.bw.WriteByte(',')
		}
		sw.bw.WriteString(m)
	}
	for _, c := range columns {
		sw.bw.WriteByte(',')
		sw.bw.WriteString(c)
	}
	sw.bw.WriteByte('\n')
	sw.n = len(columns)
	return sw, nil
}

// SetDecimals sets the number of decimals written for every value; d < 0
// (the default) writes the shortest representation that reads back exactly.
// With d ≥ 0 a value v reads back as Quantize(v, d).
func (sw *SensorWriter) SetDecimals(d int) { sw.dec = d }

// Quantize returns the value a sensor CSV written with d ≥ 0 decimals holds
// for v, bit for bit as the parser reads it back; NaN stays NaN.
func Quantize(v float64, d int) float64 {
	if math.IsNaN(v) || d < 0 {
		return v
	}
	q, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
	return q
}

// WriteRow writes one row at time t (a whole second, not before the previous
// row, less than 12 hours after it) with one value per column; NaN is
// written as an empty cell.
func (sw *SensorWriter) WriteRow(t time.Time, values []float64) error {
	if sw.err != nil {
		return sw.err
	}
	if len(values) != sw.n {
		return fmt.Errorf("ingest: sensor writer: row %d has %d values, want %d", sw.rows()+1, len(values), sw.n)
	}
	if t.Nanosecond() != 0 {
		return fmt.Errorf("ingest: sensor writer: row time %v is not a whole second", t)
	}
	if sw.first.IsZero() {
		sw.first = t
	} else if t.Before(sw.last) || t.Sub(sw.last) >= 12*time.Hour {
		return fmt.Errorf("ingest: sensor writer: row time %v after %v: want a step of 0 to 12 h", t, sw.last)
	}
	sw.last = t
	sw.nrows++
	b := sw.buf[:0]
	y, m, d := t.Date()
	b = strconv.AppendInt(b, int64(m), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(d), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, ',')
	b = append(b, formatClock(t)...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(sw.nrows), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(t.Sub(sw.first)/time.Second), 10)
	b = append(b, ",AUTO"...)
	for _, v := range values {
		b = append(b, ',')
		switch {
		case math.IsNaN(v):
		case sw.dec >= 0:
			b = strconv.AppendFloat(b, v, 'f', sw.dec, 64)
		default:
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	b = append(b, '\n')
	sw.buf = b
	if _, err := sw.bw.Write(b); err != nil {
		sw.err = fmt.Errorf("ingest: sensor writer: %w", err)
	}
	return sw.err
}

func (sw *SensorWriter) rows() int { return sw.nrows }

// Flush writes any buffered data to the underlying writer.
func (sw *SensorWriter) Flush() error {
	if sw.err != nil {
		return sw.err
	}
	if err := sw.bw.Flush(); err != nil {
		sw.err = fmt.Errorf("ingest: sensor writer: %w", err)
	}
	return sw.err
}

// SensorReader reads a sensor CSV row by row without holding the file in
// memory. The clock time is column 1; sensor values start at column
// SensorFirstColumn. Empty cells and "NaN" read as NaN.
//
//	sr, err := NewSensorReader(f, name)
//	sr.Select(QCMThicknessCH1)
//	for sr.Next() { use(sr.Seconds(), sr.Values()) }
//	if err := sr.Err(); err != nil { … }
type SensorReader struct {
	br      *bufio.Reader
	file    string
	line    int
	columns []string
	nfields int
	slot    []int // per field: index into values, or -1
	sel     []string
	values  []float64
	clock   int
	prevClk int
	days    int
	started bool
	long    []byte
	err     error
	badRow  bool // err is a malformed row that can be skipped
}

// NewSensorReader reads the header row of a sensor CSV; file names the
// input in errors. All sensor columns are selected.
func NewSensorReader(r io.Reader, file string) (*SensorReader, error) {
	sr := &SensorReader{br: bufio.NewReaderSize(r, 1<<16), file: file}
	b, err := sr.readLine()
	if err != nil {
		if err == io.EOF {
			return nil, &ParseError{File: file, Line: 1, Err: errNoData}
		}
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	fields := splitFields(nil, trimSpace(b))
	if len(fields) <= SensorFirstColumn {
		return nil, perr(file, 1, "header", "%d column(s), want the %d meta columns and at least one sensor", len(fields), SensorFirstColumn)
	}
	seen := map[string]int{}
	for i, f := range fields {
		name := string(trimSpace(f))
		if i >= SensorFirstColumn {
			if name == "" {
				return nil, perr(file, 1, fmt.Sprintf("column %d", i), "empty sensor name")
			}
			if j, dup := seen[name]; dup {
				return nil, perr(file, 1, name, "duplicate sensor name (columns %d and %d)", j, i)
			}
			seen[name] = i
			sr.columns = append(sr.columns, name)
		}
	}
	sr.nfields = len(fields)
	if err := sr.Select(sr.columns...); err != nil {
		return nil, err
	}
	return sr, nil
}

// Columns returns the sensor column names in file order.
func (sr *SensorReader) Columns() []string { return append([]string(nil), sr.columns...) }

// Select restricts the parsed columns to names, in that order: Values then
// holds one value per name. Unselected columns are skipped unparsed. Call it
// before the first Next.
func (sr *SensorReader) Select(names ...string) error {
	slot := make([]int, sr.nfields)
	for i := range slot {
		slot[i] = -1
	}
	for j, n := range names {
		found := false
		for i, c := range sr.columns {
			if c == n {
				if slot[SensorFirstColumn+i] >= 0 {
					return fmt.Errorf("ingest: %s: column %q selected twice", sr.file, n)
				}
				slot[SensorFirstColumn+i] = j
				found = true
				break
			}
		}
		if !found {
			return &ParseError{File: sr.file, Line: 1, Field: n, Err: errors.New("no such sensor column")}
		}
	}
	sr.slot = slot
	sr.sel = append([]string(nil), names...)
	sr.values = make([]float64, len(names))
	return nil
}

// Next reads the next row; it returns false at the end of the file or at
// the first error (see Err). Blank lines are skipped.
func (sr *SensorReader) Next() bool {
	if sr.err != nil {
		return false
	}
	for {
		b, err := sr.readLine()
		if err != nil {
			if err != io.EOF {
				sr.err = err
			}
			return false
		}
		b = trimSpace(b)
		if len(b) == 0 {
			continue
		}
		if err := sr.parseRow(b); err != nil {
			sr.err, sr.badRow = err, true
			return false
		}
		return true
	}
}

func (sr *SensorReader) parseRow(b []byte) error {
	field := 0
	for {
		i := bytes.IndexByte(b, ',')
		f := b
		if i >= 0 {
			f = b[:i]
		}
		if field >= sr.nfields {
			return perr(sr.file, sr.line, "", "row has more than %d fields", sr.nfields)
		}
		if field == sensorTimeColumn {
			c, ok := parseClock(f)
			if !ok {
				return perr(sr.file, sr.line, "Time", "%q is not HH:MM:SS", f)
			}
			if sr.started && c < sr.prevClk-secondsPerDay/2 {
				sr.days++
			}
			sr.started = true
			sr.prevClk, sr.clock = c, c
		} else if s := sr.slot[field]; s >= 0 {
			v, err := parseSensorFloat(f)
			if err != nil {
				return perr(sr.file, sr.line, sr.columns[field-SensorFirstColumn], "%v", err)
			}
			sr.values[s] = v
		}
		field++
		if i < 0 {
			break
		}
		b = b[i+1:]
	}
	if field != sr.nfields {
		return perr(sr.file, sr.line, "", "row has %d fields, want %d (truncated?)", field, sr.nfields)
	}
	return nil
}

// parseSensorFloat is parseOptFloat with a fast path for the plain decimals
// that make up nearly all of a sensor file.
func parseSensorFloat(f []byte) (float64, error) {
	if t := trimSpace(f); len(t) > 0 {
		if v, ok := parseSimpleFloat(t); ok {
			return v, nil
		}
	}
	return parseOptFloat(f)
}

// pow10 holds the exactly representable powers of ten.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseSimpleFloat parses [-]digits[.digits] with at most 15 significant
// digits, where mantissa/10^k is the correctly rounded result (both are
// exact in float64), as strconv's fast path does. Anything else returns
// ok = false for the general parser.
func parseSimpleFloat(f []byte) (float64, bool) {
	neg := false
	if f[0] == '-' {
		neg = true
		f = f[1:]
	}
	var mant uint64
	digits, frac := 0, -1
	for _, c := range f {
		switch {
		case c >= '0' && c <= '9':
			if mant == 0 && c == '0' && frac < 0 {
				// leading zero, not significant
			} else {
				digits++
			}
			mant = mant*10 + uint64(c-'0')
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if len(f) == 0 || digits > 15 || frac == 0 && len(f) == 1 {
		return 0, false
	}
	if frac < 0 {
		frac = 0
	}
	if frac >= len(pow10) {
		return 0, false
	}
	v := float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// readLine returns the next line without its line break; io.EOF at the end.
func (sr *SensorReader) readLine() ([]byte, error) {
	b, err := sr.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		sr.long = append(sr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			if len(sr.long) > maxSensorLine {
				return nil, perr(sr.file, sr.line+1, "", "line longer than %d bytes", maxSensorLine)
			}
			b, err = sr.br.ReadSlice('\n')
			sr.long = append(sr.long, b...)
		}
		b = sr.long
	}
	if err != nil && err != io.EOF {
		return nil, &ParseError{File: sr.file, Line: sr.line + 1, Err: err}
	}
	if len(b) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	sr.line++
	return bytes.TrimSuffix(b, []byte("\n")), nil
}

// skipBadRow clears an error caused by a malformed row so that Next can go
// on with the following rows; it reports whether it did.
func (sr *SensorReader) skipBadRow() bool {
	if !sr.badRow {
		return false
	}
	sr.err, sr.badRow = nil, false
	return true
}

// Line returns the 1-based line number of the current row.
func (sr *SensorReader) Line() int { return sr.line }

// Clock returns the current row's clock time in seconds since midnight.
func (sr *SensorReader) Clock() int { return sr.clock }

// Seconds returns the current row's time in seconds since midnight of the
// first row's day: the clock time plus 86400 per midnight roll-over (a clock
// that goes back by more than 12 hours).
func (sr *SensorReader) Seconds() int { return sr.clock + sr.days*secondsPerDay }

// Values returns the current row's values of the selected columns, in the
// order given to Select. The slice is reused by the next call to Next.
func (sr *SensorReader) Values() []float64 { return sr.values }

// Err returns the first error met by Next, nil at a clean end of file.
func (sr *SensorReader) Err() error { return sr.err }
