package furnace

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// RealDataEnv is the environment variable that overrides the location of the
// real production data directory.
const RealDataEnv = "ZEISS_REALDATA"

// RealDataFile is the main furnace table of the real production data; its
// presence identifies the real-data directory.
const RealDataFile = "furnaces_2021H1.csv"

// ModuleRoot returns the directory holding go.mod, found by walking up from
// the working directory.
func ModuleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("furnace: module root: %w", err)
	}
	dir := wd
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("furnace: no go.mod in %s or any parent directory", wd)
		}
		dir = parent
	}
}

// RealDataDir returns the directory of the real production data: the value
// of $ZEISS_REALDATA when set (it must be a directory), otherwise
// <module root>/../shared/realdata when that directory exists and holds
// furnaces_2021H1.csv. The error says what was looked for and how to set
// ZEISS_REALDATA; tests skip on it.
func RealDataDir() (string, error) {
	if env := os.Getenv(RealDataEnv); env != "" {
		abs, err := filepath.Abs(env)
		if err != nil {
			return "", fmt.Errorf("furnace: $%s=%q: %w", RealDataEnv, env, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return "", fmt.Errorf("furnace: real data directory $%s=%q: %w", RealDataEnv, env, err)
		}
		if !fi.IsDir() {
			return "", fmt.Errorf("furnace: real data directory $%s=%q is not a directory", RealDataEnv, env)
		}
		return abs, nil
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", fmt.Errorf("furnace: real data not found (set $%s to the directory holding %s): %w",
			RealDataEnv, RealDataFile, err)
	}
	dir := filepath.Clean(filepath.Join(root, "..", "shared", "realdata"))
	fi, err := os.Stat(filepath.Join(dir, RealDataFile))
	if err != nil || fi.IsDir() {
		if err == nil {
			err = errors.New("is a directory")
		}
		return "", fmt.Errorf("furnace: real data not found: looked for %s (module root %s): %w; set $%s to the directory holding %s",
			filepath.Join(dir, RealDataFile), root, err, RealDataEnv, RealDataFile)
	}
	return dir, nil
}
