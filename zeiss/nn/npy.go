package nn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Array is an n-dimensional float64 array in C (row-major) order, as read from
// or written to a NumPy .npy file.
type Array struct {
	// Shape lists the dimensions (empty for a scalar).
	Shape []int
	// Data holds the product of Shape values in C order.
	Data []float64
}

// npyMagic opens every .npy file.
const npyMagic = "\x93NUMPY"

// WriteNpy writes a as a version 1.0 .npy file of little-endian float64 ('<f8')
// in C order. len(a.Data) must equal the product of a.Shape.
func WriteNpy(w io.Writer, a Array) error {
	n := 1
	for _, d := range a.Shape {
		if d < 0 {
			return fmt.Errorf("nn: npy: negative dimension in shape %v", a.Shape)
		}
		n *= d
	}
	if n != len(a.Data) {
		return fmt.Errorf("nn: npy: shape %v holds %d values, got %d", a.Shape, n, len(a.Data))
	}
	var shape strings.Builder
	shape.WriteByte('(')
	for i, d := range a.Shape {
		if i > 0 {
			shape.WriteString(", ")
		}
		shape.WriteString(strconv.Itoa(d))
	}
	if len(a.Shape) == 1 {
		shape.WriteByte(',')
	}
	shape.WriteByte(')')
	header := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': %s, }", shape.String())
	// Pad with spaces so that magic+version+length+header+'\n' is a multiple of 64.
	total := len(npyMagic) + 2 + 2 + len(header) + 1
	header += strings.Repeat(" ", (64-total%64)%64) + "\n"
	if len(header) > math.MaxUint16 {
		return fmt.Errorf("nn: npy: header too long for shape %v", a.Shape)
	}
	buf := make([]byte, 0, len(npyMagic)+4+len(header)+8*len(a.Data))
	buf = append(buf, npyMagic...)
	buf = append(buf, 1, 0)
	buf = binary.LittleEndian.AppendUint16(buf, uint16(len(header)))
	buf = append(buf, header...)
	for _, v := range a.Data {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
	}
	_, err := w.Write(buf)
	return err
}

var (
	npyDescrRe   = regexp.MustCompile(`'descr'\s*:\s*'([^']*)'`)
	npyFortranRe = regexp.MustCompile(`'fortran_order'\s*:\s*(True|False)`)
	npyShapeRe   = regexp.MustCompile(`'shape'\s*:\s*\(([^)]*)\)`)
)

