package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/arcoat/zeiss/zeiss/furnace"
)

// Record is one experiment record: a training or evaluation run with its
// parameters, seed, data and code identity, and results. Records are
// appended to a JSON-lines log and never rewritten.
type Record struct {
	// Command is the run's kind, e.g. "train" or "evaluate".
	Command string `json:"command"`
	// Data is the path of the data file as given, DataSHA256 the SHA-256 of
	// its bytes (hex).
	Data       string `json:"data"`
	DataSHA256 string `json:"data_sha256"`
	// CodeVersion identifies the code (see CodeVersion).
	CodeVersion string `json:"code_version"`
	// Seed is the random seed of the run.
	Seed uint64 `json:"seed"`
	// Params are the run's parameters.
	Params any `json:"params,omitempty"`
	// Metrics are the run's results.
	Metrics any `json:"metrics,omitempty"`
}

// DefaultRecordsPath is the experiment log, relative to the module root.
const DefaultRecordsPath = "data/experiments.jsonl"

// AppendRecord appends r as one JSON line to the file path (created, with
// its directory, when missing). The line is written with a single append
// write and synced; existing lines are never touched.
func AppendRecord(path string, r Record) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("model: experiment record: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("model: experiment record: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("model: experiment record: %w", err)
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("model: experiment record %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("model: experiment record %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("model: experiment record %s: %w", path, err)
	}
	return nil
}

// ReadRecords reads every record of the JSON-lines log path.
func ReadRecords(path string) ([]json.RawMessage, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	var out []json.RawMessage
	for i, line := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if !json.Valid(line) {
			return nil, fmt.Errorf("model: %s:%d: not a JSON record", path, i+1)
		}
		out = append(out, json.RawMessage(bytes.Clone(line)))
	}
	return out, nil
}

// FileSHA256 returns the hex SHA-256 of the file's bytes.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("model: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("model: hashing %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// CodeVersion returns a git-describe-like identity of the running binary
// from its build information: the first 12 hex digits of the VCS revision,
// "-dirty" when the tree had local changes. When the binary carries no VCS
// information (go run, go test, -buildvcs=false) it falls back to the commit
// checked out in the module's git directory, suffixed "-src" because local
// changes cannot be seen that way; "unknown" when neither is available.
func CodeVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		if head := gitHead(); head != "" {
			return head
		}
		return "unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}

// gitHead returns the first 12 hex digits of the commit checked out in the
// git directory of the enclosing module, plus "-src", or "" when there is
// none. It reads .git/HEAD and the ref it names (loose or packed).
func gitHead() string {
	root, err := furnace.ModuleRoot()
	if err != nil {
		return ""
	}
	gitDir := filepath.Join(root, ".git")
	head, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return ""
	}
	rev := strings.TrimSpace(string(head))
	if ref, ok := strings.CutPrefix(rev, "ref: "); ok {
		rev = ""
		if b, err := os.ReadFile(filepath.Join(gitDir, filepath.FromSlash(ref))); err == nil {
			rev = strings.TrimSpace(string(b))
		} else if packed, err := os.ReadFile(filepath.Join(gitDir, "packed-refs")); err == nil {
			for _, line := range strings.Split(string(packed), "\n") {
				if h, name, ok := strings.Cut(strings.TrimSpace(line), " "); ok && name == ref {
					rev = h
				}
			}
		}
	}
	if len(rev) < 12 || strings.Trim(rev, "0123456789abcdef") != "" {
		return ""
	}
	return rev[:12] + "-src"
}
