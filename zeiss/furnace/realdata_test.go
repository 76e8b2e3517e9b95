package furnace

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestModuleRoot(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("ModuleRoot %s has no go.mod: %v", root, err)
	}
}

func TestRealDataDirEnv(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(RealDataEnv, dir)
	got, err := RealDataDir()
	if err != nil {
		t.Fatal(err)
	}
	if got != dir {
		t.Errorf("RealDataDir = %q, want %q", got, dir)
	}
	t.Setenv(RealDataEnv, filepath.Join(dir, "missing"))
	if _, err := RealDataDir(); err == nil || !strings.Contains(err.Error(), RealDataEnv) {
		t.Errorf("missing $%s dir: err = %v", RealDataEnv, err)
	}
}

func TestRealDataDirDefault(t *testing.T) {
	t.Setenv(RealDataEnv, "")
	dir, err := RealDataDir()
	if err != nil {
		if !strings.Contains(err.Error(), RealDataEnv) || !strings.Contains(err.Error(), RealDataFile) {
			t.Errorf("error does not explain what was looked for: %v", err)
		}
		t.Skip(err)
	}
	if !filepath.IsAbs(dir) || filepath.Base(dir) != "realdata" {
		t.Errorf("RealDataDir = %q", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, RealDataFile)); err != nil {
		t.Error(err)
	}
}
