// Package furnace holds the data model of the coating process: a furnace (one
// oven load of lenses) with its back (CC, concave) and front (CX, convex) face
// runs, their layer set-points and per-step QCM std features, the measured
// double-sided reflectance curve, the consumable counters and the cleaning
// cycle; the furnace table in CSV form (the column names of the plant's tidy
// export, shared by the digital twin and the cleaning stage); the reference
// target curves; and access to the real production data.
//
// # Furnace table
//
// A Table is read with Read, ReadFile or ReadOptions and written with
// Table.Write or Table.WriteFile (atomic, never replacing a file unless
// asked). Its columns are the model columns listed by ModelColumns plus any
// extra columns, which are kept verbatim (Table.Extra, Table.ExtraValues) so
// that a table written by Write reads and rewrites byte for byte. Empty cells
// are missing values (NaN); nothing is imputed. Errors are *ParseError values
// naming the file, line and column.
//
// The cleaning cycle is the cycle_id column (empty when unknown). The
// real-data bundle has no such column: its egun_cycle_id column, a proxy that
// starts a new cycle when the e-gun filament is replaced, takes its place.
// LoadRealData applies this rule; ReadOptions.CycleColumn states it for any
// other file.
//
// # Model matrices and normalisation
//
// Select picks the furnaces that hold the data a model needs and reports why
// each other furnace was left out; AdjustableMatrix (10 set-points),
// Std14Matrix (14 step stds) and CurveMatrix (81 reflectances) build the
// matrices of the selected rows. FitStats computes per-column mean and
// population std (ddof = 0); Stats normalises, denormalises and is stored as
// JSON.
//
// # Reference curves and furnace numbers
//
// Reference returns the design target curves (best, R1–R3 and the
// single-face targets). ParseNumber decodes the 11-digit furnace number
// "33 S YYMMDD NN" into machine, shift digit, date and sequence.
//
// # Real data
//
// RealDataDir locates the real production data ($ZEISS_REALDATA, or
// ../shared/realdata beside the module root); tests skip when it is absent.
package furnace