// ReadNpy reads a .npy file (versions 1.0–3.0) holding float64 or float32,
// little- or big-endian, in C or Fortran order, and returns it as float64 in
// C order.
func ReadNpy(r io.Reader) (Array, error) {
	br := bufio.NewReader(r)
	pre := make([]byte, len(npyMagic)+2)
	if _, err := io.ReadFull(br, pre); err != nil {
		return Array{}, fmt.Errorf("nn: npy: reading magic: %w", err)
	}
	if string(pre[:len(npyMagic)]) != npyMagic {
		return Array{}, errors.New("nn: npy: not a .npy file (bad magic)")
	}
	var hlen int
	switch major := pre[len(npyMagic)]; major {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return Array{}, fmt.Errorf("nn: npy: reading header length: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return Array{}, fmt.Errorf("nn: npy: reading header length: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint32(b[:]))
		if hlen > 1<<20 {
			return Array{}, fmt.Errorf("nn: npy: header length %d too large", hlen)
		}
	default:
		return Array{}, fmt.Errorf("nn: npy: unsupported format version %d.%d", major, pre[len(npyMagic)+1])
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(br, hb); err != nil {
		return Array{}, fmt.Errorf("nn: npy: reading header: %w", err)
	}
	header := string(hb)
	m := npyDescrRe.FindStringSubmatch(header)
	if m == nil {
		return Array{}, fmt.Errorf("nn: npy: header %q has no descr", strings.TrimSpace(header))
	}
	var order binary.ByteOrder
	var size int
	switch m[1] {
	case "<f8":
		order, size = binary.LittleEndian, 8
	case ">f8":
		order, size = binary.BigEndian, 8
	case "<f4":
		order, size = binary.LittleEndian, 4
	case ">f4":
		order, size = binary.BigEndian, 4
	default:
		return Array{}, fmt.Errorf("nn: npy: unsupported dtype %q (want float32 or float64)", m[1])
	}
	fm := npyFortranRe.FindStringSubmatch(header)
	if fm == nil {
		return Array{}, fmt.Errorf("nn: npy: header %q has no fortran_order", strings.TrimSpace(header))
	}
	sm := npyShapeRe.FindStringSubmatch(header)
	if sm == nil {
		return Array{}, fmt.Errorf("nn: npy: header %q has no shape", strings.TrimSpace(header))
	}
	var shape []int
	n := 1
	for _, f := range strings.Split(sm[1], ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		d, err := strconv.Atoi(f)
		if err != nil || d < 0 {
			return Array{}, fmt.Errorf("nn: npy: bad dimension %q in shape (%s)", f, sm[1])
		}
		if d > 0 && int64(n) > min(1<<40, math.MaxInt)/int64(d) { // also on 32-bit machines
			return Array{}, fmt.Errorf("nn: npy: shape (%s) too large", sm[1])
		}
		shape = append(shape, d)
		n *= d
	}
	// Read what is there rather than trusting the header with an allocation.
	raw, err := io.ReadAll(io.LimitReader(br, int64(n*size)+1))
	if err != nil {
		return Array{}, fmt.Errorf("nn: npy: reading %d values of shape %v: %w", n, shape, err)
	}
	if len(raw) < n*size {
		return Array{}, fmt.Errorf("nn: npy: file ends after %d of %d bytes of data for shape %v", len(raw), n*size, shape)
	}
	if len(raw) > n*size {
		return Array{}, fmt.Errorf("nn: npy: trailing data after %d values of shape %v", n, shape)
	}
	data := make([]float64, n)
	for i := range data {
		if size == 8 {
			data[i] = math.Float64frombits(order.Uint64(raw[8*i:]))
		} else {
			data[i] = float64(math.Float32frombits(order.Uint32(raw[4*i:])))
		}
	}
	if fm[1] == "True" && len(shape) > 1 {
		data = fortranToC(data, shape)
	}
	return Array{Shape: shape, Data: data}, nil
}

// fortranToC reorders column-major data of the given shape into row-major.
func fortranToC(f []float64, shape []int) []float64 {
	c := make([]float64, len(f))
	idx := make([]int, len(shape))
	for k := range c { // k runs over C order; compute the Fortran offset
		off, stride := 0, 1
		for d := range shape {
			off += idx[d] * stride
			stride *= shape[d]
		}
		c[k] = f[off]
		for d := len(shape) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return c
}

// SaveNpy writes a to the named .npy file atomically (a temporary file in the
// same directory, then a rename). It refuses to replace an existing file
// unless overwrite is set.
func SaveNpy(path string, a Array, overwrite bool) error {
	var buf bytes.Buffer
	if err := WriteNpy(&buf, a); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeFileAtomic(path, buf.Bytes(), overwrite)
}

// LoadNpy reads the named .npy file.
func LoadNpy(path string) (Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return Array{}, err
	}
	defer f.Close()
	a, err := ReadNpy(f)
	if err != nil {
		return Array{}, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// writeFileAtomic writes data to path atomically (furnace.WriteFileAtomic:
// a temporary file in the same directory, then a rename); without
// overwrite, an existing file at path is an error.
func writeFileAtomic(path string, data []byte, overwrite bool) error {
	return furnace.WriteFileAtomic(path, overwrite, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// ParamArrays returns the parameters as arrays in the order of PyTorch's
// state_dict for a Sequential of Linear layers: for each layer its weight
// (Out×In) and its bias (Out). The arrays are copies.
func (m *MLP) ParamArrays() []Array {
	var out []Array
	for _, l := range m.layers {
		out = append(out,
			Array{Shape: []int{l.Out, l.In}, Data: append([]float64(nil), l.W...)},
			Array{Shape: []int{l.Out}, Data: append([]float64(nil), l.B...)})
	}
	return out
}

// SetParamArrays copies arrays in the order of ParamArrays into the model,
// checking every shape.
func (m *MLP) SetParamArrays(arrays []Array) error {
	if len(arrays) != 2*len(m.layers) {
		return fmt.Errorf("nn: got %d arrays, model %v needs %d (weight and bias per layer)", len(arrays), m.spec, 2*len(m.layers))
	}
	for li, l := range m.layers {
		w, b := arrays[2*li], arrays[2*li+1]
		if len(w.Shape) != 2 || w.Shape[0] != l.Out || w.Shape[1] != l.In || len(w.Data) != l.Out*l.In {
			return fmt.Errorf("nn: layer %d weight has shape %v, want [%d %d]", li, w.Shape, l.Out, l.In)
		}
		if len(b.Shape) != 1 || b.Shape[0] != l.Out || len(b.Data) != l.Out {
			return fmt.Errorf("nn: layer %d bias has shape %v, want [%d]", li, b.Shape, l.Out)
		}
	}
	for li, l := range m.layers {
		copy(l.W, arrays[2*li].Data)
		copy(l.B, arrays[2*li+1].Data)
	}
	return nil
}
